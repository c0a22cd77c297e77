"""Sharing a record from two requests at the same moment, on PostgreSQL (where rows are really
written at once): it is shared once and each parent is told once."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.notifications.models import Notification, OutboundEmail
from portal.support.meetings import services
from portal.support.meetings.models import Meeting
from tests.factories import MeetingFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real connections writing at once"
)


@pytest.mark.django_db(transaction=True)
def test_sharing_twice_at_the_same_moment_shares_once(world):
    meeting = MeetingFactory(
        pupil=world.pupil_a1, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def share() -> None:
        try:
            copy = Meeting.objects.select_related("pupil").get(pk=meeting.pk)
            barrier.wait()
            outcomes.append(
                services.meeting_share_with_parents(
                    actor=world.senco_a, context=AuditContext(), meeting=copy
                )
            )
        except Exception as error:  # noqa: BLE001 - reported below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=share) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes, key=str) == [False, True]
    assert Notification.objects.filter(recipient=world.parent_1).count() == 1
    assert OutboundEmail.objects.filter(to=world.parent_1.email).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.MEETING_SHARED).count() == 1
