"""A step on a concern reaches open pages over the notification socket, only after commit."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.test import Client

from messaging.concerns import services
from portal.asgi import application
from portal.audit.actors import AuditContext
from tests.conftest import sign_in
from tests.messaging.test_consumers import PATH, QUIET_SECONDS, RolledBack, headers

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reply_reaches_the_parent_and_the_headteacher_only_after_commit(world):
    concern = services.concern_raise(
        actor=world.parent_1,
        context=AuditContext(),
        pupil=world.pupil_a1,
        category="wellbeing",
        what_happened="Aisha is anxious at lunchtimes.",
        would_like="A quiet space to go to.",
    )
    parent = sign_in(Client(), world.parent_1, verified=False)
    head = sign_in(Client(), world.head_a)
    other_parent = sign_in(Client(), world.parent_2, verified=False)
    address = f"/portal/concerns/{concern.pk}/"

    def reply(*, roll_back: bool) -> None:
        try:
            with transaction.atomic():
                services.concern_reply(
                    actor=world.senco_a,
                    context=AuditContext(),
                    concern=concern,
                    body="The library is open at lunch.",
                )
                if roll_back:
                    raise RolledBack
        except RolledBack:
            pass

    async def scenario():
        sockets = [
            WebsocketCommunicator(application, PATH, headers=headers(client))
            for client in (parent, head, other_parent)
        ]
        for socket in sockets:
            connected, _ = await socket.connect()
            assert connected
        parent_socket, head_socket, other_socket = sockets
        try:
            await sync_to_async(reply)(roll_back=True)
            quiet_after_rollback = await parent_socket.receive_nothing(timeout=QUIET_SECONDS)
            await sync_to_async(reply)(roll_back=False)
            to_parent = await parent_socket.receive_json_from(timeout=3)
            to_head = await head_socket.receive_json_from(timeout=3)
            other_quiet = await other_socket.receive_nothing(timeout=QUIET_SECONDS)
            return quiet_after_rollback, to_parent, to_head, other_quiet
        finally:
            for socket in sockets:
                await socket.disconnect()

    quiet_after_rollback, to_parent, to_head, other_quiet = async_to_sync(scenario)()

    assert quiet_after_rollback is True
    assert to_parent["kind"] == "concern"
    assert to_parent["url"] == address
    assert "replied" in to_parent["text"]
    assert to_head == {"kind": "page.update", "url": address}
    assert other_quiet is True
    assert concern.events.count() == 2


def test_a_new_concern_refreshes_the_staffs_open_list_dashboard_and_childs_page(world):
    """The SENCO with the school's concern list or the dashboard open sees a new concern without
    reloading; the parent's other open pages (the child's page) refresh too."""
    senco = sign_in(Client(), world.senco_a)

    def raise_one() -> None:
        services.concern_raise(
            actor=world.parent_1,
            context=AuditContext(),
            pupil=world.pupil_a1,
            category="wellbeing",
            what_happened="Aisha is anxious at lunchtimes.",
            would_like="A quiet space to go to.",
        )

    async def scenario():
        socket = WebsocketCommunicator(application, PATH, headers=headers(senco))
        connected, _ = await socket.connect()
        assert connected
        try:
            await sync_to_async(raise_one)()
            received = [await socket.receive_json_from(timeout=3)]
            while not await socket.receive_nothing(timeout=QUIET_SECONDS):
                received.append(await socket.receive_json_from(timeout=3))
            return received
        finally:
            await socket.disconnect()

    addresses = {message["url"] for message in async_to_sync(scenario)()}

    assert f"/portal/schools/{world.school_a.pk}/concerns/" in addresses
    assert "/portal/" in addresses
    assert f"/portal/pupils/{world.pupil_a1.pk}/" in addresses
