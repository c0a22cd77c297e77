"""Sharing a record reaches the parents' open pages over the notification socket, only after
commit, and never another family's."""

from __future__ import annotations

import datetime

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.test import Client
from django.utils import timezone

from portal.asgi import application
from portal.audit.actors import AuditContext
from portal.support.meetings import services
from tests.conftest import sign_in
from tests.factories import MeetingFactory
from tests.messaging.test_consumers import PATH, QUIET_SECONDS, RolledBack, headers

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_shared_record_reaches_the_parent_live_only_after_commit(world):
    meeting = MeetingFactory(
        pupil=world.pupil_a1, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    parent = sign_in(Client(), world.parent_1, verified=False)
    other_parent = sign_in(Client(), world.parent_2, verified=False)
    address = f"/portal/meetings/{meeting.pk}/record/"

    def share(*, roll_back: bool) -> None:
        try:
            with transaction.atomic():
                services.meeting_share_with_parents(
                    actor=world.senco_a, context=AuditContext(), meeting=meeting
                )
                if roll_back:
                    raise RolledBack
        except RolledBack:
            meeting.refresh_from_db()

    async def scenario():
        sockets = [
            WebsocketCommunicator(application, PATH, headers=headers(client))
            for client in (parent, other_parent)
        ]
        for socket in sockets:
            connected, _ = await socket.connect()
            assert connected
        parent_socket, other_socket = sockets
        try:
            await sync_to_async(share)(roll_back=True)
            quiet_after_rollback = await parent_socket.receive_nothing(timeout=QUIET_SECONDS)
            await sync_to_async(share)(roll_back=False)
            heard = [await parent_socket.receive_json_from(timeout=3) for _ in range(4)]
            other_quiet = await other_socket.receive_nothing(timeout=QUIET_SECONDS)
            return quiet_after_rollback, heard, other_quiet
        finally:
            for socket in sockets:
                await socket.disconnect()

    quiet_after_rollback, heard, other_quiet = async_to_sync(scenario)()

    assert quiet_after_rollback is True
    notification = next(message for message in heard if message["kind"] == "meeting")
    assert notification["url"] == address
    assert {"kind": "page.update", "url": f"/portal/pupils/{world.pupil_a1.pk}/"} in heard
    assert {"kind": "page.update", "url": f"/portal/meetings/{meeting.pk}/"} in heard
    assert other_quiet is True
