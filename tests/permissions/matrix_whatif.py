"""Policy what-ifs: the district organization department tries a template's numbers on its campaign and adopts
them; whoever else sees the campaign is refused (403), the member and nobody find nothing (404)."""

from evaluations.services.whatif import policy_what_if_run, what_if_next_version
from tests.permissions.expectations import (
    API_ANONYMOUS,
    LOGGED_IN,
    OUTSIDE_OF_DRAFT,
    Case,
    district_admin_on_campaign,
    district_admin_only,
    everyone,
    only,
    pk_of,
)
from tests.support.whatif import draft_form, rule_set_form, rule_set_what_if_of, what_if_of


def _run(district, attribute: str, threshold: str):
    """A finished run; the page's and the API's drafts differ, or adopting the second would change nothing."""
    if not hasattr(district, attribute):
        what_if = what_if_of(district, district.campaign, threshold=threshold)
        policy_what_if_run(what_if_id=what_if.pk)
        setattr(district, attribute, what_if)
    return getattr(district, attribute)


def page_what_if(district):
    return _run(district, "what_if", "19")


def api_what_if(district):
    return _run(district, "api_what_if", "19.5")


def _template(district) -> dict:
    return {"pk": district.campaign.template.pk}


def _draft(district) -> dict:
    return dict(draft_form(district, district.campaign, district.users["district_admin"], threshold="19").data)


def _api_draft(district) -> dict:
    return {"template": district.campaign.template.pk, "campaign": district.campaign.pk, "settings.threshold": "19"}


def _rule_set(district):
    from scoring.models import ConsequenceRuleSet
    from tests.support.consequences import rule_sets_loaded

    if not hasattr(district, "rule_set"):
        rule_sets_loaded("yucheng_3plus2")
        district.rule_set = ConsequenceRuleSet.objects.get(code="yucheng_3plus2", is_active=True)
    return district.rule_set


def rule_set_run(district):
    """A finished run of a rule set's draft over the district."""
    if not hasattr(district, "rule_set_what_if"):
        what_if = rule_set_what_if_of(district, _rule_set(district), Y2_times="3")
        policy_what_if_run(what_if_id=what_if.pk)
        district.rule_set_what_if = what_if
    return district.rule_set_what_if


def _rule_set_draft(district) -> dict:
    return dict(rule_set_form(_rule_set(district), district.users["district_admin"], Y2_times="4").data)


def _rule_set_adopt(district) -> dict:
    from evaluations.services.whatif_rule_sets import rule_set_next_version

    return {"version": str(rule_set_next_version(rule_set_run(district)))}


def _adopt(builder):
    return lambda district: {"version": str(what_if_next_version(builder(district)))}


DISTRICT_ADMIN = ["district_admin", "superuser"]

CASES = {
    "evaluations:what_if_list": [Case(expected=district_admin_only())],
    "evaluations:what_if_new": [
        Case(kwargs=_template, expected=district_admin_only()),
        Case(method="post", kwargs=_template, data=_draft, expected=district_admin_only(ok=302)),
    ],
    "evaluations:what_if_detail": [Case(kwargs=pk_of(page_what_if), expected=district_admin_on_campaign())],
    "evaluations:what_if_export": [Case(kwargs=pk_of(page_what_if), expected=district_admin_on_campaign())],
    "evaluations:what_if_adopt": [
        Case(
            method="post",
            kwargs=pk_of(page_what_if),
            data=_adopt(page_what_if),
            expected=district_admin_on_campaign(ok=302),
        )
    ],
    "evaluations:rule_set_what_if_new": [
        Case(kwargs=pk_of(_rule_set), expected=district_admin_only()),
        Case(method="post", kwargs=pk_of(_rule_set), data=_rule_set_draft, expected=district_admin_only(ok=302)),
    ],
    # The run read the whole district: below it nobody finds it.
    "evaluations:rule_set_what_if_detail": [
        Case(kwargs=pk_of(rule_set_run), expected=district_admin_only(out_of_scope=OUTSIDE_OF_DRAFT))
    ],
    "evaluations:rule_set_what_if_export": [
        Case(kwargs=pk_of(rule_set_run), expected=district_admin_only(out_of_scope=OUTSIDE_OF_DRAFT))
    ],
    "evaluations:rule_set_what_if_adopt": [
        Case(
            method="post",
            kwargs=pk_of(rule_set_run),
            data=_rule_set_adopt,
            expected=district_admin_only(out_of_scope=OUTSIDE_OF_DRAFT, ok=302),
        )
    ],
    "api-what-if-list": [
        Case(expected=everyone(200, anonymous=API_ANONYMOUS)),
        Case(method="post", data=_api_draft, expected=district_admin_only(ok=201, anonymous=API_ANONYMOUS)),
    ],
    "api-what-if-detail": [
        Case(
            kwargs=pk_of(api_what_if),
            expected=only(
                DISTRICT_ADMIN,
                out_of_scope=[role for role in LOGGED_IN if role not in DISTRICT_ADMIN],
                anonymous=API_ANONYMOUS,
            ),
        )
    ],
    "api-what-if-adopt": [
        Case(
            method="post",
            kwargs=pk_of(api_what_if),
            data=_adopt(api_what_if),
            expected=district_admin_on_campaign(anonymous=API_ANONYMOUS),
        )
    ],
}
