"""What the navigation shows of the evaluation process: how much waits for the user (我的待办) and whether the
satisfaction surveys are theirs to see (street and district roles) or to vote in (a party member's account), and whether
the district's overview is (street and district roles)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from evaluations.selectors.dashboard import progress_paths_for
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
        # The district's overview: for those who watch a street's or the district's progress.
        "nav_sees_overview": SimpleLazyObject(lambda: progress_paths_for(user) != []),
    }
