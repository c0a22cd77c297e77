"""Reminders before the date the school needs an answer. The worker calls `sweep()` when it
starts and every minute: it finds requests still waiting, never reminded, whose answer date is
near, and sends each one reminder through `consent_remind_due`, which claims it with a
conditional update, so nobody is reminded twice."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import ConsentRequest, ConsentStatus
from .services import consent_remind_due, local_today

BATCH = 200
# Three school days never span more than this many calendar days, even across the summer.
LOOK_AHEAD_DAYS = 60


def sweep(now: datetime.datetime | None = None) -> int:
    """Send the reminders now due. Returns how many were sent."""
    now = now or timezone.now()
    today = local_today(now)
    candidates = (
        ConsentRequest.objects.filter(
            status=ConsentStatus.REQUESTED,
            reminders_sent=0,
            answer_needed_by__gte=today,
            answer_needed_by__lte=today + datetime.timedelta(days=LOOK_AHEAD_DAYS),
        )
        .order_by("answer_needed_by", "pk")
        .values_list("pk", flat=True)
    )
    return sum(
        consent_remind_due(request_id=request_id, now=now) for request_id in candidates[:BATCH]
    )
