"""New messages over the notification socket: only the thread's members hear of them, and only
after the transaction commits. The channel layer is in memory by default and Redis when
REDIS_URL is set."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.test import Client

from messaging.conversations import services
from portal.asgi import application
from portal.audit.actors import AuditContext
from tests.conftest import sign_in
from tests.factories import link_parent
from tests.messaging.test_consumers import PATH, QUIET_SECONDS, RolledBack, headers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def conversation(world):
    """Parent 1 and the SENCO about Aisha; parent 2 is linked to Aisha too."""
    link_parent(world.parent_2, world.pupil_a1, relationship="father")
    conversation, _sent = services.conversation_start(
        actor=world.parent_1,
        context=AuditContext(),
        pupil=world.pupil_a1,
        parent=world.parent_1,
        staff=[world.senco_a],
        subject="Reading at home",
        body="Could we talk?",
    )
    return conversation


def test_a_reply_reaches_only_the_threads_members_and_only_after_commit(world, conversation):
    clients = {
        "parent_1": sign_in(Client(), world.parent_1, verified=False),
        "parent_2": sign_in(Client(), world.parent_2, verified=False),
        "senco_b": sign_in(Client(), world.senco_b),
        "senco_a": sign_in(Client(), world.senco_a),
    }
    address = f"/portal/conversations/{conversation.pk}/"

    def reply(*, roll_back: bool) -> None:
        try:
            with transaction.atomic():
                services.message_send(
                    actor=world.senco_a,
                    context=AuditContext(),
                    conversation=conversation,
                    body="Thursday at 3?",
                )
                if roll_back:
                    raise RolledBack
        except RolledBack:
            pass

    async def scenario():
        sockets = {
            name: WebsocketCommunicator(application, PATH, headers=headers(client))
            for name, client in clients.items()
        }
        for communicator in sockets.values():
            connected, _ = await communicator.connect()
            assert connected
        try:
            await sync_to_async(reply)(roll_back=True)
            silent_after_rollback = await sockets["parent_1"].receive_nothing(timeout=QUIET_SECONDS)
            await sync_to_async(reply)(roll_back=False)
            heard = []
            for _ in range(3):  # the thread's page, the list page, the notification
                heard.append(await sockets["parent_1"].receive_json_from(timeout=3))
            author_heard = [await sockets["senco_a"].receive_json_from(timeout=3) for _ in range(2)]
            quiet = {
                name: await sockets[name].receive_nothing(timeout=QUIET_SECONDS)
                for name in ("parent_2", "senco_b")
            }
            return silent_after_rollback, heard, author_heard, quiet
        finally:
            for communicator in sockets.values():
                await communicator.disconnect()

    silent_after_rollback, heard, author_heard, quiet = async_to_sync(scenario)()

    assert silent_after_rollback is True
    assert {"kind": "page.update", "url": address} in heard
    notification = next(message for message in heard if message["kind"] != "page.update")
    assert notification["kind"] == "conversation.message"
    assert notification["url"] == address
    assert "Aisha" in notification["text"]
    assert "Thursday" not in notification["text"]
    # The author's other open pages refresh too, but the author is not notified.
    assert {"kind": "page.update", "url": address} in author_heard
    assert all(message["kind"] == "page.update" for message in author_heard)
    assert quiet == {"parent_2": True, "senco_b": True}
