import pytest

from tests.support.secretary_stars import jinyuan_rule_set


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def rule_set(db):
    return jinyuan_rule_set()
