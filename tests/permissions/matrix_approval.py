"""The recommended list: the district organization department builds it, the committee approves it; on the pages
and through the API."""

from tests.permissions.expectations import (
    API_ANONYMOUS,
    Case,
    approver_only,
    district_admin_on_campaign,
    everyone,
    pk_of,
    ranking_roles,
)
from tests.permissions.objects import approval_campaign, approval_entry, approval_penalty, recommended_list

CAMPAIGN = pk_of(approval_campaign)

# The actions on the list through the API send a stale version: a role allowed to act reaches the service and is
# told the list changed (409), whatever the page cases before did to the list.
STALE_VERSION = {"version": 10**6}


def _stale_action(expected, **data) -> Case:
    """An action on the recommended list through the API, sent with a stale version."""
    return Case(method="post", kwargs=pk_of(recommended_list), data={**STALE_VERSION, **data}, expected=expected)


CASES = {
    "evaluations:recommended_list": [Case(kwargs=CAMPAIGN, expected=ranking_roles())],
    "evaluations:recommended_list_build": [
        Case(method="post", kwargs=CAMPAIGN, expected=district_admin_on_campaign(ok=302))
    ],
    "evaluations:recommended_entry_stars": [
        Case(
            method="post",
            kwargs=pk_of(approval_entry),
            data={"stars": "4", "note": "降星"},
            expected=district_admin_on_campaign(ok=302),
        )
    ],
    # A stale version: a role allowed to act reaches the service, is told the batch changed, and nothing is removed.
    "evaluations:recommended_entry_remove": [
        Case(
            method="post",
            kwargs=pk_of(approval_entry),
            data=STALE_VERSION,
            expected=district_admin_on_campaign(ok=302),
        )
    ],
    # Without a reason: a role allowed to act reaches the service and is refused; nothing is withdrawn.
    "evaluations:evaluation_withdraw": [
        Case(
            method="post",
            kwargs=CAMPAIGN,
            data=lambda district: {"evaluation": approval_entry(district).evaluation_id, "reason": ""},
            expected=district_admin_on_campaign(ok=302),
        )
    ],
    "evaluations:five_star_cap_set": [
        Case(method="post", kwargs=CAMPAIGN, data={"five_star_cap": "100"}, expected=district_admin_on_campaign(ok=302))
    ],
    "evaluations:quota_penalty_set": [
        Case(
            method="post",
            kwargs=CAMPAIGN,
            data={"street": "0", "points": "4", "reason": "靠后"},
            expected=district_admin_on_campaign(ok=302),
        )
    ],
    "evaluations:quota_penalty_delete": [
        Case(method="post", kwargs=pk_of(approval_penalty), expected=district_admin_on_campaign(ok=302))
    ],
    "evaluations:recommended_list_submit": [
        Case(method="post", kwargs=CAMPAIGN, expected=district_admin_on_campaign(ok=302))
    ],
    "evaluations:recommended_list_withdraw": [
        Case(method="post", kwargs=CAMPAIGN, data={"reason": "补充材料"}, expected=ranking_roles(ok=302))
    ],
    "evaluations:recommended_list_approve": [Case(method="post", kwargs=CAMPAIGN, expected=approver_only(ok=302))],
    # API
    "api-recommended-list-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-recommended-list-detail": [
        Case(kwargs=pk_of(recommended_list), expected=ranking_roles(anonymous=API_ANONYMOUS))
    ],
    "api-recommended-list-build": [
        Case(
            method="post",
            data=lambda district: {"campaign": approval_campaign(district).pk, **STALE_VERSION},
            expected=district_admin_on_campaign(anonymous=API_ANONYMOUS, ok=409),
        )
    ],
    "api-recommended-list-submit": [_stale_action(district_admin_on_campaign(anonymous=API_ANONYMOUS, ok=409))],
    "api-recommended-list-withdraw": [
        _stale_action(ranking_roles(anonymous=API_ANONYMOUS, ok=409), reason="补充材料"),
    ],
    "api-recommended-list-approve": [_stale_action(approver_only(anonymous=API_ANONYMOUS, ok=409))],
}
