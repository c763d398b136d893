"""API lists and details pin their query count: 3 rows or 30 rows, the same few queries (no N+1)."""

import pytest
from django.urls import reverse

from orgs.models import Level
from tests.factories import MemberFactory, add_org

# token and user, the user's grants, the count, the page (parent ids are a subquery of the page)
LIST_QUERIES = 4
# token and user, grants, the scoped look-up, the annotated row, the subtree's member count
ORGANIZATION_DETAIL_QUERIES = 5


def add_groups(branch, count: int) -> None:
    for index in range(count):
        add_org(branch, f"G{branch.code}{index:03d}", f"{index}号楼党小组", Level.GROUP, domain="urban_community")


@pytest.mark.parametrize("username", ["district_admin", "street_staff", "member"])
def test_organization_list_queries_do_not_grow_with_rows(district, api_get, django_assert_max_num_queries, username):
    url = reverse("api-organization-list")
    with django_assert_max_num_queries(LIST_QUERIES):
        few = api_get(username, url).json()
    add_groups(district.branch, 30)
    with django_assert_max_num_queries(LIST_QUERIES):
        many = api_get(username, url).json()
    assert many["count"] == few["count"] + 30
    assert all(item["parent"] is not None for item in many["results"] if item["level"] == "group")


def test_member_list_queries_do_not_grow_with_rows(district, api_get, django_assert_max_num_queries):
    username, url = "street_staff", reverse("api-member-list")
    MemberFactory.create_batch(2, branch=district.branch)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert api_get(username, url).json()["count"] == 3
    MemberFactory.create_batch(27, branch=district.group)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert len(api_get(username, url).json()["results"]) == 30


def test_organization_detail_queries_do_not_grow_with_the_subtree(district, api_get, django_assert_max_num_queries):
    username, url = "street_staff", reverse("api-organization-detail", args=[district.community.pk])
    with django_assert_max_num_queries(ORGANIZATION_DETAIL_QUERIES):
        assert api_get(username, url).json()["member_count"] == 1
    add_groups(district.branch, 5)
    MemberFactory.create_batch(29, branch=district.group)
    with django_assert_max_num_queries(ORGANIZATION_DETAIL_QUERIES):
        assert api_get(username, url).json()["member_count"] == 30


def test_pages_hold_fifty_rows(district, api_get):
    MemberFactory.create_batch(60, branch=district.branch)
    page = api_get("district_admin", reverse("api-member-list")).json()
    assert (page["count"], len(page["results"])) == (62, 50)
    assert page["next"]
