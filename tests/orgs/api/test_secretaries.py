"""Secretaries through the API: scoped to the organizations a user sees, ID-card numbers masked,
filters by subtree, tenure and name, and a query count that does not grow with the rows."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from orgs.models import AuditAction, AuditEvent, Secretary
from orgs.personal_data import decrypt
from tests.factories import SecretaryFactory, make_id_card


def add_secretary(organization, serial: int, **fields) -> Secretary:
    return SecretaryFactory(organization=organization, name=f"书记{serial}", id_card=make_id_card(serial), **fields)


# token and user, the user's grants, the count, the page
LIST_QUERIES = 4


@pytest.fixture
def secretaries(district):
    return {
        "community": add_secretary(district.community, 1, one_shoulder=True, education="bachelor"),
        "former": add_secretary(district.community, 2, started_on=date(2015, 1, 1), ended_on=date(2020, 12, 31)),
        "other": add_secretary(district.other_community, 3),
    }


VISIBLE = {
    "district_admin": {"书记1", "书记2", "书记3"},
    "department_reviewer": {"书记1", "书记2", "书记3"},
    "street_staff": {"书记1", "书记2"},
    "org_admin": {"书记1", "书记2"},
    "member": set(),
    "outsider": {"书记3"},
    "nobody": set(),
}


@pytest.mark.parametrize("username", sorted(VISIBLE))
def test_secretary_list_shows_the_secretaries_of_the_organizations_in_scope(district, secretaries, login, username):
    response = login(district.users[username]).get(reverse("api-secretary-list"))
    assert response.status_code == 200
    assert {item["name"] for item in response.json()["results"]} == VISIBLE[username]


@pytest.mark.parametrize("username", ["street_staff", "member", "nobody"])
def test_secretary_outside_the_scope_is_not_found_and_audited(district, secretaries, login, username):
    user = district.users[username]
    response = login(user).get(reverse("api-secretary-detail", args=[secretaries["other"].pk]))
    assert response.status_code == 404
    refusal = AuditEvent.objects.get(actor=user, action=AuditAction.ACCESS_REFUSED)
    assert (refusal.object_type, refusal.object_id) == ("secretary", str(secretaries["other"].pk))


def test_secretary_detail_shows_tenure_and_a_masked_id_card(district, secretaries, login):
    secretary = secretaries["community"]
    response = login(district.users["org_admin"]).get(reverse("api-secretary-detail", args=[secretary.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["organization"] == {"id": district.community.pk, "code": "C0101", "name": "东城第一社区党委"}
    assert (body["started_on"], body["ended_on"], body["is_current"]) == ("2021-01-01", None, True)
    assert (body["one_shoulder"], body["education"]) == (True, "bachelor")
    assert body["id_card"] == secretary.id_card_masked
    assert decrypt(secretary.id_card_encrypted) not in response.content.decode()
    assert not {"id_card_encrypted", "id_card_hash", "id_card_masked"} & set(body)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("current=true", {"书记1", "书记3"}), ("current=false", {"书记2"}), ("q=书记3", {"书记3"})],
)
def test_secretaries_filter_by_tenure_and_name(district, secretaries, login, query, expected):
    response = login(district.users["district_admin"]).get(reverse("api-secretary-list") + "?" + query)
    assert {item["name"] for item in response.json()["results"]} == expected


def test_secretaries_filter_by_subtree(district, secretaries, login):
    client = login(district.users["district_admin"])
    response = client.get(reverse("api-secretary-list"), {"organization": district.other_street.pk})
    assert {item["name"] for item in response.json()["results"]} == {"书记3"}


def test_secretary_list_query_count_does_not_grow_with_rows(
    district, secretaries, client, django_assert_max_num_queries
):
    token = Token.objects.create(user=district.users["street_staff"])
    url = reverse("api-secretary-list")
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    for serial in range(10, 40):
        add_secretary(district.sibling_community if serial % 2 else district.branch, serial)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.json()["count"] == 32
