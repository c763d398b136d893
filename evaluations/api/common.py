"""What the process endpoints share: the scope of a list, a service's refusal (or a page form's problems) as
per-field messages, the secretary a multipart form names, the evidence files, the ``evaluation`` query parameter and
the help of the enums declared in one component only."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.response import Response

from evaluations.permissions import get_secretary_for_user
from orgs.api.filters import id_query_parameter
from orgs.models import User
from orgs.permissions import Capability, subtree_condition


def held_anywhere(user: User, capabilities: tuple[Capability, ...], field: str) -> Q | None:
    """Objects whose organization path lies in a subtree where the user holds one of the capabilities;
    None for no restriction (a superuser)."""
    condition = Q(pk__in=[])
    for capability in capabilities:
        held = subtree_condition(user, capability, field)
        if held is None:
            return None
        condition |= held
    return condition


def errors_of(error: ValidationError, field: str) -> dict[str, str]:
    """A service's refusal as one message per field; a message about no field goes under ``field``."""
    if hasattr(error, "error_dict"):
        return {
            (field if name == "__all__" else name): " ".join(messages) for name, messages in error.message_dict.items()
        }
    return {field: " ".join(error.messages)}


def invalid(entry: serializers.Serializer) -> Response:
    errors = {name: " ".join(str(message) for message in messages) for name, messages in entry.errors.items()}
    return Response({"errors": errors}, status.HTTP_400_BAD_REQUEST)


def step_taken(entry: serializers.Serializer, act, field: str) -> Response | None:
    """One step over the API: the entry parsed (400 with its problems), then taken by ``act`` with the parsed data
    (a service's refusal 400 with its message on ``field``; the other side's 403 comes from the service). None once
    the step is taken: the caller answers with the object as it now stands."""
    if not entry.is_valid():
        return invalid(entry)
    try:
        act(entry.validated_data)
    except ValidationError as refusal:
        return Response({"errors": errors_of(refusal, field)}, status.HTTP_400_BAD_REQUEST)
    return None


EVALUATION_PARAMETER = id_query_parameter("evaluation", gettext_lazy("Only this evaluation's items."))

# An enum shared by two components needs a name in settings.ENUM_NAME_OVERRIDES (the stages' ``kind`` and the
# other ``status`` fields are other enums): each enum here is declared in one component, a plain string elsewhere.
KIND_HELP = gettext_lazy("One of no_objection, concern, veto.")
STATUS_HELP = gettext_lazy("One of draft, submitted, approved.")


def form_invalid(form) -> Response:
    """A page form's problems, one message per field, as the API's 400."""
    errors = {name: " ".join(str(message) for message in messages) for name, messages in form.errors.items()}
    return Response({"errors": errors}, status.HTTP_400_BAD_REQUEST)


def form_secretary(user: User, form, capability: Capability):
    """The secretary's tenure a posted form names, through its door (out of scope 404, not allowed 403, audited)
    before the rest of the form is judged; None when the form names none."""
    form.is_valid()
    pk = form.cleaned_data.get("secretary")
    return None if pk is None else get_secretary_for_user(user, pk, capability)


class EvidenceUpload(serializers.Serializer):
    """The evidence files of a multipart request: PDF, JPG, PNG or DOCX, at most 10 MB each."""

    evidence = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text=gettext_lazy(
            "Evidence files (PDF, JPG, PNG or DOCX, at most 10 MB each); repeat the field per file."
        ),
    )
