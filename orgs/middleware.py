"""Request-scoped helpers: the first-login password change and the current request for audits."""

from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

_current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)

# Paths a user with an initial password may still open.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")


def current_request() -> HttpRequest | None:
    return _current_request.get()


class PasswordChangeRequiredMiddleware:
    """A first login with an initial password must change it before anything else."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            user = getattr(request, "user", None)
            if (
                user is not None
                and user.is_authenticated
                and user.must_change_password
                and not request.path.startswith(_ALLOWED_PREFIXES)
            ):
                return redirect("password_change")
            return self.get_response(request)
        finally:
            _current_request.reset(token)
