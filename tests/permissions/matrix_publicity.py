"""Publicity: the public page needs no login; the street's pages need RUN_PUBLICITY over the street; objections
are answered by the street, on the page and through the API."""

from tests.permissions.expectations import (
    API_ANONYMOUS,
    OUTSIDE_OF_STREET,
    Case,
    community_scope,
    everyone,
    pk_of,
    public,
    street_and_up,
)
from tests.permissions.objects import objection


def _street_of_campaign(district):
    return {"campaign_id": district.campaign.pk, "street_code": district.street.code}


CASES = {
    "evaluations:publicity_public": [
        Case(kwargs=_street_of_campaign, expected=public(200)),
        # A community's code is no street's.
        Case(kwargs=lambda d: {"campaign_id": d.campaign.pk, "street_code": d.community.code}, expected=public(404)),
    ],
    "evaluations:publicity_manage": [
        Case(kwargs=_street_of_campaign, expected=street_and_up(out_of_scope=OUTSIDE_OF_STREET))
    ],
    "evaluations:publicity_notice": [
        Case(kwargs=_street_of_campaign, expected=street_and_up(out_of_scope=OUTSIDE_OF_STREET))
    ],
    "evaluations:publicity_close": [
        Case(method="post", kwargs=_street_of_campaign, expected=street_and_up(out_of_scope=OUTSIDE_OF_STREET, ok=302))
    ],
    # An empty answer: allowed roles are sent back with the message, nothing changes.
    "evaluations:objection_answer": [Case(method="post", kwargs=pk_of(objection), expected=street_and_up(ok=302))],
    # API
    "api-objection-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-objection-detail": [Case(kwargs=pk_of(objection), expected=community_scope(anonymous=API_ANONYMOUS))],
    "api-objection-answer": [
        Case(
            method="post",
            kwargs=pk_of(objection),
            data={"answer": "经核实，材料齐全。"},
            expected=street_and_up(anonymous=API_ANONYMOUS),
        )
    ],
}
