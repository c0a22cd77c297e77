"""The worker's safety nets: work whose own task failed or whose worker died (an overdue notice,
a message held through quiet hours) is still done once, when the worker starts or within a
minute, through the same idempotent services."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django_tasks_db.models import DBTaskResult

from messaging.concerns import services as concern_services
from messaging.concerns.models import ConcernEvent, ConcernEventKind
from messaging.conversations import services as conversation_services
from messaging.conversations.models import Message, QuietHours
from portal.audit.actors import AuditContext
from portal.notifications.models import Notification
from tests.conftest import run_worker

LONDON = ZoneInfo("Europe/London")
CONTEXT = AuditContext()


def lose_queued_tasks(task_path: str) -> None:
    """As if the task had failed, or its worker had been killed after claiming it: it is no
    longer waiting, and nothing would run it again."""
    DBTaskResult.objects.filter(task_path=task_path).update(status="FAILED")


def test_an_overdue_notice_whose_task_failed_is_sent_once_by_the_worker(world):
    concern = concern_services.concern_raise(
        actor=world.parent_1,
        context=CONTEXT,
        pupil=world.pupil_a1,
        category="support",
        what_happened="The reading sessions stopped.",
        would_like="Restart them.",
        now=datetime.datetime(2025, 11, 3, 10, 0, tzinfo=LONDON),
    )
    lose_queued_tasks("messaging.concerns.tasks.concern_deadline_check")

    run_worker()
    run_worker()

    overdue = ConcernEvent.objects.filter(
        concern=concern, kind=ConcernEventKind.ACKNOWLEDGE_OVERDUE
    )
    answer_overdue = ConcernEvent.objects.filter(
        concern=concern, kind=ConcernEventKind.ANSWER_OVERDUE
    )
    assert overdue.count() == 1
    assert answer_overdue.count() == 1
    told = Notification.objects.filter(recipient=world.parent_1, text__contains="in time")
    assert told.count() == 2


def test_a_message_held_through_quiet_hours_whose_task_failed_is_released_once(world):
    QuietHours.objects.create(
        school=world.school_a,
        enabled=True,
        starts_at=datetime.time(18, 0),
        ends_at=datetime.time(7, 30),
        weekends=True,
        updated_by=world.senco_a,
    )
    _conversation, sent = conversation_services.conversation_start(
        actor=world.parent_1,
        context=CONTEXT,
        pupil=world.pupil_a1,
        parent=world.parent_1,
        staff=[world.senco_a],
        subject="Reading at home",
        body="Could we talk about reading at home?",
        now=datetime.datetime(2025, 12, 5, 19, 0, tzinfo=LONDON),
    )
    assert Message.objects.get(pk=sent.message.pk).notified_at is None
    lose_queued_tasks("messaging.conversations.tasks.message_notify")

    run_worker()
    run_worker()

    assert Message.objects.get(pk=sent.message.pk).notified_at is not None
    assert Notification.objects.filter(recipient=world.senco_a).count() == 1


def test_a_message_still_in_quiet_hours_is_not_released_by_the_sweep(world):
    from messaging.conversations.sweep import sweep

    QuietHours.objects.create(
        school=world.school_a,
        enabled=True,
        starts_at=datetime.time(0, 0),
        ends_at=datetime.time(23, 59),
        weekends=True,
        updated_by=world.senco_a,
    )
    _conversation, sent = conversation_services.conversation_start(
        actor=world.parent_1,
        context=CONTEXT,
        pupil=world.pupil_a1,
        parent=world.parent_1,
        staff=[world.senco_a],
        subject="Reading at home",
        body="Could we talk?",
        now=datetime.datetime(2026, 11, 25, 12, 0, tzinfo=LONDON),
    )

    released = sweep(now=datetime.datetime(2026, 11, 25, 12, 10, tzinfo=LONDON))

    assert released == 0
    assert not Notification.objects.filter(recipient=world.senco_a).exists()
