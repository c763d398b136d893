"""What the navigation shows of the evaluation process: how much waits for the user (我的待办)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from evaluations.selectors.worklist import worklist_counts


def worklist(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # One query, run only when a page renders the navigation.
    return {"nav_worklist": SimpleLazyObject(lambda: worklist_counts(user))}
