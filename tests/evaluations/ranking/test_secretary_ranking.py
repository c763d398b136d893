"""Jinyuan's quarterly secretary scoring: the street's secretaries ranked high to low by their computed totals
(ties share a place), the last 20% flagged; shown on the district ranking, its Excel export and the evaluation page;
once the street has scored all of them, the flagged organizations and their street staff are reminded."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Notification
from evaluations.rules.workflow import StageKind
from evaluations.selectors.ranking import street_ranks
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from evaluations.services.reminders import reminders_send
from orgs.models import Level, Organization
from scoring.services import template_load
from tests.factories import SecretaryFactory, add_org
from tests.support.evaluations import at_stage, evaluation_of, full_marks, open_community_campaign, save_scores
from tests.support.scoring import TEMPLATES_DIR

pytestmark = pytest.mark.django_db

# Points taken off each community of the first street: 85 and 85 tie, the community itself is last of five.
TAKEN = {"C0103": 0, "C0102": 5, "C0104": 5, "C0105": 12, "C0101": 20}


@pytest.fixture
def campaign(district):
    for code, name in (("C0103", "东城第三社区党委"), ("C0104", "东城第四社区党委"), ("C0105", "东城第五社区党委")):
        add_org(district.street, code, name, Level.COMMUNITY, domain="urban_community", org_type="community")
    for community in Organization.objects.filter(level=Level.COMMUNITY):  # the secretaries rated, one each
        SecretaryFactory(organization=community, name=f"{community.name[:2]}书记")
    template = template_load(
        source_yaml=(TEMPLATES_DIR / "jinyuan_secretary_quarterly.yaml").read_text(encoding="utf-8"), by=None
    )
    campaign = open_community_campaign(district, template=template)
    for evaluation in campaign.evaluations.select_related("organization"):
        taken = TAKEN.get(evaluation.organization.code, 3)
        marks = full_marks(template, except_dimensions={"Q1": Decimal(min(taken, 20))})
        save_scores(evaluation, marks | {"Q6.6": "0", "Q8.6": "0"})
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    return campaign


def _places(campaign) -> dict[str, tuple[int, int, bool]]:
    return {
        evaluation.organization.code: (rank.rank, rank.group_size, rank.behind)
        for evaluation in campaign.evaluations.select_related("organization")
        if (rank := street_ranks(campaign).get(evaluation.pk))
    }


def test_secretaries_are_ranked_within_their_street_and_the_last_fifth_flagged(campaign):
    places = _places(campaign)
    assert {code: place for code, place in places.items() if code.startswith("C01")} == {
        "C0103": (1, 5, False),
        "C0102": (2, 5, False),
        "C0104": (2, 5, False),
        "C0105": (4, 5, False),
        "C0101": (5, 5, True),
    }
    assert places["C0201"][:2] == (1, 1)  # the other street is its own group


def test_the_ranking_page_and_its_export_show_the_place_in_the_street_and_who_falls_behind(district, campaign, login):
    client = login(district.users["district_admin"])
    response = client.get(
        reverse("evaluations:campaign_ranking", kwargs={"pk": campaign.pk}) + f"?street={district.street.pk}"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "街道内名次" in body
    assert 'name="stars"' not in body and "<svg" not in body  # places, not stars: no star filter or chart
    last_row = body[body.index(district.community.name) :].split("</tr>", 1)[0]
    assert '<td class="num">5/5</td>' in last_row and "排名靠后" in last_row
    assert body.count("排名靠后") == 1

    export = client.get(
        reverse("evaluations:campaign_ranking_export", kwargs={"pk": campaign.pk}) + f"?street={district.street.pk}"
    )
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))[1:]  # below the title
    # A secretary campaign rates secretaries: the name column names each with their organization.
    headers = (
        "排名",
        "党组织代码",
        "书记（所在组织）",
        "街道(乡镇)",
        "领域",
        "总分",
        "所处环节",
        "街道内名次",
        "提醒督促",
    )
    assert rows[0] == headers
    assert rows[-1][2] == f"{district.community.name[:2]}书记（{district.community.name}）"
    assert [(row[1], row[-2], row[-1]) for row in rows[1:]] == [
        ("C0103", "1/5", None),
        ("C0102", "2/5", None),
        ("C0104", "2/5", None),
        ("C0105", "4/5", None),
        ("C0101", "5/5", "排名靠后"),
    ]


def test_the_evaluation_page_tells_the_place_and_that_the_street_reminds(district, campaign, login):
    client = login(district.users["org_admin"])
    response = client.get(
        reverse("evaluations:evaluation_detail", args=[evaluation_of(campaign, district.community).pk])
    )
    body = response.content.decode()
    assert "共5名中第5名" in body
    assert "排名在本街道后20%，街道党工委应及时提醒督促。" in body


def test_reminders_wait_for_the_whole_street_then_tell_the_last_and_their_street_once(district, campaign):
    for evaluation in campaign.evaluations.all():
        at_stage(evaluation, StageKind.APPROVAL)
    at_stage(evaluation_of(campaign, district.sibling_community), StageKind.REVIEW)
    reminders_send()
    assert not Notification.objects.filter(key__startswith="behind").exists()  # the street is still scoring

    at_stage(evaluation_of(campaign, district.sibling_community), StageKind.APPROVAL)
    assert reminders_send() >= 2
    own = Notification.objects.get(user=district.users["org_admin"], key__startswith="behind:")
    assert (
        own.text
        == f"{campaign.name}：{district.community.name}在本街道排第5名（共5名），排名靠后，请对照考评指标抓紧改进。"
    )
    street = Notification.objects.get(user=district.users["street_staff"], key__startswith="behind-street:")
    assert street.text == f"{campaign.name}：{district.street.name}有1个组织排名靠后，请及时提醒督促。"
    assert reminders_send() == 0
