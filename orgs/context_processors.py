"""What the navigation shows: only the entries the user may open, and how much waits for the user."""

from django.http import HttpRequest

from orgs.permissions import Capability, has_capability


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_can_view_members": has_capability(user, Capability.VIEW_MEMBERS),
        "nav_can_import": has_capability(user, Capability.IMPORT_ROSTER),
        "nav_can_view_campaigns": has_capability(user, Capability.VIEW_EVALUATIONS),
    }
