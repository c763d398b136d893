"""A script calls the API with a token (Authorization: Token …), scoped like the token owner's session."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token


def token_header(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


def test_token_caller_sees_the_owners_scope(district, client):
    response = client.get(reverse("api-member-list"), **token_header(district.users["outsider"]))
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["results"]] == ["李四"]


def test_token_caller_is_refused_outside_the_owners_scope(district, client):
    headers = token_header(district.users["outsider"])
    assert client.get(reverse("api-member-detail", args=[district.member.pk]), **headers).status_code == 404
    assert client.get(reverse("api-organization-detail", args=[district.street.pk]), **headers).status_code == 404


def test_token_identifies_the_user_on_me(district, client):
    response = client.get(reverse("api-me"), **token_header(district.users["org_admin"]))
    assert response.status_code == 200
    assert response.json()["username"] == "org_admin"
    assert [grant["organization"]["code"] for grant in response.json()["roles"]] == ["C0101"]


@pytest.mark.parametrize("header", ["Token not-a-real-token", "Token", "Bearer abc"])
def test_bad_token_is_refused(district, client, header):
    response = client.get(reverse("api-organization-list"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_token_of_a_deactivated_account_is_refused(district, client):
    user = district.users["street_staff"]
    headers = token_header(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(reverse("api-organization-list"), **headers).status_code == 401


def test_token_caller_needs_no_csrf_token_or_session(district):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.get(reverse("api-organization-list"), **token_header(district.users["district_admin"]))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_token_of_an_account_on_its_initial_password_is_refused(district, client):
    user = district.users["street_staff"]
    headers = token_header(user)
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    response = client.get(reverse("api-organization-list"), **headers)
    assert response.status_code == 401
    assert "初始密码" in response.json()["detail"]
