"""In a province a street is four steps down: its staff see its subtree alone, the streets they review are named
from that prefix, and a branch's street is found from its path; levels' depths follow the tree's root level."""

import pytest

from evaluations.permissions import get_streets_reviewed_by_user
from evaluations.selectors.campaigns import campaigns_visible_to
from evaluations.selectors.evaluations import evaluations_visible_to
from orgs.models import Level, Organization
from orgs.roles import Role
from orgs.services.roles import role_grant
from orgs.tree import district_path_length, level_depth, street_path_length, street_path_of
from tests.factories import UserFactory


def _staff_of(street):
    user = UserFactory()
    role_grant(user=user, role=Role.STREET_STAFF, organization=street, by=None)
    return user


def test_a_province_s_levels_sit_one_step_apart_from_the_province_down(settings):
    settings.ORG_TREE_ROOT_LEVEL = "province"
    assert [level_depth(level) for level in ("province", "city", "district", "street", "community")] == [1, 2, 3, 4, 5]
    assert (district_path_length(), street_path_length()) == (12, 16)


def test_a_district_deployment_keeps_its_depths():
    assert (level_depth("district"), level_depth("street"), level_depth("group")) == (1, 2, 5)
    assert (district_path_length(), street_path_length()) == (4, 8)
    with pytest.raises(ValueError):
        level_depth("city")


def test_a_branch_s_street_is_the_street_above_it(province):
    for branch in Organization.objects.filter(level=Level.BRANCH):
        street = Organization.objects.get(path=street_path_of(branch.path))
        assert street.level == Level.STREET
        assert branch.path.startswith(street.path)
    district = province.first(Level.DISTRICT)
    assert street_path_of(district.path) == district.path


def test_street_staff_see_their_street_s_subtree_and_the_province_s_campaign(province):
    street = province.first(Level.STREET)
    staff = _staff_of(street)
    visible = evaluations_visible_to(staff).filter(campaign=province.campaign)
    assert visible.count() == 7  # the street, 2 communities, 4 branches
    assert not visible.exclude(organization__path__startswith=street.path).exists()
    assert list(campaigns_visible_to(staff)) == [province.campaign]
    assert get_streets_reviewed_by_user(staff, province.campaign) == [street]


def test_a_city_s_staff_see_none_of_another_city(province):
    cities = list(Organization.objects.filter(level=Level.CITY).order_by("path"))
    staff = _staff_of(province.first(Level.STREET, within=cities[1]))
    visible = evaluations_visible_to(staff).filter(campaign=province.campaign)
    assert not visible.filter(organization__path__startswith=cities[0].path).exists()
