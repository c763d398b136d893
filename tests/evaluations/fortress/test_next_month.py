"""Opening next month's fortress campaigns from this month's, for every organization at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluations.models import Campaign, CampaignStatus, Evaluation, PeriodKind
from evaluations.services.fortress import fortress_month_open_next
from orgs.models import AuditEvent
from tests.support.evaluations import open_community_campaign
from tests.support.fortress import fortress_templates, open_fortress_month


@pytest.fixture
def january(district):
    return open_fortress_month(district, fortress_templates(), month=1)


def test_next_month_copies_every_campaign_of_the_month_and_opens_it(district, january):
    made = fortress_month_open_next(campaign=january[0], by=district.users["district_admin"])
    assert [(row.year, row.period_number, row.status) for row in made] == [(2026, 2, CampaignStatus.OPEN)] * 2
    assert {row.template_id for row in made} == {row.template_id for row in january}
    assert made[0].name == "2026年2月堡垒指数：冷水江市“堡垒指数”考评细则（城市社区）"
    rated = set(Evaluation.objects.filter(campaign__in=made).values_list("organization__code", flat=True))
    assert rated == {"C0101", "C0102", "C0201"}
    event = AuditEvent.objects.get(action="fortress_month_open")
    assert event.detail["month"] == 2 and event.actor == district.users["district_admin"]


def test_opening_the_same_next_month_twice_is_refused_and_changes_nothing(district, january):
    fortress_month_open_next(campaign=january[1], by=district.users["district_admin"])
    count = Campaign.objects.count()
    with pytest.raises(ValidationError) as refused:
        fortress_month_open_next(campaign=january[0], by=district.users["district_admin"])
    assert refused.value.messages == ["2026年2月的活动已经开启。"]
    assert Campaign.objects.count() == count


def test_december_opens_january_of_the_next_year(district):
    december = open_fortress_month(district, fortress_templates(), month=12)
    made = fortress_month_open_next(campaign=december[0], by=district.users["district_admin"])
    assert {(row.year, row.period_number) for row in made} == {(2027, 1)}


def test_a_yearly_campaign_has_no_next_month(district):
    yearly = open_community_campaign(district)
    with pytest.raises(ValidationError) as refused:
        fortress_month_open_next(campaign=yearly, by=district.users["district_admin"])
    assert "按月" in refused.value.messages[0]
    assert not Campaign.objects.filter(period_kind=PeriodKind.MONTH).exists()


def test_street_staff_cannot_open_the_next_month(district, january):
    with pytest.raises(PermissionDenied):
        fortress_month_open_next(campaign=january[0], by=district.users["street_staff"])
    assert not Campaign.objects.filter(period_number=2).exists()


def test_the_button_opens_next_month_and_shows_its_trend(district, january, client):
    client.force_login(district.users["district_admin"])
    response = client.post(reverse("evaluations:fortress_next_month", kwargs={"pk": january[0].pk}), follow=True)
    february = Campaign.objects.filter(period_number=2).order_by("pk").first()
    assert response.redirect_chain[-1][0] == reverse("evaluations:fortress_trend", kwargs={"pk": february.pk})
    assert "已开启下个月：2 个活动，3 个党组织待评" in response.content.decode()
