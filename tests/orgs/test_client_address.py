"""Behind trusted proxies each client is itself: the lockout, the audit and the throttles see the client's address,
the Nth from the right of X-Forwarded-For, and entries the client forged further left change nothing."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from orgs.client_address import client_address
from orgs.models import AuditAction, AuditEvent
from tests.factories import PASSWORD, UserFactory

WRONG = "Wrong-Pass-1"
PROXY = "10.9.9.9"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def through_proxy(client, username, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def address_of(remote, forwarded_for=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_two_clients_behind_one_proxy_are_locked_out_separately(alice, one_proxy, client):
    for number in range(5):
        through_proxy(client, f"guess{number}", WRONG, "203.0.113.5")

    assert through_proxy(client, "alice", PASSWORD, "203.0.113.5").status_code == 429
    assert through_proxy(client, "alice", PASSWORD, "203.0.113.6").status_code == 302


def test_a_forged_forwarded_entry_does_not_free_a_locked_client(alice, one_proxy, client):
    for number in range(5):
        through_proxy(client, f"guess{number}", WRONG, f"198.51.100.{number}, 203.0.113.5")

    assert through_proxy(client, "alice", PASSWORD, "192.0.2.77, 203.0.113.5").status_code == 429


def test_the_audit_records_the_client_behind_the_proxy(alice, one_proxy, client):
    through_proxy(client, "alice", WRONG, "192.0.2.77, 203.0.113.5")

    assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).ip_address == "203.0.113.5"


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert address_of(PROXY, "203.0.113.5") == PROXY


def test_behind_two_proxies_the_second_address_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert address_of(PROXY, "192.0.2.77, 203.0.113.5, 10.0.0.2") == "203.0.113.5"
    assert address_of(PROXY, "203.0.113.5") == "203.0.113.5"  # came in past the outer proxy


def test_an_address_that_is_not_an_ip_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert address_of(PROXY, "unknown") == PROXY
    assert address_of(PROXY) == PROXY
    assert address_of("not-an-address") is None
