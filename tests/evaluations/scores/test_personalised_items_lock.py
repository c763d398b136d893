"""A community's "+1" sub-items are fixed once a stage has scored one of them."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import PersonalizedItem, Stage
from evaluations.services.campaigns import personalized_items_set
from evaluations.services.scores.inputs import ScoreInput
from evaluations.services.scores.sheet import scores_save
from tests.factories import ScoreFactory
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db

GOVERNANCE = [
    {"parent_code": "E1", "code": "E1.1", "name": "老旧小区改造", "points": "6"},
    {"parent_code": "E1", "code": "E1.2", "name": "垃圾分类", "points": "4"},
    {"parent_code": "E2", "code": "E2.1", "name": "党员群众综合测评", "points": "6"},
    {"parent_code": "E3", "code": "E3.1", "name": "特色亮点", "points": "4"},
]
RENAMED = [{**GOVERNANCE[0], "name": "改名"}, *GOVERNANCE[1:]]


@pytest.fixture
def campaign(district):
    campaign = open_community_campaign(district)
    personalized_items_set(campaign=campaign, organization=district.community, items=GOVERNANCE, by=None)
    return campaign


def _saved():
    return list(PersonalizedItem.objects.order_by("organization_id", "order").values_list("code", "name"))


@pytest.mark.parametrize("stage", [Stage.SELF_ASSESSMENT, Stage.REVIEW])
def test_a_score_on_a_sub_item_fixes_them_with_a_message_naming_the_community(district, campaign, stage):
    evaluation = at_stage(evaluation_of(campaign, district.community), stage)
    scores_save(evaluation=evaluation, stage=stage, values={"E2.1": ScoreInput("5")}, vetoes=None, by=None)
    before = _saved()
    with pytest.raises(ValidationError) as caught:
        personalized_items_set(campaign=campaign, organization=district.community, items=RENAMED, by=None)
    assert caught.value.messages == [f"{district.community.name}的个性化小项已有评分，不能再修改。"]
    assert _saved() == before


def test_scores_on_template_items_or_another_community_do_not_fix_them(district, campaign):
    ScoreFactory(evaluation=evaluation_of(campaign, district.community), code="A1.1", points="1")
    personalized_items_set(campaign=campaign, organization=district.sibling_community, items=GOVERNANCE, by=None)
    ScoreFactory(evaluation=evaluation_of(campaign, district.sibling_community), code="E1.1", points="6")
    personalized_items_set(campaign=campaign, organization=district.community, items=RENAMED, by=None)
    assert ("E1.1", "改名") in _saved()
