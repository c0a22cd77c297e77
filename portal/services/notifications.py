"""Notifications: published to the person's open pages only after the transaction commits."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    return f"session.{session_key}"


def session_end_notify(*, session_key: str | None) -> None:
    """Close every live socket of one browser session (on sign-out or expiry)."""
    if not session_key:
        return
    async_to_sync(get_channel_layer().group_send)(
        session_group(session_key), {"type": "session.ended"}
    )


def notify_user_on_commit(*, user_id: int, kind: str, text: str, url: str = "") -> None:
    """Queue a realtime notification for one person, sent when the current transaction commits.

    Nothing is sent if the transaction rolls back.
    """

    def publish() -> None:
        layer = get_channel_layer()
        async_to_sync(layer.group_send)(
            user_group(user_id), {"type": "notification", "kind": kind, "text": text, "url": url}
        )

    transaction.on_commit(publish)
