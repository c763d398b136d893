"""A case waits on the to-do list of whoever acts on it now: the community while it works on it, the street once it
is submitted; the district for a street's own case. The counts stay one query."""

import pytest
from django.urls import reverse

from evaluations.selectors.worklist import worklist_counts
from tests.support.rectification import case_on, submitted_case

pytestmark = pytest.mark.postgres


def test_the_case_moves_from_the_communitys_list_to_the_streets(district, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    community, street = district.users["org_admin"], district.users["street_staff"]
    case_on(district, title="组织生活不规范")
    submitted = submitted_case(district, title="阵地建设不达标")
    assert worklist_counts(community).rectification == 1
    assert worklist_counts(street).rectification == 1
    page = login(community).get(reverse("evaluations:worklist")).content.decode()
    assert "组织生活不规范" in page and "阵地建设不达标" not in page
    page = login(street).get(reverse("evaluations:worklist")).content.decode()
    assert "阵地建设不达标" in page and "组织生活不规范" not in page
    assert worklist_counts(district.users["outsider"]).rectification == 0
    assert worklist_counts(district.users["district_admin"]).rectification == 0
    assert submitted.status == "submitted"


def test_a_streets_own_case_waits_for_the_street_then_the_district(district, django_assert_num_queries):
    street, admin = district.users["street_staff"], district.users["district_admin"]
    case_on(district, district.street, by="district_admin")
    with django_assert_num_queries(2):  # the grants, then the counts
        assert worklist_counts(street).rectification == 1
    assert worklist_counts(admin).rectification == 0
