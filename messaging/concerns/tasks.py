"""Background tasks for concerns (django-tasks, backend "queue"): the concern row is the record,
so a task lost, run twice or run for a date since revised tells the parent at most once."""

from __future__ import annotations

import datetime

from django_tasks import task

from . import services

QUEUE = "queue"


@task(backend=QUEUE)
def concern_deadline_check(*, concern_id: int, deadline: str, due: str) -> bool:
    """Queued for the end of a due day: tell the parent if the step was not taken."""
    return services.concern_deadline_passed(
        concern_id=concern_id, deadline=deadline, due=datetime.date.fromisoformat(due)
    )
