"""Five failures lock a username and, separately, an address for 30 minutes (frozen time)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from orgs.models import AuditAction, AuditEvent
from tests.factories import PASSWORD, UserFactory

WRONG = "Wrong-Pass-1"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_unknown_user_and_wrong_password_get_the_same_message(alice, client):
    wrong_password = attempt(client, "alice", WRONG)
    unknown_user = attempt(client, "nobody-here", WRONG, ip="10.0.0.2")
    assert wrong_password.status_code == unknown_user.status_code == 200
    message = "请输入一个正确的用户名和密码"
    assert message in wrong_password.content.decode()
    assert message in unknown_user.content.decode()


def test_five_failures_lock_the_username_for_thirty_minutes(alice, client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for number in range(5):
            attempt(client, "alice", WRONG, ip=f"10.0.1.{number}")
        locked = attempt(client, "alice", PASSWORD, ip="10.0.2.1")
        assert locked.status_code == 429
        assert "30分钟" in locked.content.decode()
        assert "_auth_user_id" not in client.session
        traveller.shift(timedelta(minutes=29))
        assert attempt(client, "alice", PASSWORD, ip="10.0.2.1").status_code == 429
        traveller.shift(timedelta(minutes=2))
        response = attempt(client, "alice", PASSWORD, ip="10.0.2.1")
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(alice.pk)


def test_five_failures_from_one_address_lock_the_address(alice, client):
    for number in range(5):
        attempt(client, f"guess{number}", WRONG, ip="10.9.9.9")
    assert attempt(client, "alice", PASSWORD, ip="10.9.9.9").status_code == 429
    assert attempt(client, "alice", PASSWORD, ip="10.9.9.10").status_code == 302


def test_four_failures_do_not_lock(alice, client):
    for _ in range(4):
        attempt(client, "alice", WRONG)
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_failed_and_successful_logins_are_audited(alice, client):
    attempt(client, "alice", WRONG)
    attempt(client, "alice", PASSWORD)
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.actor_username == "alice"
    assert failed.ip_address == "10.0.0.1"
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=alice).exists()
