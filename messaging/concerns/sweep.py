"""The worker's safety net for overdue notices. Each date is checked by a task queued for the
end of its day; if that task failed (a database blip) or its worker was killed mid-run, nothing
would run it again. The worker calls `sweep()` when it starts and every minute: it finds open
concerns past a date whose parent was not yet told for that date, and tells them through the
same service, which claims each notice with a conditional update, so nobody is told twice."""

from __future__ import annotations

import datetime

from django.db.models import F, Q
from django.utils import timezone

from messaging.concerns.models import OPEN_STATUSES, Concern, Deadline
from messaging.concerns.services import concern_deadline_passed, local_today

BATCH = 200


def _missed(due_field: str, done_field: str, told_field: str, today: datetime.date):
    return Concern.objects.filter(
        status__in=OPEN_STATUSES,
        **{f"{due_field}__lt": today, f"{done_field}__isnull": True},
    ).filter(Q(**{f"{told_field}__isnull": True}) | Q(**{f"{told_field}__lt": F(due_field)}))


def sweep(now: datetime.datetime | None = None) -> int:
    """Send the overdue notices whose tasks did not run. Returns how many were sent."""
    now = now or timezone.now()
    # Dates that ended before yesterday: their own task has had a whole day to run.
    settled = local_today(now) - datetime.timedelta(days=1)
    told = 0
    for deadline, due_field, done_field, told_field in (
        (Deadline.ACKNOWLEDGE, "acknowledge_by", "acknowledged_at", "acknowledge_overdue_for"),
        (Deadline.ANSWER, "answer_by", "answered_at", "answer_overdue_for"),
    ):
        rows = _missed(due_field, done_field, told_field, settled).values_list("pk", due_field)
        for concern_id, due in rows[:BATCH]:
            told += concern_deadline_passed(
                concern_id=concern_id, deadline=deadline, due=due, now=now
            )
    return told
