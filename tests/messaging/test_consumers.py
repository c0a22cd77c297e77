"""The notifications WebSocket, driven through the real ASGI application and channel layer.

The channel layer is whatever the settings choose: in memory by default, Redis when
REDIS_URL is set. Each scenario runs in one event loop (async_to_sync), and the sync
parts it needs (HTTP requests, service calls) run through sync_to_async, so the
database connection is the test's own.
"""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction
from django.test import Client

from messaging.consumers import CLOSE_BAD_FRAME
from portal.asgi import application
from portal.audit.actors import AuditContext
from portal.notifications.services import user_group
from portal.people.models import GuardianLink
from portal.people.services import invitation_accept
from tests.conftest import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PATH = "/ws/notifications/"
QUIET_SECONDS = 0.5


def headers(client: Client | None = None, *, origin: bytes = b"http://testserver"):
    result = [(b"origin", origin), (b"host", b"testserver")]
    if client is not None:
        result.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return result


def try_to_connect(client: Client | None = None, **kwargs) -> tuple[bool, object]:
    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=headers(client, **kwargs))
        try:
            return await communicator.connect()
        finally:
            await communicator.disconnect()

    return async_to_sync(scenario)()


class RolledBack(Exception):
    pass


@pytest.fixture
def invitee(world):
    """The parent invitation_a1 was sent to, signed in (parents need no second factor)."""
    user = UserFactory(email=world.invitation_a1.email)
    return user, sign_in(Client(), user, verified=False)


# --- Who may connect ------------------------------------------------------------------------


def test_anonymous_socket_is_closed_not_accepted(world):
    connected, _ = try_to_connect()

    assert connected is False


def test_staff_without_second_factor_is_refused(world):
    client = sign_in(Client(), world.senco_a, verified=False)

    connected, _ = try_to_connect(client)

    assert connected is False


def test_verified_senco_connects(world):
    client = sign_in(Client(), world.senco_a)

    connected, _ = try_to_connect(client)

    assert connected is True


def test_parent_without_second_factor_connects(world):
    client = sign_in(Client(), world.parent_1, verified=False)

    connected, _ = try_to_connect(client)

    assert connected is True


def test_signed_out_session_no_longer_connects(world):
    client = sign_in(Client(), world.senco_a)
    cookie_headers = headers(client)
    client.post("/accounts/logout/")

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=cookie_headers)
        try:
            return await communicator.connect()
        finally:
            await communicator.disconnect()

    connected, _ = async_to_sync(scenario)()

    assert connected is False


def test_socket_from_another_site_is_refused(world):
    client = sign_in(Client(), world.senco_a)

    connected, _ = try_to_connect(client, origin=b"https://evil.example")

    assert connected is False


# --- Notifications ---------------------------------------------------------------------------


def test_senco_hears_when_a_parent_accepts_through_the_link(world, invitee):
    senco = sign_in(Client(), world.senco_a)
    _, parent_client = invitee
    url = f"/portal/invitations/accept/{world.invitation_a1.token}/"

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=headers(senco))
        connected, _ = await communicator.connect()
        assert connected
        try:
            response = await sync_to_async(parent_client.post)(url)
            message = await communicator.receive_json_from(timeout=3)
            return response, message
        finally:
            await communicator.disconnect()

    response, message = async_to_sync(scenario)()

    assert response.status_code == 302
    assert message["kind"] == "invitation.accepted"
    assert "Aisha Khan" in message["text"]
    assert world.invitation_a1.email in message["text"]
    assert message["url"] == f"/portal/pupils/{world.pupil_a1.pk}/"


def test_nothing_is_sent_when_the_acceptance_rolls_back(world, invitee):
    parent, _ = invitee
    senco = sign_in(Client(), world.senco_a)
    token = world.invitation_a1.token

    def accept(*, roll_back: bool) -> None:
        try:
            with transaction.atomic():
                invitation_accept(actor=parent, context=AuditContext(), token=token)
                if roll_back:
                    raise RolledBack
        except RolledBack:
            pass

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=headers(senco))
        connected, _ = await communicator.connect()
        assert connected
        try:
            await sync_to_async(accept)(roll_back=True)
            silent = await communicator.receive_nothing(timeout=QUIET_SECONDS)
            linked_after_rollback = await sync_to_async(
                GuardianLink.objects.filter(parent=parent).exists
            )()
            # The same acceptance, committed this time, does reach the socket.
            await sync_to_async(accept)(roll_back=False)
            message = await communicator.receive_json_from(timeout=3)
            return silent, linked_after_rollback, message
        finally:
            await communicator.disconnect()

    silent, linked_after_rollback, message = async_to_sync(scenario)()

    assert silent is True
    assert linked_after_rollback is False
    assert message["kind"] == "invitation.accepted"


