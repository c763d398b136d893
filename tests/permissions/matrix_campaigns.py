"""Campaigns and their evaluations: the lists, opening and computing, an evaluation's page, and their API."""

from tests.permissions import objects
from tests.permissions.expectations import (
    API_ANONYMOUS,
    OUTSIDE_OF_DRAFT,
    Case,
    campaign_participants,
    community_scope,
    district_admin_on_campaign,
    district_admin_only,
    district_roles_only,
    everyone,
    pk_of,
)

CASES = {
    "evaluations:campaign_list": [Case(expected=everyone(200))],
    "evaluations:campaign_create": [Case(expected=district_admin_only())],
    "evaluations:campaign_evaluations": [Case(kwargs=pk_of("campaign"), expected=campaign_participants())],
    "evaluations:campaign_open": [
        Case(
            method="post",
            kwargs=pk_of("draft_campaign"),
            expected=district_admin_only(out_of_scope=OUTSIDE_OF_DRAFT, ok=302),
        )
    ],
    "evaluations:campaign_compute": [
        Case(method="post", kwargs=pk_of("campaign"), expected=district_admin_on_campaign(ok=302))
    ],
    "evaluations:evaluation_detail": [Case(kwargs=pk_of("evaluation"), expected=community_scope())],
    # A secretary's star record: seen by whoever sees the secretary's organization.
    "evaluations:secretary_results": [Case(kwargs=pk_of(objects.secretary), expected=community_scope())],
    # API: the outsider's street takes part in the district's campaign.
    "api-campaign-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-campaign-detail": [
        Case(kwargs=pk_of("campaign"), expected=campaign_participants(anonymous=API_ANONYMOUS)),
        Case(
            kwargs=pk_of("draft_campaign"),
            expected=district_roles_only(out_of_scope=OUTSIDE_OF_DRAFT, anonymous=API_ANONYMOUS),
        ),
    ],
    "api-evaluation-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-evaluation-detail": [Case(kwargs=pk_of("evaluation"), expected=community_scope(anonymous=API_ANONYMOUS))],
}
