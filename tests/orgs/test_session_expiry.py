"""An idle session ends after 30 minutes; activity keeps it alive (frozen time)."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory


def test_idle_session_ends_after_thirty_minutes(db, client):
    user = UserFactory()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(user)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_activity_keeps_the_session_alive(db, client):
    user = UserFactory()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(user)
        for _ in range(4):
            traveller.shift(timedelta(minutes=20))
            assert client.get(reverse("home")).status_code == 200
