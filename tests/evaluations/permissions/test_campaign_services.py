"""The campaign services check who acts, whoever calls them: the district organization department creates and
opens campaigns, the street's staff set a community's "+1" sub-items; anyone else is refused (403, audited) and
nothing changes."""

import pytest

from evaluations.models import Campaign, CampaignStatus, Evaluation, PersonalizedItem
from evaluations.services.campaigns import campaign_create, campaign_open, personalized_items_set
from orgs.permissions import Capability
from scoring.models import IndicatorItem, ItemLevel
from tests.support.permissions import assert_refused, open_community_campaign

pytestmark = pytest.mark.django_db

NOT_THE_DISTRICT = ["street_staff", "outsider", "org_admin", "department_reviewer", "district_approver"]


@pytest.fixture
def opened(district):
    return open_community_campaign(district)


@pytest.mark.parametrize("username", NOT_THE_DISTRICT)
def test_only_the_district_creates_a_campaign(district, opened, username):
    user = district.users[username]

    assert_refused(
        user,
        Capability.MANAGE_CAMPAIGNS,
        lambda: campaign_create(name="越权创建", template=opened.template, scope=district.district, year=2027, by=user),
    )

    assert list(Campaign.objects.all()) == [opened]


@pytest.mark.parametrize("username", NOT_THE_DISTRICT)
def test_only_the_district_opens_a_campaign(district, opened, username):
    draft = campaign_create(
        name="2027年度",
        template=opened.template,
        scope=district.district,
        year=2027,
        by=district.users["district_admin"],
    )
    user = district.users[username]

    assert_refused(user, Capability.MANAGE_CAMPAIGNS, lambda: campaign_open(campaign=draft, by=user))

    assert Campaign.objects.get(pk=draft.pk).status == CampaignStatus.DRAFT
    assert not Evaluation.objects.filter(campaign=draft).exists()


@pytest.mark.parametrize("username", ["outsider", "org_admin", "department_reviewer", "district_approver"])
def test_only_the_streets_staff_set_a_communitys_personalised_sub_items(district, opened, username):
    user = district.users[username]
    parent = IndicatorItem.objects.filter(template=opened.template, level=ItemLevel.ITEM, personalised=True).first()
    items = [{"parent_code": parent.code, "code": "P1", "name": "目标任务", "points": "20", "standard": ""}]

    assert_refused(
        user,
        Capability.REVIEW_SCORES,
        lambda: personalized_items_set(campaign=opened, organization=district.community, items=items, by=user),
    )

    assert not PersonalizedItem.objects.exists()
