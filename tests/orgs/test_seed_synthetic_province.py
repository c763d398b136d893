"""seed_synthetic --province builds a province of the shape asked for, as a valid treebeard tree whose streets sit
four steps down, with a campaign over it: one evaluation per organization, a review score per item of each, and
its ballots; only where the deployment's tree is rooted at a province."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from evaluations.models import Ballot, Campaign, Evaluation, PersonalizedItem, Score, Survey
from orgs.models import Level, Organization
from orgs.tree import level_depth

# 1 province + 2 cities × (1 + 2 districts × (1 + 2 streets × (1 + 2 communities × (1 + 2 branches))))
SHAPE = {
    "cities": 2,
    "districts_per_city": 2,
    "streets_per_district": 2,
    "communities_per_street": 2,
    "branches_per_community": 2,
}
ORGANIZATIONS = 63
ITEMS = 37 + 20  # Yucheng: 37 sub-items scored directly, and 20 the street sets under its "+1" dimension


def build(**options):
    out = StringIO()
    call_command("seed_synthetic", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def province(db, settings):
    settings.ORG_TREE_ROOT_LEVEL = "province"
    return build(province=True, ballots=3, seed=5, **SHAPE)


def test_builds_every_level_of_the_shape_asked_for(province):
    counts = dict(Organization.objects.order_by().values_list("level").annotate(n=Count("pk")))
    assert counts == {"province": 1, "city": 2, "district": 4, "street": 8, "community": 16, "branch": 32}
    assert sum(counts.values()) == ORGANIZATIONS
    for level, count in counts.items():
        assert Organization.objects.filter(level=level, depth=level_depth(level)).count() == count


def test_the_province_is_a_valid_treebeard_tree(province):
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    root = Organization.objects.get(level=Level.PROVINCE)
    assert Organization.objects.get_descendant_count(root) == ORGANIZATIONS - 1
    for street in Organization.objects.filter(level=Level.STREET):
        assert street.depth == 4
        assert [child.level for child in Organization.objects.get_children(street)] == [
            Level.COMMUNITY,
            Level.COMMUNITY,
        ]
    city = Organization.objects.filter(level=Level.CITY).order_by("path").first()
    assert Organization.objects.get_parent(city) == root
    assert Organization.objects.get_descendant_count(city) == (ORGANIZATIONS - 1) // 2 - 1


def test_a_campaign_evaluates_every_organization_on_every_item_with_its_ballots(province):
    campaign = Campaign.objects.get()
    assert campaign.scope.level == Level.PROVINCE
    assert Evaluation.objects.filter(campaign=campaign).count() == ORGANIZATIONS
    assert PersonalizedItem.objects.count() == ORGANIZATIONS * 20
    assert Score.objects.count() == ORGANIZATIONS * ITEMS
    per_evaluation = set(
        Score.objects.order_by().values("evaluation_id").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    assert per_evaluation == {ITEMS}
    assert Survey.objects.filter(status="closed").count() == ORGANIZATIONS
    assert Ballot.objects.count() == ORGANIZATIONS * 3


def test_scores_stay_within_each_item_s_points(province):
    assert not Score.objects.filter(item__isnull=False, points__gt=F("item__points_max")).exists()
    assert not Score.objects.filter(personalized_item__isnull=False, points__gt=1).exists()
    assert not Score.objects.filter(points__lt=0).exists()


def test_a_target_number_of_organizations_picks_the_number_of_cities(db, settings):
    settings.ORG_TREE_ROOT_LEVEL = "province"
    shape = {key: value for key, value in SHAPE.items() if key != "cities"}
    build(province=True, organizations=95, campaign=False, **shape)  # 31 per city: three cities come closest
    assert Organization.objects.filter(level=Level.CITY).count() == 3
    assert not Campaign.objects.exists()


def test_refuses_a_province_where_the_tree_is_rooted_at_a_district(db):
    with pytest.raises(CommandError, match="ORG_TREE_ROOT_LEVEL"):
        build(province=True, **SHAPE)
    assert not Organization.objects.exists()


def test_one_campaign_per_city_rates_every_organization_but_the_province(db, settings):
    settings.ORG_TREE_ROOT_LEVEL = "province"
    build(province=True, campaign_per_city=True, ballots=0, **SHAPE)
    assert sorted(Campaign.objects.values_list("scope__level", flat=True)) == ["city", "city"]
    assert Evaluation.objects.count() == ORGANIZATIONS - 1
    assert Score.objects.count() == (ORGANIZATIONS - 1) * ITEMS
    assert not Ballot.objects.exists()
