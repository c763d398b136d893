"""Every API route answers each role within its scope: another street's object is 404, a missing
capability 403 (and audited), an anonymous caller 401."""

import pytest
from django.urls import reverse

from orgs.models import AuditAction, AuditEvent

ALL_CODES = {"D01", "S01", "S02", "C0101", "C0102", "C0201", "B010101", "B020101", "G01010101"}
VISIBLE_CODES = {
    "superuser": ALL_CODES,
    "district_admin": ALL_CODES,
    "district_approver": ALL_CODES,
    "department_reviewer": ALL_CODES,
    "street_staff": {"S01", "C0101", "C0102", "B010101", "G01010101"},
    "org_admin": {"C0101", "B010101", "G01010101"},
    "member": {"B010101", "G01010101"},
    "outsider": {"S02", "C0201", "B020101"},
    "nobody": set(),
}
VISIBLE_MEMBERS = {
    "superuser": {"张三", "李四"},
    "district_admin": {"张三", "李四"},
    "district_approver": {"张三", "李四"},
    "street_staff": {"张三"},
    "org_admin": {"张三"},
    "outsider": {"李四"},
}
WITHOUT_MEMBER_CAPABILITY = ["department_reviewer", "member", "nobody"]
# In scope for the organization but without the member capability: 403; no scope at all: 404.
MEMBER_DETAIL_REFUSAL = {"department_reviewer": 403, "member": 403, "nobody": 404}


def refusals_of(user) -> int:
    return AuditEvent.objects.filter(actor=user, action=AuditAction.ACCESS_REFUSED).count()


@pytest.mark.parametrize("username", sorted(VISIBLE_CODES))
def test_organization_list_shows_exactly_the_users_subtree(district, login, username):
    response = login(district.users[username]).get(reverse("api-organization-list"))
    assert response.status_code == 200
    assert {item["code"] for item in response.json()["results"]} == VISIBLE_CODES[username]


@pytest.mark.parametrize(
    ("username", "node"),
    [
        ("street_staff", "other_community"),
        ("outsider", "community"),
        ("org_admin", "sibling_community"),
        ("member", "community"),
    ],
)
def test_organization_outside_the_scope_is_not_found_and_audited(district, login, username, node):
    user = district.users[username]
    organization = getattr(district, node)
    response = login(user).get(reverse("api-organization-detail", args=[organization.pk]))
    assert response.status_code == 404
    assert refusals_of(user) == 1


def test_organization_detail_counts_the_members_of_its_subtree(district, login):
    response = login(district.users["street_staff"]).get(reverse("api-organization-detail", args=[district.street.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "S01"
    assert body["member_count"] == 1
    assert body["parent"] is None  # the district is outside a street's scope
    assert body["level_label"]


@pytest.mark.parametrize("username", sorted(VISIBLE_MEMBERS))
def test_member_list_shows_exactly_the_members_in_scope(district, login, username):
    response = login(district.users[username]).get(reverse("api-member-list"))
    assert response.status_code == 200
    assert {item["name"] for item in response.json()["results"]} == VISIBLE_MEMBERS[username]


@pytest.mark.parametrize("username", WITHOUT_MEMBER_CAPABILITY)
def test_role_without_member_capability_is_refused_members_and_audited(district, login, username):
    user = district.users[username]
    client = login(user)
    assert client.get(reverse("api-member-list")).status_code == 403
    detail = client.get(reverse("api-member-detail", args=[district.member.pk]))
    assert detail.status_code == MEMBER_DETAIL_REFUSAL[username]
    assert refusals_of(user) == 2


@pytest.mark.parametrize(
    ("username", "member"), [("street_staff", "other_member"), ("org_admin", "other_member"), ("outsider", "member")]
)
def test_member_of_another_street_is_not_found_and_audited(district, login, username, member):
    user = district.users[username]
    response = login(user).get(reverse("api-member-detail", args=[getattr(district, member).pk]))
    assert response.status_code == 404
    assert refusals_of(user) == 1


def test_member_in_scope_is_shown_and_the_view_of_personal_data_audited(district, login):
    user = district.users["org_admin"]
    response = login(user).get(reverse("api-member-detail", args=[district.member.pk]))
    assert response.status_code == 200
    assert response.json()["branch"]["code"] == "B010101"
    viewed = AuditEvent.objects.get(actor=user, action=AuditAction.VIEW_PERSONAL_DATA)
    assert (viewed.object_type, viewed.object_id) == ("member", str(district.member.pk))


@pytest.mark.parametrize(
    "url",
    [
        reverse("api-organization-list"),
        reverse("api-member-list"),
        reverse("api-secretary-list"),
        reverse("api-me"),
        reverse("api-schema") + "?format=json",
    ],
)
def test_anonymous_caller_gets_a_json_refusal(db, client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert "json" in response["Content-Type"]
    assert "detail" in response.json()


def test_anonymous_caller_of_a_detail_route_is_refused_before_any_lookup(district, client):
    response = client.get(reverse("api-member-detail", args=[district.member.pk]))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("url_name", ["api-organization-list", "api-member-list", "api-secretary-list"])
def test_api_is_read_only(district, login, url_name):
    response = login(district.users["district_admin"]).post(reverse(url_name), {"name": "x"})
    assert response.status_code == 405


def test_me_describes_the_user_and_the_roles_granted(district, login):
    response = login(district.users["department_reviewer"]).get(reverse("api-me"))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "department_reviewer"
    assert body["department"] == "纪检"
    assert body["roles"] == [
        {
            "role": "department_reviewer",
            "role_label": body["roles"][0]["role_label"],
            "organization": {"id": district.district.pk, "code": "D01", "name": "示范区委"},
        }
    ]
    assert body["roles"][0]["role_label"]


def test_me_of_a_user_without_roles_is_empty_not_refused(district, login):
    response = login(district.users["nobody"]).get(reverse("api-me"))
    assert response.status_code == 200
    assert response.json()["roles"] == []
