"""In a province the whole-tree run of the consequence rules is offered to the province's organization department,
whose grant covers every organization it runs over, not to a district's."""

from evaluations.selectors.consequence_runs import consequence_run_may_request
from orgs.models import Level
from orgs.roles import Role
from orgs.services.roles import role_grant
from tests.factories import UserFactory


def _admin_of(organization):
    user = UserFactory()
    role_grant(user=user, role=Role.DISTRICT_ADMIN, organization=organization, by=None)
    return user


def test_the_province_s_admin_may_run_the_rules_over_the_tree_and_a_district_s_may_not(province):
    assert consequence_run_may_request(_admin_of(province.root))
    assert not consequence_run_may_request(_admin_of(province.first(Level.DISTRICT)))
    assert not consequence_run_may_request(_admin_of(province.first(Level.CITY)))


def test_a_district_deployment_s_admin_may_run_them(district):
    assert consequence_run_may_request(district.users["district_admin"])
