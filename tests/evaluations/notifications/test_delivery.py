"""Notifications go out by e-mail (Django's mail backend) and through the SMS gateway (a real HTTP server here), one
message per notification and channel, retried when the gateway fails, never sent twice."""

import pytest
from django.core import mail

from evaluations.models import DeliveryChannel, DeliveryState, Notification, NotificationDelivery
from evaluations.services.notifications import DeliveryFailed, notification_delivery_send, notify
from evaluations.tasks import notification_deliver
from orgs.personal_data import protect_phone
from starrating.celery import app
from tests.support.notifications import Gateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    running = Gateway()
    settings.SMS_GATEWAY_URL = running.url
    yield running
    running.close()


@pytest.fixture
def org_admin(district):
    user = district.users["org_admin"]
    protected = protect_phone("13812345678")
    user.email, user.mobile_encrypted, user.mobile_masked = "admin@example.org", protected.encrypted, protected.masked
    user.save(update_fields=["email", "mobile_encrypted", "mobile_masked"])
    return user


def notify_committed(capture, users, key="test:1", text="东城第一社区党委 在公示期间收到一条异议", url="/worklist/"):
    """Notify as an event does, and run what waits for the commit (the delivery tasks, eager in tests)."""
    with capture(execute=True):
        return notify(users=users, key=key, text=text, url=url)


def test_email_goes_out_once_to_users_with_an_address(
    settings, district, org_admin, django_capture_on_commit_callbacks
):
    settings.NOTIFY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://starrating.example.org"
    notify_committed(django_capture_on_commit_callbacks, [org_admin, district.users["street_staff"]])
    assert len(mail.outbox) == 1  # the street staff have no e-mail address
    message = mail.outbox[0]
    assert message.to == ["admin@example.org"]
    assert message.subject == "【星级评定】通知"
    assert message.body == "东城第一社区党委 在公示期间收到一条异议\n\nhttps://starrating.example.org/worklist/"
    delivery = NotificationDelivery.objects.get()
    assert (delivery.channel, delivery.state, delivery.attempts) == (DeliveryChannel.EMAIL, DeliveryState.SENT, 1)
    # The same event again (same key) sends nothing more.
    notify_committed(django_capture_on_commit_callbacks, [org_admin])
    assert len(mail.outbox) == 1


def test_nothing_goes_out_while_email_and_sms_are_off(district, org_admin, django_capture_on_commit_callbacks):
    notify_committed(django_capture_on_commit_callbacks, [org_admin])
    assert Notification.objects.filter(user=org_admin).count() == 1
    assert not NotificationDelivery.objects.exists()
    assert mail.outbox == []


def test_the_gateway_gets_one_post_per_notification_with_the_template(
    settings, gateway, district, org_admin, django_capture_on_commit_callbacks
):
    settings.SMS_TEMPLATE = "【星级评定】{text} 详见系统"
    notify_committed(django_capture_on_commit_callbacks, [org_admin, district.users["street_staff"]])
    assert gateway.received == [
        {
            "path": "/send",
            "type": "application/json; charset=utf-8",
            "mobile": "13812345678",
            "text": "【星级评定】东城第一社区党委 在公示期间收到一条异议 详见系统",
        }
    ]
    assert NotificationDelivery.objects.get().state == DeliveryState.SENT


def test_a_failing_gateway_is_retried_by_the_task_until_it_succeeds(gateway, district, org_admin):
    propagates = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False  # a retry is an outcome here, as on a worker, not an error of the test
    gateway.failures = 2
    notify(users=[org_admin], key="test:1", text="通知", url="")
    delivery = NotificationDelivery.objects.get()
    # Eagerly, Celery runs each retry at once (a real worker waits 1, 2, 4 … s: see test_delivery_worker.py).
    try:
        notification_deliver.apply(args=[delivery.pk])
    finally:
        app.conf.task_eager_propagates = propagates
    assert len(gateway.received) == 3
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (DeliveryState.SENT, 3, "")


def test_a_failure_is_kept_on_the_delivery_and_raised_for_a_retry(gateway, district, org_admin):
    gateway.failures = 1
    notify(users=[org_admin], key="test:1", text="通知", url="")
    delivery = NotificationDelivery.objects.get()
    with pytest.raises(DeliveryFailed):
        notification_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED and "500" in delivery.last_error
    assert notification_delivery_send(delivery_id=delivery.pk) == DeliveryState.SENT


def test_running_the_delivery_task_twice_sends_once(gateway, district, org_admin):
    notify(users=[org_admin], key="test:1", text="通知", url="")
    delivery = NotificationDelivery.objects.get()
    assert notification_deliver.apply(args=[delivery.pk]).get() == DeliveryState.SENT
    assert notification_deliver.apply(args=[delivery.pk]).get() is None
    assert len(gateway.received) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_delivery_being_sent_elsewhere_is_not_sent_again(gateway, district, org_admin):
    notify(users=[org_admin], key="test:1", text="通知", url="")
    NotificationDelivery.objects.update(state=DeliveryState.SENDING)
    assert notification_delivery_send(delivery_id=NotificationDelivery.objects.get().pk) is None
    assert gateway.received == []
