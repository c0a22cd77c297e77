"""The audit trail's scheduled job on the worker's queue (django-tasks, database backend)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.audit import services

QUEUE = "queue"


def anchor_scheduled() -> bool:
    """Whether a run of `audit_anchor` is waiting in the queue."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=audit_anchor.module_path
    ).exists()


def next_anchor_time(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(seconds=settings.AUDIT_ANCHOR_INTERVAL_SECONDS)


@task(backend=QUEUE)
def audit_anchor() -> int | None:
    """Anchor the chain's head outside the table, then queue the next run (unless another is
    already waiting, so that two workers seeding at once do not keep two runs going). The next
    run is queued even when this one fails, so a full disk does not end the anchoring."""
    try:
        anchor = services.audit_anchor_write()
    finally:
        if not anchor_scheduled():
            audit_anchor.using(run_after=next_anchor_time(timezone.now())).enqueue()
    return anchor.row_id if anchor else None
