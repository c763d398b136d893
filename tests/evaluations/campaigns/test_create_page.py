"""The district creates a campaign in the browser; the navigation offers 评星定级 to those who see campaigns."""

import pytest
from django.urls import reverse

from evaluations.models import Campaign, CampaignStatus
from tests.support.evaluations import yucheng_stored

pytestmark = pytest.mark.django_db


def _data(district, template, **changes):
    data = {
        "name": "2026年第一季度社区评星定级",
        "template": template.pk,
        "scope": district.district.pk,
        "period_kind": "quarter",
        "year": 2026,
        "period_number": 1,
        "levels": ["community"],
        "domains": ["urban_community", "village"],
    }
    data.update(changes)
    return data


def test_the_district_admin_creates_a_draft_campaign(district, login):
    template = yucheng_stored()
    client = login(district.users["district_admin"])
    listing = client.get(reverse("evaluations:campaign_list")).content.decode()
    assert reverse("evaluations:campaign_create") in listing
    assert "<th>活动名称</th>" in listing and "姓名" not in listing  # a campaign has a name, not a person's name
    response = client.post(reverse("evaluations:campaign_create"), _data(district, template))
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluations:campaign_evaluations", args=[campaign.pk]
    )
    assert campaign.status == CampaignStatus.DRAFT and campaign.scope == district.district
    assert (campaign.period_kind, campaign.period_number, campaign.levels) == ("quarter", 1, ["community"])
    assert campaign.created_by == district.users["district_admin"]


def test_a_quarter_without_its_number_gets_a_chinese_error_and_keeps_the_form(district, login):
    template = yucheng_stored()
    client = login(district.users["district_admin"])
    response = client.post(reverse("evaluations:campaign_create"), _data(district, template, period_number=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写季度（1至4）。" in page
    assert 'value="2026年第一季度社区评星定级"' in page
    assert not Campaign.objects.exists()
    response = client.post(reverse("evaluations:campaign_create"), _data(district, template, name=""))
    assert "该字段是必填项。" in response.content.decode()


def test_street_staff_cannot_create_a_campaign(district, login):
    client = login(district.users["street_staff"])
    assert (
        reverse("evaluations:campaign_create") not in client.get(reverse("evaluations:campaign_list")).content.decode()
    )
    assert client.post(reverse("evaluations:campaign_create"), _data(district, yucheng_stored())).status_code == 403
    assert not Campaign.objects.exists()


def test_a_street_scope_outside_the_users_subtree_is_not_offered(district, login):
    client = login(district.users["district_admin"])
    page = client.get(reverse("evaluations:campaign_create")).content.decode()
    assert "东城街道党工委" in page and "东城第一社区党委" not in page


@pytest.mark.parametrize(
    ("role", "shown"),
    [("district_admin", True), ("street_staff", True), ("org_admin", True), ("member", False), ("nobody", False)],
)
def test_the_navigation_offers_star_rating_to_those_who_see_campaigns(district, client, role, shown):
    client.force_login(district.users[role])
    page = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("evaluations:campaign_list")}">评星定级</a>' in page) is shown
