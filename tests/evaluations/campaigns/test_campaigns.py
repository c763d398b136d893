"""Campaigns: opening creates one evaluation per participant and freezes the template; the street's "+1" items."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import CampaignStatus, Evaluation, PersonalizedItem
from evaluations.selectors.campaigns import campaigns_visible_to
from evaluations.selectors.evaluations import evaluation_tree, evaluations_visible_to
from evaluations.services.campaigns import campaign_create, campaign_open, personalized_items_set
from orgs.models import AuditEvent
from tests.support.evaluations import evaluation_of, open_community_campaign, yucheng_stored

pytestmark = pytest.mark.django_db

GOVERNANCE = [
    {"parent_code": "E1", "code": "E1.1", "name": "老旧小区改造", "points": "6", "standard": "按期完成得6分"},
    {"parent_code": "E1", "code": "E1.2", "name": "垃圾分类", "points": "4"},
    {"parent_code": "E2", "code": "E2.1", "name": "党员群众综合测评", "points": "6"},
    {"parent_code": "E3", "code": "E3.1", "name": "特色亮点", "points": "4"},
]


def test_opening_creates_one_evaluation_per_community_and_freezes_the_template(district):
    campaign = open_community_campaign(district)
    assert campaign.status == CampaignStatus.OPEN
    organizations = set(Evaluation.objects.filter(campaign=campaign).values_list("organization__code", flat=True))
    assert organizations == {"C0101", "C0102", "C0201"}
    campaign.template.refresh_from_db()
    assert campaign.template.is_frozen
    assert AuditEvent.objects.filter(action="campaign_open", object_id=str(campaign.pk)).exists()


def test_an_open_campaign_cannot_be_opened_twice(district):
    campaign = open_community_campaign(district)
    with pytest.raises(ValidationError):
        campaign_open(campaign=campaign, by=None)
    assert Evaluation.objects.filter(campaign=campaign).count() == 3


def test_a_campaign_without_participants_is_refused_and_writes_nothing(district):
    campaign = campaign_create(
        name="空活动",
        template=yucheng_stored(),
        scope=district.district,
        year=2026,
        org_types=["state_enterprise"],
        by=None,
    )
    with pytest.raises(ValidationError):
        campaign_open(campaign=campaign, by=None)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert not campaign.template.is_frozen
    assert not Evaluation.objects.filter(campaign=campaign).exists()


def test_a_quarterly_campaign_needs_its_quarter(district):
    with pytest.raises(ValidationError):
        campaign_create(
            name="季度", template=yucheng_stored(), scope=district.district, year=2026, period_kind="quarter", by=None
        )


def test_personalised_items_replace_the_governance_items_in_the_tree(district):
    campaign = open_community_campaign(district)
    personalized_items_set(
        campaign=campaign, organization=district.community, items=GOVERNANCE, by=district.users["street_staff"]
    )
    tree = evaluation_tree(evaluation_of(campaign, district.community))
    governance = next(dimension for dimension in tree.dimensions if dimension.personalised)
    assert [leaf.code for leaf in governance.leaves] == ["E1.1", "E1.2", "E2.1", "E3.1"]
    assert governance.leaves[0].standard == "按期完成得6分"
    other = evaluation_tree(evaluation_of(campaign, district.sibling_community))
    assert [leaf.code for leaf in next(d for d in other.dimensions if d.personalised).leaves] == ["E1", "E2", "E3"]


def test_personalised_items_must_add_up_to_the_dimension(district):
    campaign = open_community_campaign(district)
    short = [dict(item) for item in GOVERNANCE]
    short[1]["points"] = "3"
    with pytest.raises(ValidationError) as caught:
        personalized_items_set(campaign=campaign, organization=district.community, items=short, by=None)
    assert "19" in str(caught.value) and "20" in str(caught.value)
    assert not PersonalizedItem.objects.exists()


def test_personalised_item_codes_cannot_reuse_template_codes(district):
    campaign = open_community_campaign(district)
    clash = [dict(item) for item in GOVERNANCE]
    clash[0]["code"] = "A1.1"
    with pytest.raises(ValidationError) as caught:
        personalized_items_set(campaign=campaign, organization=district.community, items=clash, by=None)
    assert "A1.1" in str(caught.value)


def test_setting_personalised_items_again_replaces_them(district):
    campaign = open_community_campaign(district)
    personalized_items_set(campaign=campaign, organization=district.community, items=GOVERNANCE, by=None)
    merged = [*GOVERNANCE[:1], {**GOVERNANCE[1], "code": "E1.9", "name": "其他任务"}, *GOVERNANCE[2:]]
    personalized_items_set(campaign=campaign, organization=district.community, items=merged, by=None)
    assert list(PersonalizedItem.objects.order_by("order").values_list("code", "points_max")) == [
        ("E1.1", Decimal(6)),
        ("E1.9", Decimal(4)),
        ("E2.1", Decimal(6)),
        ("E3.1", Decimal(4)),
    ]


def test_evaluations_are_scoped_to_the_users_subtree(district):
    campaign = open_community_campaign(district)
    codes = lambda user: set(evaluations_visible_to(user).values_list("organization__code", flat=True))  # noqa: E731
    assert codes(district.users["district_admin"]) == {"C0101", "C0102", "C0201"}
    assert codes(district.users["street_staff"]) == {"C0101", "C0102"}
    assert codes(district.users["outsider"]) == {"C0201"}
    assert codes(district.users["org_admin"]) == {"C0101"}
    assert codes(district.users["member"]) == set()
    assert codes(district.users["nobody"]) == set()
    assert campaigns_visible_to(district.users["org_admin"]).get() == campaign
    assert not campaigns_visible_to(district.users["nobody"]).exists()
