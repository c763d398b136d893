"""What the navigation shows: only the entries the user may open, and how much waits for the user."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from orgs.permissions import Capability, has_capability


def _worklist_counts(user):
    # The work list belongs to the evaluation process; imported here only to count it for the navigation.
    from evaluations.worklist import worklist_counts

    return worklist_counts(user)


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_can_view_members": has_capability(user, Capability.VIEW_MEMBERS),
        "nav_can_import": has_capability(user, Capability.IMPORT_ROSTER),
        "nav_can_view_campaigns": has_capability(user, Capability.VIEW_EVALUATIONS),
        # One query, run only when a page renders the navigation.
        "nav_worklist": SimpleLazyObject(lambda: _worklist_counts(user)),
    }
