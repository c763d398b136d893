"""One rule for who sees a campaign, on the pages and in the API: district-wide users see every campaign
of their district; below the district a campaign is seen when an organization of the subtree takes part."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from evaluations.models import Campaign
from evaluations.selectors.campaigns import campaigns_visible_to
from orgs.models import Level
from tests.factories import CampaignFactory, add_org
from tests.support.evaluations import open_community_campaign, yucheng_stored

pytestmark = pytest.mark.django_db

COMMUNITIES = "2026年度社区党组织评星定级"  # over the district's communities, opened
DISTRICT = {COMMUNITIES, "草稿活动", "西城街道活动", "街道活动"}
VISIBLE = {
    "superuser": {*DISTRICT, "另一区活动"},
    "district_admin": DISTRICT,
    "district_approver": DISTRICT,
    "department_reviewer": DISTRICT,
    "street_staff": {COMMUNITIES, "街道活动"},  # its communities and its street take part
    "org_admin": {COMMUNITIES},  # the street campaign evaluates streets, not its community
    "outsider": {COMMUNITIES, "西城街道活动", "街道活动"},
    "member": set(),
    "nobody": set(),
}


@pytest.fixture
def campaigns(district):
    template = yucheng_stored()
    open_community_campaign(district, template=template)
    CampaignFactory(name="草稿活动", template=template, scope=district.district, year=2027)
    CampaignFactory(name="西城街道活动", template=template, scope=district.other_street, opened=True)
    CampaignFactory(name="街道活动", template=template, scope=district.district, levels=[Level.STREET], opened=True)
    CampaignFactory(
        name="另一区活动", template=template, scope=add_org(None, "D02", "另一区委", Level.DISTRICT), opened=True
    )
    return {campaign.name: campaign for campaign in Campaign.objects.all()}


@pytest.mark.parametrize("username", sorted(VISIBLE))
def test_the_pages_the_api_and_the_selector_show_the_same_campaigns(district, campaigns, username):
    user = district.users[username]
    client = Client()
    client.force_login(user)
    expected = VISIBLE[username]
    assert {campaign.name for campaign in campaigns_visible_to(user)} == expected
    page = client.get(reverse("evaluations:campaign_list")).content.decode()
    assert set(re.findall(r'/campaigns/\d+/">([^<]+)</a>', page)) == expected
    assert {item["name"] for item in client.get(reverse("api-campaign-list")).json()["results"]} == expected
    for name, campaign in campaigns.items():
        status = 200 if name in expected else 404
        assert client.get(reverse("evaluations:campaign_evaluations", args=[campaign.pk])).status_code == status, name
        assert client.get(reverse("api-campaign-detail", args=[campaign.pk])).status_code == status, name


@pytest.mark.parametrize("username", ["district_admin", "street_staff", "outsider", "superuser"])
def test_the_campaigns_a_user_sees_are_one_statement_whatever_their_number(
    district, campaigns, username, django_assert_num_queries
):
    user = district.users[username]
    list(campaigns_visible_to(user))  # loads and caches the user's grants
    with django_assert_num_queries(1):
        assert len(list(campaigns_visible_to(user).select_related("scope", "template"))) == len(VISIBLE[username])
