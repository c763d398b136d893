"""The OpenAPI schema documents every error an operation answers with, and its body: 401 on every operation;
403 where a role may be refused; 404 for an id in the path or the query, or a page beyond the last; 400 where a
query parameter or a body can be wrong; 409 stays declared by the operations that check a version."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema

from orgs.api.errors import DetailSerializer, ErrorsSerializer

ERROR_DESCRIPTIONS = {
    "400": _("Bad input: a message per query parameter, field or item; nothing was changed."),
    "401": _("Not signed in, or the token is unknown."),
    "403": _("Your role may not do this here."),
    "404": _("No such object in your scope, or a page beyond the last."),
    "409": _("Changed by someone else since the version you sent; nothing was changed."),
}
ERROR_BODIES = {
    "400": ErrorsSerializer,
    "401": DetailSerializer,
    "403": DetailSerializer,
    "404": DetailSerializer,
    "409": ErrorsSerializer,
}


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema with the error responses of the house added to each operation."""

    def _error_codes(self) -> list[str]:
        codes = ["401"]
        in_query = any(parameter["in"] == "query" for parameter in self._get_parameters())
        if self.method != "GET" or in_query:
            codes.append("400")
        if self.method != "GET" or in_query or self._is_list_view() or "{" in self.path:
            codes += ["403", "404"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
        for code, response in responses.items():
            # An error declared by its description only gets the body of its shape.
            if code in ERROR_BODIES and "content" not in response:
                body = self._get_response_for_code(ERROR_BODIES[code], code, direction=direction)
                responses[code] = {**body, "description": response["description"] or ERROR_DESCRIPTIONS[code]}
        return responses
