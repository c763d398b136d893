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
