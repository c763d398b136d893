"""The two error shapes of the API, one for refusals and one for bad input, and the handler that gives every error
raised by the framework (a bad query parameter, a malformed JSON body, a refusal) one of them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.views import exception_handler

# Where a message about the request as a whole goes: a body that is not JSON, a list of errors about no field.
BODY = "body"


# What a caller sees, per status code (the messages are DRF's and the permission door's, in Chinese).
DETAIL_EXAMPLES = {
    "401": "身份认证信息未提供。",
    "403": "您没有执行该操作的权限。",
    "404": "未找到。",
}


@extend_schema_serializer(
    examples=[
        OpenApiExample(code, value={"detail": text}, response_only=True, status_codes=[code])
        for code, text in DETAIL_EXAMPLES.items()
    ]
)
class DetailSerializer(serializers.Serializer):
    """401, 403, 404: why the request is refused, in one sentence."""

    detail = serializers.CharField()


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "errors",
            value={"errors": {"campaign": "请填写数字编号（从 1 起的整数）。"}},
            response_only=True,
            status_codes=["400", "409"],
        )
    ]
)
class ErrorsSerializer(serializers.Serializer):
    """400 and 409: one message per query parameter, field or item code."""

    errors = serializers.DictField(
        child=serializers.CharField(),
        help_text=gettext_lazy(
            "One message per query parameter, field or item code; __all__ for the object as a whole, body for the "
            "request body as a whole."
        ),
    )
    version = serializers.IntegerField(
        required=False, help_text=gettext_lazy("The current version, on a conflict (409).")
    )


def message_texts(messages) -> list[str]:
    """The messages of one field or item, however deep a list inside a map nests them."""
    if isinstance(messages, dict):
        return [text for value in messages.values() for text in message_texts(value)]
    if isinstance(messages, list):
        return [text for value in messages for text in message_texts(value)]
    return [str(messages)]


def api_exception_handler(exc, context):
    """DRF's handler, with bad input in the ``errors`` shape: one message per parameter or field."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ParseError):
        response.data = {"errors": {BODY: _("The request body is not valid JSON; nothing was changed.")}}
    elif isinstance(exc, ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {BODY: exc.detail}
        response.data = {"errors": {name: " ".join(message_texts(messages)) for name, messages in detail.items()}}
    return response
