"""API tokens expire after API_TOKEN_LIFETIME_DAYS, and their owner or the administrator can revoke them, audited."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from orgs.models import AuditAction, AuditEvent
from starrating.api_urls import urlpatterns as api_urlpatterns


def _header(token: Token) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {token.key}"}


def test_a_token_works_for_thirty_days_then_is_refused_saying_when_it_expired(district, client):
    token = Token.objects.create(user=district.users["street_staff"])
    url = reverse("api-organization-list")
    with time_machine.travel(token.created + timedelta(days=29, hours=23), tick=False):
        assert client.get(url, **_header(token)).status_code == 200
    with time_machine.travel(token.created + timedelta(days=30, seconds=1), tick=False):
        response = client.get(url, **_header(token))
    assert response.status_code == 401
    expired_on = timezone.localtime(token.created + timedelta(days=30)).strftime("%Y-%m-%d")
    assert "已于" in response.json()["detail"] and expired_on in response.json()["detail"]


def test_the_lifetime_is_a_setting(district, client, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 7
    token = Token.objects.create(user=district.users["street_staff"])
    with time_machine.travel(token.created + timedelta(days=8), tick=False):
        assert client.get(reverse("api-me"), **_header(token)).status_code == 401


def test_the_owner_revokes_the_token_and_it_stops_working_at_once(district, client):
    owner = district.users["street_staff"]
    token = Token.objects.create(user=owner)
    other = Token.objects.create(user=district.users["outsider"])

    response = client.delete(reverse("api-me-token"), **_header(token))

    assert response.status_code == 204
    assert client.get(reverse("api-me"), **_header(token)).status_code == 401
    assert client.get(reverse("api-me"), **_header(other)).status_code == 200  # another user's token stays
    revoked = AuditEvent.objects.get(action=AuditAction.TOKEN_REVOKE)
    assert revoked.actor == owner and revoked.object_id == str(owner.pk) and revoked.detail["by_owner"] is True


def test_revoking_without_a_token_changes_nothing(district, login):
    response = login(district.users["street_staff"]).delete(reverse("api-me-token"))
    assert response.status_code == 204
    assert not AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKE).exists()


def test_the_administrator_sees_when_tokens_expire_without_their_keys_and_revokes_one(district, admin_client):
    owner = district.users["street_staff"]
    token = Token.objects.create(user=owner)

    page = admin_client.get(reverse("admin:authtoken_tokenproxy_changelist")).content.decode()
    assert str(owner) in page and "失效时间" in page
    assert token.key not in page

    response = admin_client.post(reverse("admin:authtoken_tokenproxy_delete", args=[owner.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Token.objects.filter(user=owner).exists()
    revoked = AuditEvent.objects.get(action=AuditAction.TOKEN_REVOKE)
    assert revoked.object_id == str(owner.pk) and revoked.detail["by_owner"] is False


def test_every_api_route_refuses_an_expired_token(district, client):
    token = Token.objects.create(user=district.users["district_admin"])
    routes = [pattern for pattern in api_urlpatterns if pattern.name]
    with time_machine.travel(token.created + timedelta(days=31), tick=False):
        for pattern in routes:
            url = reverse(pattern.name, kwargs=dict.fromkeys(pattern.pattern.regex.groupindex, 1))
            assert client.get(url, **_header(token)).status_code == 401, url
    assert len(routes) > 20
