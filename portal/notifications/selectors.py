"""Reads of a person's own notifications."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

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


def unread_counts(*, user_ids: Iterable[int]) -> dict[int, int]:
    """Unread notifications of each of several people, in one query (those with none are
    left out)."""
    return dict(
        Notification.objects.filter(recipient_id__in=list(user_ids), read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(unread=Count("id"))
        .values_list("recipient_id", "unread")
    )
