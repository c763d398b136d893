"""Pioneer index (先锋指数): the member's own pages (nobody else's, not even the district's), the branch's pages for
the branch committee (the district and street read them), making grades final for the street, the public page."""

from django.utils import timezone

from evaluations.models import Evaluation, PioneerResult
from tests.permissions.expectations import (
    API_ANONYMOUS,
    COMMUNITY_READERS,
    LOGGED_IN,
    OUTSIDE_OF_COMMUNITY,
    OUTSIDE_OF_STREET,
    SELF_ASSESSORS,
    Case,
    everyone,
    only,
    public,
    street_and_up,
)
from tests.support.pioneer import open_pioneer_campaign


def pioneer_campaign(district):
    """A pioneer index campaign over the street: the test member 张三 is rated in the branch."""
    if not hasattr(district, "pioneer_campaign"):
        district.pioneer_campaign = open_pioneer_campaign(district)
    return district.pioneer_campaign


def pioneer_result(district):
    """张三's grade, computed and not yet final: the member does not see it through the API."""
    if not hasattr(district, "pioneer_result"):
        evaluation = Evaluation.objects.get(campaign=pioneer_campaign(district), member=district.member)
        district.pioneer_result = PioneerResult.objects.create(
            evaluation=evaluation, final_points="91.50", grade="excellent", computed_at=timezone.now()
        )
    return district.pioneer_result


def _own_evaluation(district):
    campaign = pioneer_campaign(district)
    return {"pk": Evaluation.objects.get(campaign=campaign, member=district.member).pk}


def _branch(district):
    return {"pk": pioneer_campaign(district).pk, "branch_pk": district.branch.pk}


def _campaign(district):
    return {"pk": pioneer_campaign(district).pk}


def _street(district):
    return {"pk": pioneer_campaign(district).pk, "street_pk": district.street.pk}


def _publicity(district):
    return {"campaign_id": pioneer_campaign(district).pk, "street_code": district.street.code}


# Only the member themself: everyone else does not find it.
OWN = only(["member"], out_of_scope=[role for role in LOGGED_IN if role != "member"])

CASES = {
    "evaluations:pioneer_mine": [Case(expected=everyone(200))],
    "evaluations:pioneer_self_evaluation": [
        Case(kwargs=_own_evaluation, expected=OWN),
        # An empty submission: the member is told which items lack points, nothing is stored.
        Case(method="post", kwargs=_own_evaluation, data={"action": "submit"}, expected={**OWN, "member": 400}),
    ],
    "evaluations:pioneer_my_grade": [Case(kwargs=_own_evaluation, expected=OWN)],
    "evaluations:pioneer_review": [
        Case(kwargs=_own_evaluation, expected=only(SELF_ASSESSORS, out_of_scope=OUTSIDE_OF_COMMUNITY))
    ],
    "evaluations:pioneer_branch": [
        Case(kwargs=_branch, expected=only(COMMUNITY_READERS, out_of_scope=OUTSIDE_OF_COMMUNITY))
    ],
    # Without the confirmation box: sent back with the message, nothing moves.
    "evaluations:pioneer_branch_advance": [
        Case(method="post", kwargs=_branch, expected=only(SELF_ASSESSORS, out_of_scope=OUTSIDE_OF_COMMUNITY, ok=302))
    ],
    "evaluations:pioneer_results": [
        Case(kwargs=_campaign, expected=only(COMMUNITY_READERS, out_of_scope=OUTSIDE_OF_COMMUNITY))
    ],
    "evaluations:pioneer_results_export": [
        Case(kwargs=_campaign, expected=only(COMMUNITY_READERS, out_of_scope=OUTSIDE_OF_COMMUNITY))
    ],
    "evaluations:pioneer_finalize": [
        Case(method="post", kwargs=_street, expected=street_and_up(out_of_scope=OUTSIDE_OF_STREET, ok=302))
    ],
    # API: the list is everyone's own view of their scope; the detail of 张三's grade, proposed during the publicity.
    "api-pioneer-result-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-pioneer-result-detail": [
        Case(
            kwargs=lambda d: {"pk": pioneer_result(d).pk},
            expected=only(COMMUNITY_READERS, out_of_scope=OUTSIDE_OF_COMMUNITY, anonymous=API_ANONYMOUS),
        )
    ],
    "evaluations:pioneer_publicity": [
        Case(kwargs=_publicity, expected=public(200)),
        Case(
            kwargs=lambda d: {"campaign_id": pioneer_campaign(d).pk, "street_code": d.community.code},
            expected=public(404),
        ),
    ],
}
