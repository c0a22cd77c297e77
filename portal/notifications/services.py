"""Notifications and email: rows first, delivery after.

A `Notification` row per recipient is the source of truth. Email goes through an
`OutboundEmail` row written in the same transaction as the change, and a background task (also a
row, in the same database) that sends it, retrying with backoff. Realtime events are published
only after the transaction commits, and a failure to publish is logged, never raised: the page
polls for what it missed.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.notifications.models import (
    Delivery,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutboundEmail,
)
from portal.notifications.selectors import unread_counts
from portal.people.models import User

logger = logging.getLogger(__name__)

# Attempts before an email is given up on; the waits between them double (from the setting
# OUTBOX_RETRY_BASE_SECONDS, a minute by default) up to an hour.
EMAIL_MAX_ATTEMPTS = 8
EMAIL_MAX_RETRY_SECONDS = 3600


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    return f"session.{session_key}"


def _publish(group: str, message: dict) -> None:
    """Send to a channel-layer group; a layer that is down is logged, never raised."""
    try:
        async_to_sync(get_channel_layer().group_send)(group, message)
    except Exception:  # noqa: BLE001 - delivery is best-effort; the rows are the record
        logger.warning("Realtime publish to %s failed", group, exc_info=True)


def _publish_all(messages: list[tuple[str, dict]]) -> None:
    """Send many channel-layer messages in one event loop. A loop of its own per message (as
    `_publish` makes) opens a Redis connection each time, about 10 ms, so a notification to 500
    people took seconds to leave; in one loop each costs well under a millisecond. The first
    failure stops the rest (each would wait for a Redis that is down): logged, never raised."""

    async def send_all() -> None:
        layer = get_channel_layer()
        for group, message in messages:
            await layer.group_send(group, message)

    if not messages:
        return
    try:
        async_to_sync(send_all)()
    except Exception:  # noqa: BLE001 - delivery is best-effort; the rows are the record
        logger.warning(
            "Realtime publish of %s messages (to %s and others) failed",
            len(messages),
            messages[0][0],
            exc_info=True,
        )


def session_end_notify(*, session_key: str | None) -> None:
    """Close every live socket of one browser session (on sign-out or expiry)."""
    if session_key:
        _publish(session_group(session_key), {"type": "session.ended"})


def live_update(*, user_ids: Iterable[int], url: str) -> None:
    """Tell these people's open pages that what is shown at `url` has changed, after commit.

    Not a notification: nothing is stored and nobody is alerted (quiet hours hold alerts, not
    the record). A page showing `url` in a live region fetches it again; a page whose socket is
    down polls, so a lost event loses nothing. Call inside the transaction of the change.
    """
    ids = sorted(set(user_ids))
    if not ids:
        return
    messages = [(user_group(uid), {"type": "page.update", "url": url}) for uid in ids]
    transaction.on_commit(lambda: _publish_all(messages))


def absolute_url(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _delivery_for(users: Iterable[User]) -> dict[int, str]:
    ids = [user.pk for user in users]
    return dict(
        NotificationPreference.objects.filter(user_id__in=ids).values_list("user_id", "delivery")
    )


def notify(
    *,
    recipients: Iterable[User],
    kind: NotificationKind,
    text: str,
    params: Mapping[str, object] | None = None,
    url: str = "",
) -> list[Notification]:
    """Tell people something: one row each, in each person's own language.

    Call inside the transaction of the change. `text` is the English message, marked with
    gettext_noop so that it is extracted but translated here, once per recipient, with
    `%(name)s` placeholders filled from `params`. Those who
    asked for email at once also get an email with only a link (never a child's details); it is
    written to the outbox in the same transaction. The live update leaves after commit.
    """
    recipients = list({user.pk: user for user in recipients}.values())
    deliveries = _delivery_for(recipients)
    made = []
    for recipient in recipients:
        with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
            rendered = _(text) % dict(params or {})
        made.append(Notification(recipient=recipient, kind=kind, text=rendered[:500], url=url))
    Notification.objects.bulk_create(made)
    for notification in made:
        recipient = notification.recipient
        if deliveries.get(recipient.pk) == Delivery.EMAIL_AT_ONCE:
            with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
                email_enqueue(
                    to=recipient.email,
                    subject=_("You have a new message in the SEN Support portal"),
                    body=render_to_string(
                        "notifications/email/notification.txt",
                        {"link": absolute_url(url or "/portal/notifications/")},
                    ),
                )
    transaction.on_commit(lambda: _publish_notifications(made))
    return made


def _publish_notifications(notifications: list[Notification]) -> None:
    """The live update for each new notification, with the recipient's unread count (one query
    for them all), after commit."""
    if not notifications:
        return
    counts = unread_counts(user_ids=[n.recipient_id for n in notifications])
    _publish_all(
        [
            (
                user_group(n.recipient_id),
                {
                    "type": "notification",
                    "kind": n.kind,
                    "text": n.text,
                    "url": n.url,
                    "unread": counts.get(n.recipient_id, 0),
                },
            )
            for n in notifications
        ]
    )


def email_enqueue(
    *, to: str, subject: str, body: str, requested_by: User | None = None
) -> OutboundEmail:
    """Write an email to the outbox and queue its delivery, both in the caller's transaction:
    if the change rolls back, nothing is sent; once it commits, the email is never lost."""
    from portal.notifications.tasks import email_deliver

    email = OutboundEmail.objects.create(
        to=to, subject=subject[:200], body=body, requested_by=requested_by
    )
    email_deliver.enqueue(email_id=email.pk)
    return email


def _retry_delay(attempts: int) -> datetime.timedelta:
    first = settings.OUTBOX_RETRY_BASE_SECONDS
    seconds = min(first * 2 ** (attempts - 1), EMAIL_MAX_RETRY_SECONDS)
    return datetime.timedelta(seconds=seconds)


@dataclass(frozen=True)
class DeliveryOutcome:
    sent: bool
    retry_at: datetime.datetime | None = None


def email_send_now(*, email_id: int) -> DeliveryOutcome:
    """Try once to send one outbox email. Caller: the background worker only.

    The row is claimed with a conditional update, so two workers never send the same email.
    On failure the row goes back to READY with the next attempt time, or to FAILED after the
    last attempt, when the person who asked for it is told in the portal.
    """
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status=EmailStatus.READY, next_attempt_at__lte=now
    ).update(status=EmailStatus.SENDING, claimed_at=now)
    if not claimed:
        return DeliveryOutcome(sent=False)
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to]).send()
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
        attempts = email.attempts + 1
        retry_at = now + _retry_delay(attempts)
        gave_up = attempts >= EMAIL_MAX_ATTEMPTS
        with transaction.atomic():
            OutboundEmail.objects.filter(pk=email.pk).update(
                status=EmailStatus.FAILED if gave_up else EmailStatus.READY,
                attempts=attempts,
                next_attempt_at=retry_at,
                last_error=f"{type(error).__name__}: {error}"[:300],
            )
            if gave_up and email.requested_by is not None:
                notify(
                    recipients=[email.requested_by],
                    kind=NotificationKind.EMAIL_NOT_DELIVERED,
                    text=gettext_noop(
                        "The email to %(to)s could not be delivered. Check the address."
                    ),
                    params={"to": email.to},
                )
        logger.warning("Email %s to the outbox failed (attempt %s)", email.pk, attempts)
        return DeliveryOutcome(sent=False, retry_at=None if gave_up else retry_at)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT, attempts=email.attempts + 1, sent_at=timezone.now()
    )
    return DeliveryOutcome(sent=True)


def email_requeue_stale() -> int:
    """Give emails whose worker died mid-send back to the queue. Run by the worker on start."""
    from portal.notifications.tasks import email_deliver

    stale = list(
        OutboundEmail.objects.filter(
            status=EmailStatus.SENDING,
            claimed_at__lt=timezone.now()
            - datetime.timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS),
        ).values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=stale, status=EmailStatus.SENDING).update(
        status=EmailStatus.READY, next_attempt_at=timezone.now()
    )
    for email_id in stale:
        email_deliver.enqueue(email_id=email_id)
    return len(stale)


def notifications_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all of them when no ids are given)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def preference_set(*, user: User, delivery: Delivery) -> NotificationPreference:
    """Choose how to hear of new notifications. Caller: the person themselves."""
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"delivery": delivery}
    )
    return preference


def digests_send() -> int:
    """Email each person who chose a daily digest, when they have unread notifications not yet
    in a digest: one email with the count and a link, never the text. Caller: the worker."""
    now = timezone.now()
    users = (
        User.objects.filter(notification_preference__delivery=Delivery.DAILY_DIGEST, is_active=True)
        .annotate(
            waiting=Count(
                "notifications",
                filter=Q(
                    notifications__read_at__isnull=True, notifications__digested_at__isnull=True
                ),
            )
        )
        .filter(waiting__gt=0)
    )
    sent = 0
    for user in users:
        with transaction.atomic():
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                email_enqueue(
                    to=user.email,
                    subject=_("New messages in the SEN Support portal"),
                    body=render_to_string(
                        "notifications/email/digest.txt",
                        {"count": user.waiting, "link": absolute_url("/portal/notifications/")},
                    ),
                )
            Notification.objects.filter(
                recipient=user, read_at__isnull=True, digested_at__isnull=True
            ).update(digested_at=now)
        sent += 1
    return sent
