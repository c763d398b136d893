"""The list filters of the API: by parent or subtree, by choice, by flag and by text; a bad value is a
400 naming the parameter, and an organization outside the user's scope is no filter at all."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["code"] for item in response.json()["results"]}


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["results"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=community", {"C0101", "C0102", "C0201"}),
        ("level=street&q=东城", {"S01"}),
        ("domain=village", {"C0102"}),
        ("org_type=community", {"C0101", "C0102", "C0201"}),
        ("q=西城", {"S02", "C0201", "B020101"}),
        ("q=c010", {"C0101", "C0102"}),
    ],
)
def test_organizations_filter_by_level_domain_type_and_text(district, login, query, expected):
    client = login(district.users["district_admin"])
    assert codes(client.get(reverse("api-organization-list") + "?" + query)) == expected


def test_organizations_filter_by_parent_lists_its_direct_children(district, login):
    client = login(district.users["district_admin"])
    response = client.get(reverse("api-organization-list"), {"parent": district.street.pk})
    assert codes(response) == {"C0101", "C0102"}
    assert {item["parent"] for item in response.json()["results"]} == {district.street.pk}


def test_filter_on_an_organization_outside_the_scope_is_a_bad_request(district, login):
    client = login(district.users["street_staff"])
    response = client.get(reverse("api-organization-list"), {"parent": district.other_street.pk})
    assert response.status_code == 400
    assert "parent" in response.json()
    response = client.get(reverse("api-member-list"), {"organization": district.other_community.pk})
    assert response.status_code == 400
    assert "organization" in response.json()


@pytest.mark.parametrize(
    ("url_name", "query", "parameter"),
    [
        ("api-organization-list", "level=province", "level"),
        ("api-organization-list", "parent=abc", "parent"),
        ("api-member-list", "status=honorary", "status"),
        ("api-member-list", "is_active=maybe", "is_active"),
        ("api-secretary-list", "current=sometimes", "current"),
    ],
)
def test_bad_filter_value_is_a_bad_request_naming_the_parameter(district, login, url_name, query, parameter):
    response = login(district.users["district_admin"]).get(reverse(url_name) + "?" + query)
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_members_filter_by_subtree_category_status_activity_and_name(district, login):
    MemberFactory(branch=district.branch, name="王五", status="probationary")
    MemberFactory(branch=district.branch, name="赵六", is_active=False)
    client = login(district.users["district_admin"])
    url = reverse("api-member-list")
    assert names(client.get(url, {"organization": district.street.pk})) == {"张三", "王五", "赵六"}
    assert names(client.get(url, {"organization": district.other_street.pk})) == {"李四"}
    assert names(client.get(url, {"status": "probationary"})) == {"王五"}
    assert names(client.get(url, {"category": "floating"})) == set()
    assert names(client.get(url, {"is_active": "false"})) == {"赵六"}
    assert names(client.get(url, {"q": "张", "organization": district.community.pk})) == {"张三"}
