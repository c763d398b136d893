"""A real Celery worker on Redis sends a text message through a gateway that fails twice: it retries with its
growing pause and sends once."""

import uuid

import pytest
from django.db import transaction

from evaluations.models import DeliveryState, NotificationDelivery
from evaluations.services.notifications import notify
from evaluations.tasks import notification_deliver
from orgs.personal_data import protect_phone
from starrating.celery import app
from tests.factories import UserFactory
from tests.support.notifications import Gateway
from tests.support.workers import Workers

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_worker_retries_a_failing_gateway_and_sends_once(settings, tmp_path, monkeypatch):
    gateway = Gateway()
    gateway.failures = 2
    settings.SMS_GATEWAY_URL = gateway.url
    queue = f"starrating-test-notify-{uuid.uuid4().hex}"
    task = app.tasks[notification_deliver.name]
    monkeypatch.setattr(task, "queue", queue, raising=False)
    monkeypatch.setattr(task, "_exec_options", None)  # Celery caches a task's routing options
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    workers = Workers(queue, tmp_path)
    try:
        workers.start(SMS_GATEWAY_URL=gateway.url)
        protected = protect_phone("13812345678")
        user = UserFactory(username="org_admin", mobile_encrypted=protected.encrypted, mobile_masked=protected.masked)
        with transaction.atomic():
            notify(users=[user], key="test:1", text="东城第一社区党委 在公示期间收到一条异议")
        workers.wait_for(
            lambda: NotificationDelivery.objects.filter(state=DeliveryState.SENT).exists(), "the message to be sent"
        )
        delivery = NotificationDelivery.objects.get()
        assert delivery.attempts == 3
        assert [each["text"] for each in gateway.received] == [
            "【星级评定】东城第一社区党委 在公示期间收到一条异议"
        ] * 3
    finally:
        workers.stop_all()
        gateway.close()
        app.conf.task_always_eager = eager
