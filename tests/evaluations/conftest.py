import pytest

from tests.support.evaluations import open_community_campaign


@pytest.fixture
def campaign(district):
    """The district's yearly campaign over its communities, opened: three evaluations. A module that needs another
    campaign defines its own."""
    return open_community_campaign(district)
