"""The worker's safety net for messages held through quiet hours. Each is released by a task
queued for the end of quiet hours; if that task failed or its worker was killed mid-run, nothing
would run it again. The worker calls `sweep()` when it starts and every minute: it releases held
messages whose quiet hours have ended, through the same service, which claims each message with
a conditional update, so nobody is told twice."""

from __future__ import annotations

import datetime

from django.utils import timezone

from messaging.conversations.models import Message
from messaging.conversations.selectors import quiet_hours_end_for, quiet_hours_of
from messaging.conversations.services import message_notify_held

# Held messages are few (those sent in one evening or weekend); a bound keeps one sweep short.
BATCH = 200
# A message's own task gets this long past the end of quiet hours before the sweep steps in.
GRACE = datetime.timedelta(minutes=5)


def sweep(now: datetime.datetime | None = None) -> int:
    """Release the held messages whose tasks did not run. Returns how many were released."""
    now = now or timezone.now()
    held = (
        Message.objects.filter(notified_at__isnull=True, created_at__lt=now - GRACE)
        .select_related("conversation__school")
        .order_by("created_at")[:BATCH]
    )
    quiet_by_school: dict[int, object] = {}
    released = 0
    for message in held:
        school = message.conversation.school
        if school.pk not in quiet_by_school:
            quiet_by_school[school.pk] = quiet_hours_of(school=school)
        ends = quiet_hours_end_for(
            school=school, quiet=quiet_by_school[school.pk], now=message.created_at
        )
        if ends is None or ends + GRACE <= now:
            released += message_notify_held(message_id=message.pk)
    return released
