"""Reads of a person's own notifications."""

from __future__ import annotations

from portal.notifications.models import Delivery, Notification, NotificationPreference
from portal.people.models import User

LIST_LENGTH = 50


def notifications_for(*, user: User, limit: int = LIST_LENGTH) -> list[Notification]:
    """The person's newest notifications, newest first."""
    return list(Notification.objects.filter(recipient=user)[:limit])


def delivery_for(*, user: User) -> Delivery:
    chosen = (
        NotificationPreference.objects.filter(user=user).values_list("delivery", flat=True).first()
    )
    return Delivery(chosen) if chosen else Delivery.IN_APP


def unread_count(*, user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
