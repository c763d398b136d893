"""In-application notifications: marking them read."""

from datetime import datetime

from django.utils import timezone

from evaluations.models import (
    Notification,
)
from orgs.models import User


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
