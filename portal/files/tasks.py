"""The attachments' scheduled job on the worker's queue (django-tasks, database backend)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.files import services

QUEUE = "queue"
PRUNE_INTERVAL = datetime.timedelta(hours=1)


def prune_scheduled() -> bool:
    """Whether a run of `attachments_prune` is waiting in the queue."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=attachments_prune.module_path
    ).exists()


@task(backend=QUEUE)
def attachments_prune() -> int:
    """Delete attachment files that no row names (their transaction rolled back), then queue the
    next run in an hour (unless one is already waiting). The next run is queued even when this
    one fails. Queued by the worker when it starts, so rollbacks never leave files for ever."""
    try:
        return services.attachment_orphans_delete()
    finally:
        if not prune_scheduled():
            attachments_prune.using(run_after=timezone.now() + PRUNE_INTERVAL).enqueue()
