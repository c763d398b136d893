"""What the navigation shows of the evaluation process: how much waits for the user (我的待办) and whether the
satisfaction surveys are theirs to see (street and district roles) or to vote in (a party member's account)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from evaluations.selectors.worklist import worklist_counts
from orgs.permissions import Capability, has_capability


def worklist(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # One query, run only when a page renders the navigation.
    return {
        "nav_worklist": SimpleLazyObject(lambda: worklist_counts(user)),
        "nav_can_view_surveys": bool(user.member_id) or has_capability(user, Capability.VIEW_SURVEY_RESULTS),
    }