def test_other_peoples_sockets_hear_nothing(world, invitee):
    _, parent_client = invitee
    senco_a = sign_in(Client(), world.senco_a)
    senco_b = sign_in(Client(), world.senco_b)
    parent_1 = sign_in(Client(), world.parent_1, verified=False)
    url = f"/portal/invitations/accept/{world.invitation_a1.token}/"

    async def scenario():
        sockets = {
            name: WebsocketCommunicator(application, PATH, headers=headers(client))
            for name, client in {
                "senco_a": senco_a,
                "senco_b": senco_b,
                "parent_1": parent_1,
            }.items()
        }
        for communicator in sockets.values():
            connected, _ = await communicator.connect()
            assert connected
        try:
            await sync_to_async(parent_client.post)(url)
            message = await sockets["senco_a"].receive_json_from(timeout=3)
            quiet = {
                name: await sockets[name].receive_nothing(timeout=QUIET_SECONDS)
                for name in ("senco_b", "parent_1")
            }
            return message, quiet
        finally:
            for communicator in sockets.values():
                await communicator.disconnect()

    message, quiet = async_to_sync(scenario)()

    assert message["kind"] == "invitation.accepted"
    assert quiet == {"senco_b": True, "parent_1": True}


def test_messages_sent_from_the_browser_are_ignored(world):
    senco = sign_in(Client(), world.senco_a)

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=headers(senco))
        connected, _ = await communicator.connect()
        assert connected
        try:
            await communicator.send_json_to(
                {"type": "notification", "kind": "x", "text": "spoof", "url": "/"}
            )
            return await communicator.receive_nothing(timeout=QUIET_SECONDS)
        finally:
            await communicator.disconnect()

    assert async_to_sync(scenario)() is True


def test_an_expired_staff_session_cannot_open_a_socket(world):
    import time

    client = sign_in(Client(), world.senco_a)
    session = client.session
    session["portal_auth_started_at"] = time.time() - 8 * 60 * 60 - 1
    session.save()

    connected, _ = try_to_connect(client)

    assert connected is False


def test_signing_out_closes_the_open_socket_of_that_browser(world):
    client = sign_in(Client(), world.senco_a)
    cookie_headers = headers(client)

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=cookie_headers)
        connected, _ = await communicator.connect()
        assert connected
        await sync_to_async(client.post)("/accounts/logout/")
        closed = await communicator.receive_output(timeout=2)
        await communicator.disconnect()
        return closed

    closed = async_to_sync(scenario)()

    assert closed["type"] == "websocket.close"


def test_a_socket_opened_before_the_second_factor_is_set_up_closes_with_the_old_session_key(
    world,
):
    # Tab 1 holds a socket under the session's first key; tab 2 sets up an authenticator, which
    # gives the session a new key. Signing out later would reach only the new key's sockets.
    from django_otp.oath import TOTP

    from portal.auth.services import otp_pending_device

    client = sign_in(Client(), world.parent_1)
    cookie_headers = headers(client)
    device = otp_pending_device(user=world.parent_1)
    token = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=cookie_headers)
        connected, _ = await communicator.connect()
        assert connected
        response = await sync_to_async(client.post)("/portal/2fa/setup/", {"token": token})
        assert response.status_code == 302
        closed = await communicator.receive_output(timeout=2)
        await communicator.disconnect()
        return closed

    closed = async_to_sync(scenario)()

    assert closed["type"] == "websocket.close"


# --- Sockets that stay idle, and frames the socket does not expect -------------------------


IDLE_SECONDS = 7  # longer than redis-py's default 5 s read timeout


@pytest.mark.skipif(not settings.REDIS_URL, reason="the idle timeout is the Redis layer's")
def test_an_idle_socket_still_receives_a_notification(world):
    senco = sign_in(Client(), world.senco_a)
    group = user_group(world.senco_a.pk)

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=headers(senco))
        connected, _ = await communicator.connect()
        assert connected
        try:
            await asyncio.sleep(IDLE_SECONDS)
            await get_channel_layer().group_send(
                group,
                {"type": "notification", "kind": "test", "text": "Still here", "url": ""},
            )
            return await communicator.receive_json_from(timeout=5)
        finally:
            await communicator.disconnect()

    message = async_to_sync(scenario)()

    assert message["text"] == "Still here"


