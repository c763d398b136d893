"""The list filters of the API: by parent or subtree, by choice, by flag and by text; a bad value is a
400 naming the parameter, and an organization outside the user's scope is 404 (audited), as on the pages."""

import pytest
from django.urls import reverse

from orgs.models import AuditAction, AuditEvent
from tests.factories import MemberFactory, make_id_card, make_phone


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


@pytest.mark.parametrize(
    ("url_name", "parameter"),
    [("api-organization-list", "parent"), ("api-member-list", "organization"), ("api-secretary-list", "organization")],
)
def test_filter_on_an_organization_outside_the_scope_is_not_found_and_audited(district, login, url_name, parameter):
    user = district.users["street_staff"]
    response = login(user).get(reverse(url_name), {parameter: district.other_community.pk})
    assert response.status_code == 404
    refusal = AuditEvent.objects.get(actor=user, action=AuditAction.ACCESS_REFUSED)
    assert (refusal.object_type, refusal.object_id) == ("organization", str(district.other_community.pk))


@pytest.mark.parametrize(
    ("url_name", "query", "parameter"),
    [
        ("api-organization-list", "level=planet", "level"),
        ("api-organization-list", "parent=abc", "parent"),
        ("api-member-list", "status=honorary", "status"),
        ("api-member-list", "is_active=maybe", "is_active"),
        ("api-secretary-list", "current=sometimes", "current"),
        ("api-organization-list", "parent=", "parent"),
        ("api-organization-list", "parent=-3", "parent"),
        ("api-member-list", "organization=0", "organization"),
    ],
)
def test_bad_filter_value_is_a_bad_request_naming_the_parameter(district, login, url_name, query, parameter):
    response = login(district.users["district_admin"]).get(reverse(url_name) + "?" + query)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


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


def test_members_are_found_by_a_whole_id_card_or_phone_number(district, login):
    MemberFactory(branch=district.branch, name="王五", id_card=make_id_card(901), phone=make_phone(901))
    client = login(district.users["street_staff"])
    url = reverse("api-member-list")
    assert names(client.get(url, {"q": make_id_card(901)})) == {"王五"}
    assert names(client.get(url, {"q": make_phone(901)})) == {"王五"}
    assert names(client.get(url, {"q": make_id_card(901)[:10]})) == set()
