"""Requests the database could not store: a NUL character in the address, a query parameter or a form field.

PostgreSQL refuses NUL in text, so a NUL typed into a search box (``?q=%00``) or a form reached the query and
failed with a server error. It is refused here, once for every page and API route, with a 400 naming the
parameter; form and serializer fields refuse it as well (Django's and DRF's CharField validators).
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

NUL = "\x00"
# Django's and DRF's CharField refuse NUL in a form or JSON field with this message: the catalogue words it.
FIELD_MESSAGE = gettext_noop("Null characters are not allowed.")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def nul_refusal(request: HttpRequest) -> str | None:
    """The message naming where the request carries a NUL character, or None when it carries none."""
    if NUL in request.path:
        return _("The address contains a NUL character, which is not allowed.")
    sources = [request.GET]
    if request.content_type in FORM_CONTENT_TYPES:
        sources += [request.POST, request.FILES]
    for source in sources:
        for name, values in source.lists():
            texts = [getattr(value, "name", value) or "" for value in values]
            if NUL in name or any(NUL in text for text in texts):
                return _("The search or form item “%(field)s” contains a NUL character: remove it and try again.") % {
                    "field": name.replace(NUL, "")
                }
    return None


class RefuseNulMiddleware:
    """Answer 400 (JSON under /api/, a page elsewhere) to any request with a NUL character in a text it sends."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        message = nul_refusal(request)
        if message is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})
        return render(request, "bad_request.html", {"message": message}, status=400)
