"""In-application notifications: creating them (and their deliveries by e-mail and text message), marking them read,
and sending one delivery.

A notification is unique per user and key, so an event that happens again under the same key notifies nobody twice.
A new notification gets one delivery row per channel that is switched on and reaches its user (NOTIFY_EMAIL and an
e-mail address; SMS_GATEWAY_URL and a mobile number); the rows are queued for Celery when the event's transaction
commits. Sending claims the row first (pending or failed → sending, one conditional update), so running the task
twice, or two workers at once, sends once; a failure is recorded and raised so the task retries with a growing pause.
A worker that dies while sending leaves the row "sending": it is not sent again, rather than risk sending it twice.
"""

import json
import urllib.request
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import (
    DeliveryChannel,
    DeliveryState,
    Notification,
    NotificationDelivery,
)
from orgs.models import User
from orgs.personal_data import decrypt

TEXT_MAX = 300
ERROR_MAX = 500


class DeliveryFailed(Exception):
    """Sending one delivery failed (the mail server or the gateway refused or did not answer); it is retried."""


def notify(*, users: Iterable[User | int], key: str, text: str, url: str = "") -> list[Notification]:
    """Notify the users (accounts or their ids) of an event, inside the event's transaction; a user who already has a
    notification with this key gets nothing new. Returns the new notifications."""
    now = timezone.now()
    return notifications_create(
        Notification(user_id=getattr(user, "pk", user), key=key, text=text[:TEXT_MAX], url=url, created_at=now)
        for user in users
    )


def notifications_create(notices: Iterable[Notification]) -> list[Notification]:
    """Store the notices whose (user, key) is new, with their deliveries; return the new ones.

    The unique (user, key) constraint settles a race between two writers; the deliveries are queued on commit.
    """
    wanted: dict[tuple[int, str], Notification] = {}
    for notice in notices:
        wanted.setdefault((notice.user_id, notice.key), notice)
    if not wanted:
        return []
    with transaction.atomic():
        existing = set(
            Notification.objects.filter(
                user_id__in={user_id for user_id, _key in wanted}, key__in={key for _user, key in wanted}
            ).values_list("user_id", "key")
        )
        new = [notice for pair, notice in wanted.items() if pair not in existing]
        Notification.objects.bulk_create(new, ignore_conflicts=True)
        if new and (settings.NOTIFY_EMAIL or settings.SMS_GATEWAY_URL):
            _deliveries_create(new)
    return new


def _deliveries_create(new: list[Notification]) -> None:
    """One delivery per new notification and channel that is on and reaches its user; queued after commit."""
    pairs = {(notice.user_id, notice.key) for notice in new}
    stored = Notification.objects.filter(
        user_id__in={user_id for user_id, _key in pairs}, key__in={key for _user, key in pairs}
    ).values_list("pk", "user_id", "key")
    users = User.objects.filter(pk__in={user_id for user_id, _key in pairs}).only("pk", "email", "mobile_encrypted")
    addresses = {user.pk: user for user in users}
    deliveries = []
    for pk, user_id, key in stored:
        if (user_id, key) not in pairs:
            continue
        user = addresses[user_id]
        if settings.NOTIFY_EMAIL and user.email:
            deliveries.append(NotificationDelivery(notification_id=pk, channel=DeliveryChannel.EMAIL))
        if settings.SMS_GATEWAY_URL and user.mobile_encrypted:
            deliveries.append(NotificationDelivery(notification_id=pk, channel=DeliveryChannel.SMS))
    if not deliveries:
        return
    NotificationDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    delivery_ids = list(
        NotificationDelivery.objects.filter(
            notification_id__in={delivery.notification_id for delivery in deliveries}, state=DeliveryState.PENDING
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: _queue(delivery_ids))


def _queue(delivery_ids: list[int]) -> None:
    from evaluations.tasks import notification_deliver  # lazily: the task module imports this service

    for delivery_id in delivery_ids:
        notification_deliver.delay(delivery_id)


def notification_mark_read(*, notification: Notification, by: User, now: datetime | None = None) -> Notification:
    """Mark one of the user's own notifications read (again marking it keeps the first time)."""
    if notification.user_id != by.pk:
        raise PermissionError("A notification is marked read by its own user only.")
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, by: User, now: datetime | None = None) -> int:
    """Mark every unread notification of the user read; return how many were unread."""
    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=now or timezone.now())


# Sending -------------------------------------------------------------------------------------------------


def _link(notification: Notification) -> str:
    return f"{settings.SITE_URL}{notification.url}" if settings.SITE_URL and notification.url else ""


def _send_email(notification: Notification) -> None:
    link = _link(notification)
    body = notification.text + (f"\n\n{link}" if link else "")
    send_mail(
        _("StarRating notification"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [notification.user.email],
        fail_silently=False,
    )


def sms_text(notification: Notification) -> str:
    """The text message of a notification, made from SMS_TEMPLATE."""
    return settings.SMS_TEMPLATE.format(text=notification.text, url=_link(notification))


def _send_sms(notification: Notification) -> None:
    body = json.dumps(
        {"mobile": decrypt(notification.user.mobile_encrypted), "text": sms_text(notification)}, ensure_ascii=False
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (the gateway's address is a setting checked to be http or https)
        settings.SMS_GATEWAY_URL,
        data=body,
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:  # noqa: S310
        if not 200 <= response.status < 300:
            raise DeliveryFailed(f"the SMS gateway answered {response.status}")


SENDERS = {DeliveryChannel.EMAIL: _send_email, DeliveryChannel.SMS: _send_sms}


def _address_missing(delivery: NotificationDelivery) -> bool:
    user = delivery.notification.user
    return not (user.email if delivery.channel == DeliveryChannel.EMAIL else user.mobile_encrypted)


def notification_delivery_send(*, delivery_id: int, now: datetime | None = None) -> str | None:
    """Claim one delivery and send it; return its new state, or None when it was not to be sent (already sent, being
    sent elsewhere, or gone). A failure is kept on the row and raised as DeliveryFailed for the task to retry."""
    now = now or timezone.now()
    claimed = NotificationDelivery.objects.filter(
        pk=delivery_id, state__in=(DeliveryState.PENDING, DeliveryState.FAILED)
    ).update(state=DeliveryState.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    if not claimed:
        return None
    delivery = NotificationDelivery.objects.select_related("notification__user").get(pk=delivery_id)
    if _address_missing(delivery):
        # The user's address was removed after the event: nothing to send to, and nothing to retry.
        NotificationDelivery.objects.filter(pk=delivery_id).update(state=DeliveryState.FAILED, last_error="no address")
        return DeliveryState.FAILED
    try:
        SENDERS[delivery.channel](delivery.notification)
    except Exception as error:  # any failure of the mail server or the gateway: keep it, then retry
        NotificationDelivery.objects.filter(pk=delivery_id).update(
            state=DeliveryState.FAILED, last_error=repr(error)[:ERROR_MAX]
        )
        raise DeliveryFailed(f"delivery {delivery_id} ({delivery.channel}): {error}") from error
    NotificationDelivery.objects.filter(pk=delivery_id).update(
        state=DeliveryState.SENT, sent_at=timezone.now(), last_error=""
    )
    return DeliveryState.SENT
