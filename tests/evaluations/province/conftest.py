import pytest

from orgs.services.synthetic.province import ProvinceShape
from tests.support.province import build_province

# 63 organizations: 1 province, 2 cities, 4 districts, 8 streets, 16 communities, 32 branches.
SMALL = ProvinceShape(
    cities=2, districts_per_city=2, streets_per_district=2, communities_per_street=2, branches_per_community=2
)


@pytest.fixture
def province(db, settings):
    """A small synthetic province with a campaign over all of it, every evaluation with a result."""
    settings.ORG_TREE_ROOT_LEVEL = "province"
    return build_province(SMALL)
