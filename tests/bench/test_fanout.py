"""The fan-out benchmark's pieces that need no server: its figures, the sessions it signs
parents in with (accepted by the real socket), and its notification rounds."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from bench.fanout import (
    delivery_summary,
    main,
    notify_everyone,
    parents_signed_in,
    percentile,
    round_of,
    session_for,
    throwaway_database_url,
)
from portal.asgi import application
from portal.auth.rules import socket_session_allowed
from portal.notifications.models import Notification
from portal.notifications.services import user_group
from tests.factories import UserFactory


def test_percentiles_are_nearest_rank():
    values = [float(n) for n in range(100, 0, -1)]
    assert percentile(values, 0.5) == 50
    assert percentile(values, 0.95) == 95
    assert percentile(values, 1.0) == 100
    assert percentile([7.0], 0.95) == 7
    assert percentile([], 0.5) is None


def test_summary_counts_what_never_arrived():
    summary = delivery_summary([10.0, 20.0, 30.0], expected=5)
    assert summary == {
        "expected": 5,
        "arrived": 3,
        "missed": 2,
        "p50_ms": 20.0,
        "p95_ms": 30.0,
        "max_ms": 30.0,
    }
    assert delivery_summary([], expected=2)["p95_ms"] is None


def test_round_is_read_from_the_notification_link():
    assert round_of("/portal/notifications/?fanout-round=12") == 12
    assert round_of("/portal/notifications/") is None
    assert round_of("") is None


def test_the_throwaway_database_is_on_the_same_server():
    url = throwaway_database_url("postgres://postgres@127.0.0.1:5432/h7?sslmode=disable", "x_1")
    assert url == "postgres://postgres@127.0.0.1:5432/x_1?sslmode=disable"


def test_it_refuses_without_postgresql_and_redis(monkeypatch, capsys):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    assert main(["--quick"]) == 2
    assert "needs PostgreSQL and Redis" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_session_passes_the_portals_socket_rule():
    parent = UserFactory()
    session = SessionStore(session_key=session_for(parent))
    assert socket_session_allowed(user=parent, session=session)


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_parent_connects_and_gets_the_rounds_notification():
    [(user_id, cookie)] = parents_signed_in(1)

    async def scenario():
        communicator = WebsocketCommunicator(
            application,
            "/ws/notifications/",
            headers=[
                (b"origin", b"http://testserver"),
                (b"host", b"testserver"),
                (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
            ],
        )
        connected, _ = await communicator.connect()
        assert connected
        try:
            committed, published = await sync_to_async(notify_everyone)([user_id], 3)
            message = await communicator.receive_json_from(timeout=5)
        finally:
            await communicator.disconnect()
        return committed, published, message

    committed, published, message = async_to_sync(scenario)()
    assert committed <= published
    assert round_of(message["url"]) == 3
    assert message["unread"] == 1
    assert Notification.objects.filter(recipient_id=user_id).count() == 1


def received(layer, channel) -> dict:
    """The next message on `channel`, or a failure after 10 s: a lost message fails the test
    rather than hanging the run."""

    async def receive():
        return await asyncio.wait_for(layer.receive(channel), timeout=10)

    return async_to_sync(receive)()


@pytest.mark.django_db(transaction=True)
def test_each_parent_gets_a_group_of_their_own():
    users = parents_signed_in(2)
    layer = get_channel_layer()

    async def listen():
        channels = []
        for user_id, _cookie in users:
            channel = await layer.new_channel()
            await layer.group_add(user_group(user_id), channel)
            channels.append(channel)
        return channels

    channels = async_to_sync(listen)()
    notify_everyone([user_id for user_id, _ in users], 1)
    for channel in channels:
        message = received(layer, channel)
        assert round_of(message["url"]) == 1


@pytest.mark.django_db(transaction=True)
def test_each_parent_is_told_their_own_unread_count():
    users = parents_signed_in(3)
    user_ids = [user_id for user_id, _ in users]
    notify_everyone(user_ids[:1], 1)
    layer = get_channel_layer()

    async def listen():
        channels = {}
        for user_id in user_ids:
            channels[user_id] = await layer.new_channel()
            await layer.group_add(user_group(user_id), channels[user_id])
        return channels

    channels = async_to_sync(listen)()
    notify_everyone(user_ids, 2)
    unread = {user_id: received(layer, channel)["unread"] for user_id, channel in channels.items()}
    assert unread == {user_ids[0]: 2, user_ids[1]: 1, user_ids[2]: 1}
