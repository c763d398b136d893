"""Follow-up per final pioneer-index grade: the list and the honours export (each role in its own scope), a
follow-up of the community's branch (seen by whoever sees the community; kept by the branch's administrators and
the street above), and the API."""

from evaluations.models import FollowUp
from orgs.models import Member
from tests.permissions.expectations import (
    API_ANONYMOUS,
    OUTSIDE_OF_COMMUNITY,
    SELF_ASSESSORS,
    Case,
    community_scope,
    everyone,
    only,
    pk_of,
)
from tests.support.followups import graded_campaign

# Who keeps a follow-up of the branch: its administrators (the community's, above it) and the street's staff.
KEEPERS = [*SELF_ASSESSORS, "street_staff"]


def paired_help(district) -> FollowUp:
    """The paired help of 钱七, basically qualified in the branch of the community."""
    if not hasattr(district, "paired_help"):
        graded_campaign(district)
        district.paired_help = FollowUp.objects.get(member__name="钱七")
    return district.paired_help


def _pair(district) -> dict:
    helper = Member.objects.get(branch=district.branch, name="赵六")
    return {"action": "pair", "helper": str(helper.pk), "plan": "每月谈心一次"}


CASES = {
    "evaluations:follow_up_list": [Case(expected=everyone(200))],
    "evaluations:follow_up_detail": [
        Case(kwargs=pk_of(paired_help), expected=community_scope()),
        Case(
            method="post",
            kwargs=pk_of(paired_help),
            data=_pair,
            expected=only(KEEPERS, out_of_scope=OUTSIDE_OF_COMMUNITY, ok=302),
        ),
    ],
    "evaluations:honours_priority_export": [Case(expected=everyone(200))],
    "api-follow-up-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-follow-up-detail": [Case(kwargs=pk_of(paired_help), expected=community_scope(anonymous=API_ANONYMOUS))],
}