@pytest.mark.parametrize(
    "frame", [{"text_data": "not json {"}, {"bytes_data": b"\x00\x01"}], ids=["text", "binary"]
)
def test_a_frame_that_is_not_json_closes_the_socket_cleanly(world, frame):
    senco = sign_in(Client(), world.senco_a)

    async def scenario():
        communicator = WebsocketCommunicator(application, PATH, headers=headers(senco))
        connected, _ = await communicator.connect()
        assert connected
        await communicator.send_to(**frame)
        closed = await communicator.receive_output(timeout=2)
        await communicator.disconnect()
        return closed

    closed = async_to_sync(scenario)()

    assert closed == {"type": "websocket.close", "code": CLOSE_BAD_FRAME}


BURST = 300  # more than channels_redis's default capacity of 100 messages


@pytest.mark.skipif(not settings.REDIS_URL, reason="the capacity is the Redis layer's")
def test_a_burst_to_hundreds_of_sockets_in_one_process_loses_nothing():
    """Every socket of a server process shares one Redis list: a notification to hundreds of
    people published at once must reach them all, not only the first hundred."""
    layer = get_channel_layer()

    async def scenario():
        channels = [await layer.new_channel() for _ in range(BURST)]
        for index, channel in enumerate(channels):
            await layer.group_add(f"burst.{index}", channel)
        for index in range(BURST):
            await layer.group_send(f"burst.{index}", {"type": "notification", "n": index})
        received = [await asyncio.wait_for(layer.receive(ch), 5) for ch in channels]
        for index, channel in enumerate(channels):
            await layer.group_discard(f"burst.{index}", channel)
        return [message["n"] for message in received]

    assert async_to_sync(scenario)() == list(range(BURST))


def test_hundreds_of_sockets_closing_at_once_all_leave_their_groups():
    """When a server restarts or a school's wifi drops, hundreds of sockets close together and
    each leaves its groups at the same moment. Every one must leave cleanly (on Redis, more than
    the connection pool's old limit of 100 at once raised "Too many connections")."""
    layer = get_channel_layer()
    sockets = 300

    async def scenario():
        channels = [await layer.new_channel() for _ in range(sockets)]
        await asyncio.gather(
            *(layer.group_add(f"closing.{i}", ch) for i, ch in enumerate(channels))
        )
        results = await asyncio.gather(
            *(layer.group_discard(f"closing.{i}", ch) for i, ch in enumerate(channels)),
            return_exceptions=True,
        )
        # Left: a message to any of those groups now reaches nobody.
        await layer.group_send("closing.0", {"type": "notification", "n": 0})
        try:
            stray = await asyncio.wait_for(layer.receive(channels[0]), 0.3)
        except TimeoutError:
            stray = None
        return [r for r in results if isinstance(r, Exception)], stray

    errors, stray = async_to_sync(scenario)()

    assert errors == []
    assert stray is None


def test_a_page_update_reaches_only_the_named_people_and_only_after_commit(world):
    """live_update tells open pages to refresh a region without storing a notification."""
    from portal.notifications.models import Notification
    from portal.notifications.services import live_update

    parent_1 = sign_in(Client(), world.parent_1, verified=False)
    senco_a = sign_in(Client(), world.senco_a)
    address = f"/portal/pupils/{world.pupil_a1.pk}/"

    def update(*, roll_back: bool) -> None:
        try:
            with transaction.atomic():
                live_update(user_ids=[world.parent_1.pk], url=address)
                if roll_back:
                    raise RolledBack
        except RolledBack:
            pass

    async def scenario():
        parent_socket = WebsocketCommunicator(application, PATH, headers=headers(parent_1))
        senco_socket = WebsocketCommunicator(application, PATH, headers=headers(senco_a))
        for communicator in (parent_socket, senco_socket):
            connected, _ = await communicator.connect()
            assert connected
        try:
            await sync_to_async(update)(roll_back=True)
            silent_after_rollback = await parent_socket.receive_nothing(timeout=QUIET_SECONDS)
            await sync_to_async(update)(roll_back=False)
            message = await parent_socket.receive_json_from(timeout=3)
            senco_quiet = await senco_socket.receive_nothing(timeout=QUIET_SECONDS)
            return silent_after_rollback, message, senco_quiet
        finally:
            for communicator in (parent_socket, senco_socket):
                await communicator.disconnect()

    silent_after_rollback, message, senco_quiet = async_to_sync(scenario)()

    assert silent_after_rollback is True
    assert message == {"kind": "page.update", "url": address}
    assert senco_quiet is True
    assert not Notification.objects.filter(recipient=world.parent_1).exists()
