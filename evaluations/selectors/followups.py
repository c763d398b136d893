"""Follow-ups of final pioneer-index grades, scoped: the branch sees its own, the street and the district theirs."""

from django.db.models import QuerySet

from evaluations.models import FollowUp, FollowUpKind
from orgs.models import User
from orgs.permissions import Capability, subtree_condition


def follow_ups_visible_to(user: User) -> QuerySet:
    """The follow-ups of the branches in the user's subtrees (the branch, and every level above it)."""
    condition = subtree_condition(user, Capability.VIEW_EVALUATIONS, "branch__path")
    follow_ups = FollowUp.objects.all()
    if condition is not None:
        follow_ups = follow_ups.filter(condition)
    return follow_ups.select_related("member", "branch", "helper", "campaign")


def honours_priority(user: User) -> QuerySet:
    """Seed 004: excellent members come first when recommending for higher honours; the district's list ranks
    them by final points (highest first), then by name."""
    return (
        follow_ups_visible_to(user)
        .filter(kind=FollowUpKind.COMMENDATION)
        .order_by("-campaign__year", "-final_points", "member__name", "pk")
    )
