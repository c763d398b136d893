"""A pioneer index campaign (seed 004) rates the members of the chosen categories in its branches, each once and on
the template of their category; members without a category are named for the branch to settle first."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import Campaign, Evaluation
from evaluations.services.campaigns import campaign_create, campaign_open
from orgs.models import MemberCategory, MemberStatus
from tests.factories import MemberFactory
from tests.support.pioneer import open_pioneer_campaign, pioneer_templates

pytestmark = pytest.mark.django_db


def test_each_member_is_rated_once_on_the_template_of_their_category(district):
    floating = MemberFactory(
        branch=district.branch, name="流动王", category=MemberCategory.FLOATING, floating_origin="湖南冷水江"
    )
    agency = MemberFactory(branch=district.branch, name="机关李", category=MemberCategory.AGENCY_INSTITUTION)
    probationary = MemberFactory(branch=district.branch, name="预备赵", status=MemberStatus.PROBATIONARY)
    campaign = open_pioneer_campaign(district)
    rated = {
        e.member_id: e.template.code for e in Evaluation.objects.filter(campaign=campaign).select_related("template")
    }
    assert rated == {
        district.member.pk: "lengshuijiang_pioneer_2023_village",
        floating.pk: "lengshuijiang_pioneer_2023_floating",
        agency.pk: "lengshuijiang_pioneer_2023_agency",
        probationary.pk: "lengshuijiang_pioneer_2023_village",
    }
    assert district.other_member.pk not in rated  # another street's branch


def test_only_the_chosen_categories_are_rated(district):
    MemberFactory(branch=district.branch, name="流动王", category=MemberCategory.FLOATING, floating_origin="外地")
    campaign = open_pioneer_campaign(district, categories=[MemberCategory.FLOATING])
    assert list(Evaluation.objects.filter(campaign=campaign).values_list("member__name", flat=True)) == ["流动王"]


def test_a_member_without_category_is_named_and_the_campaign_stays_a_draft(district):
    MemberFactory(branch=district.branch, name="未分类党员", category="")
    village = pioneer_templates()[0]
    campaign = campaign_create(
        name="先锋指数", template=village, scope=district.street, year=2026, procedure="pioneer", by=None
    )
    with pytest.raises(ValidationError) as refused:
        campaign_open(campaign=campaign, by=None)
    assert "未分类党员（东城第一社区第一网格党支部）" in refused.value.messages[0]
    assert Campaign.objects.get(pk=campaign.pk).is_draft
    assert not Evaluation.objects.filter(campaign=campaign).exists()


def test_an_unknown_category_is_refused(district):
    with pytest.raises(ValidationError) as refused:
        campaign_create(
            name="先锋指数",
            template=pioneer_templates()[0],
            scope=district.street,
            year=2026,
            procedure="pioneer",
            member_categories=["nobody"],
            by=None,
        )
    assert "member_categories" in refused.value.message_dict
