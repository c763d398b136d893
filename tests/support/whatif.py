"""Support for the policy what-if tests (no tests here): a campaign whose dimension A sits at 18, 18.5 and 19."""

from decimal import Decimal

from evaluations.forms.whatif import WhatIfDraftForm
from evaluations.models import PolicyWhatIf
from evaluations.selectors.whatif import campaigns_for_what_if
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from evaluations.services.whatif import policy_what_if_request
from tests.support.evaluations import evaluation_of, full_marks, save_scores

# Dimension A's points per community; B at 17 everywhere keeps every organization below five stars (and the gate).
A_POINTS = {"community": "18", "sibling_community": "18.5", "other_community": "19"}


def scored_campaign(district, campaign):
    """Scores so that raising the threshold to 19 takes A's star from the first two communities; computed."""
    for name, points in A_POINTS.items():
        lost = {"A": Decimal(20) - Decimal(points), "B": Decimal(3)}
        save_scores(
            evaluation_of(campaign, getattr(district, name)), full_marks(campaign.template, except_dimensions=lost)
        )
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    return campaign


def draft_form(district, campaign, user, **changes) -> WhatIfDraftForm:
    """The draft form as the page posts it: the current values, with ``changes`` over them."""
    template = campaign.template.as_definition()
    blank = WhatIfDraftForm(template=template, campaigns=campaigns_for_what_if(user, campaign.template))
    data = {"campaign": str(campaign.pk)}
    for name, field in blank.fields.items():
        if name in ("campaign", "source_yaml"):
            continue
        if field.initial is True:
            data[name] = "on"
        elif field.initial is not False:
            data[name] = str(field.initial)
    data |= {name: str(value) for name, value in changes.items()}
    return WhatIfDraftForm(data, template=template, campaigns=campaigns_for_what_if(user, campaign.template))


def what_if_of(district, campaign, **changes) -> PolicyWhatIf:
    """A what-if of the district admin with ``changes``, run (Celery is eager in the tests)."""
    user = district.users["district_admin"]
    form = draft_form(district, campaign, user, **changes)
    assert form.is_valid(), form.errors
    what_if = policy_what_if_request(
        template=campaign.template, campaign=campaign, draft=form.draft, edits=form.edits, by=user
    )
    return what_if


def rule_set_form(rule_set, user, **changes):
    """The rule set's draft form as the page posts it: the version in use, with ``changes`` over its fields
    (``Y2_times="3"``) and the scope the user's district."""
    from evaluations.forms.whatif_rule_sets import RuleSetWhatIfForm
    from evaluations.selectors.whatif import what_if_scopes

    scopes = what_if_scopes(user)
    blank = RuleSetWhatIfForm(rule_set=rule_set, scopes=scopes)
    data = {"scope": str(scopes.first().pk), "source_yaml": rule_set.source_yaml}
    data |= {name: str(field.initial) for name, field in blank.fields.items() if name not in data}
    data |= {name: str(value) for name, value in changes.items()}
    return RuleSetWhatIfForm(data, rule_set=rule_set, scopes=scopes)


def rule_set_what_if_of(district, rule_set, **changes) -> PolicyWhatIf:
    """A rule set's what-if of the district admin with ``changes``; run when the commit comes."""
    from evaluations.services.whatif_rule_sets import rule_set_what_if_request

    user = district.users["district_admin"]
    form = rule_set_form(rule_set, user, **changes)
    assert form.is_valid(), form.errors
    return rule_set_what_if_request(
        rule_set=rule_set, scope=form.cleaned_data["scope"], source_yaml=form.source_yaml, edits=form.edits, by=user
    )
