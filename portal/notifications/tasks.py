"""Background tasks (django-tasks, database backend): the rows they act on are the record, so a
task lost or run twice loses or doubles nothing."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from portal.notifications import services

QUEUE = "queue"
DIGEST_HOUR = 16  # after the school day, in the school's time zone


@task(backend=QUEUE)
def email_deliver(*, email_id: int) -> bool:
    """Send one outbox email; on failure, queue the next attempt for after the backoff."""
    outcome = services.email_send_now(email_id=email_id)
    if outcome.retry_at is not None:
        email_deliver.using(run_after=outcome.retry_at).enqueue(email_id=email_id)
    return outcome.sent


def next_digest_time(now: datetime.datetime) -> datetime.datetime:
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    run = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if run <= local:
        run += datetime.timedelta(days=1)
    return run


@task(backend=QUEUE)
def digests_daily() -> int:
    """Send the daily digests, then queue tomorrow's run."""
    sent = services.digests_send()
    digests_daily.using(run_after=next_digest_time(timezone.now())).enqueue()
    return sent
