"""Background tasks (django-tasks, database backend): the message rows are the record, so a task
lost or run twice loses or doubles nothing."""

from __future__ import annotations

from django_tasks import task

from messaging.conversations import services

QUEUE = "queue"


@task(backend=QUEUE)
def message_notify(*, message_id: int) -> bool:
    """Tell a message's recipients once the school's quiet hours have ended."""
    return services.message_notify_held(message_id=message_id)
