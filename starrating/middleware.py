"""Requests the database could not store: a NUL character in the address or a query parameter.

PostgreSQL refuses NUL in text, so a NUL in a search (``?q=%00``) reached the query and failed with a server
error. It is refused here, once for every page and API route, with a 400 naming the parameter. Posted form and
JSON fields are left to their fields, which refuse NUL (Django's and DRF's CharField validators) with the message
beside the field and the rest of what was typed kept: a score sheet is not lost for one bad note. (Django drops
unprintable characters from uploaded files' names itself.)
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

NUL = "\x00"
# Django's and DRF's CharField refuse NUL in a form or JSON field with this message: the catalogue words it.
FIELD_MESSAGE = gettext_noop("Null characters are not allowed.")


def nul_refusal(request: HttpRequest) -> tuple[str, str] | None:
    """Where the request carries a NUL character ("path" or the query parameter's name) and the message naming it,
    or None when it carries none."""
    if NUL in request.path:
        return "path", _("The address contains a NUL character, which is not allowed.")
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            field = name.replace(NUL, "")
            message = _("The search or form item “%(field)s” contains a NUL character: remove it and try again.")
            return field, message % {"field": field}
    return None


class RefuseNulMiddleware:
    """Answer 400 (JSON under /api/, a page elsewhere) to any request with a NUL character in its address or query."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = nul_refusal(request)
        if refusal is None:
            return self.get_response(request)
        where, message = refusal
        if request.path.startswith("/api/"):
            # The API's documented shape for bad input: one message per query parameter.
            return JsonResponse({"errors": {where: message}}, status=400, json_dumps_params={"ensure_ascii": False})
        return render(request, "bad_request.html", {"message": message}, status=400)
