"""The history page shows each quarter's place of the secretary among the street's secretaries (Jinyuan quarterly
scoring feeding the annual assessment), as a table and a chart."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import Campaign, PeriodKind
from evaluations.selectors.secretary_star_history import secretary_star_history
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from orgs.models import Level, Organization
from scoring.services import template_load
from tests.factories import SecretaryFactory, add_org
from tests.support.evaluations import full_marks, open_community_campaign, save_scores
from tests.support.scoring import TEMPLATES_DIR

pytestmark = pytest.mark.django_db


def test_the_history_shows_the_secretarys_place_in_the_street_each_quarter(district, login):
    add_org(
        district.street, "C0103", "东城第三社区党委", Level.COMMUNITY, domain="urban_community", org_type="community"
    )
    secretaries = {
        community.code: SecretaryFactory(organization=community, name=f"{community.name[:4]}书记")
        for community in Organization.objects.filter(level=Level.COMMUNITY)
    }
    template = template_load(
        source_yaml=(TEMPLATES_DIR / "jinyuan_secretary_quarterly.yaml").read_text(encoding="utf-8"), by=None
    )
    campaign = open_community_campaign(district, template=template)
    Campaign.objects.filter(pk=campaign.pk).update(period_kind=PeriodKind.QUARTER, period_number=2)
    for evaluation in campaign.evaluations.select_related("organization"):
        taken = {"C0101": 10, "C0102": 0, "C0103": 5}.get(evaluation.organization.code, 0)
        marks = full_marks(template, except_dimensions={"Q1": Decimal(taken)})
        save_scores(evaluation, marks | {"Q6.6": "0", "Q8.6": "0"})
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    secretary = secretaries["C0101"]
    (place,) = secretary_star_history(secretary).quarters
    assert (place.quarter, place.rank, place.group_size, place.behind) == (2, 3, 3, True)
    page = login(district.users["street_staff"]).get(reverse("evaluations:secretary_star_history", args=[secretary.pk]))
    html = page.content.decode()
    assert "3/3" in html and "排名靠后，已提醒督促" in html and "<polyline" in html
