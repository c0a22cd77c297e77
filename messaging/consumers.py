"""WebSocket delivery of the notifications the core publishes after each commit."""

import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.auth.rules import socket_session_allowed
from portal.notifications.services import session_group, user_group

logger = logging.getLogger(__name__)

# WebSocket close codes in the private range: a frame that is not JSON text, not signed in,
# second factor missing.
CLOSE_BAD_FRAME = 4400
CLOSE_UNAUTHENTICATED = 4401
CLOSE_UNVERIFIED = 4403


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Pushes a signed-in person's own notifications to their open pages."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        allowed = await database_sync_to_async(socket_session_allowed)(
            user=user, session=self.scope["session"]
        )
        if not allowed:
            await self.close(code=CLOSE_UNVERIFIED)
            return
        self.groups_joined = [user_group(user.pk), session_group(self.scope["session"].session_key)]
        for group in self.groups_joined:
            await self._join(group)
        await self.accept()

    async def _join(self, group: str) -> None:
        try:
            await self.channel_layer.group_add(group, self.channel_name)
        except RedisConnectionError:
            # After Redis restarts, each server process's first use of a connection it kept
            # from before fails once; the layer drops it and the second try takes a new one.
            logger.info("Joining %s again after a stale Redis connection", group)
            await self.channel_layer.group_add(group, self.channel_name)

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """The socket only delivers; nothing is accepted from the browser. JSON text is ignored;
        anything else (binary, or text that is not JSON) is not our page talking: close."""
        if text_data is not None:
            try:
                json.loads(text_data)
            except ValueError:
                pass
            else:
                return
        logger.info("Closing a notification socket that sent a frame that is not JSON text")
        await self.close(code=CLOSE_BAD_FRAME)

    async def session_ended(self, event):
        """The person signed out (or the session expired) in this browser: stop delivering."""
        await self.close(code=CLOSE_UNAUTHENTICATED)

    async def notification(self, event):
        await self.send_json(
            {
                "kind": event["kind"],
                "text": event["text"],
                "url": event["url"],
                "unread": event.get("unread"),
            }
        )

    async def page_update(self, event):
        """Something shown at this address changed: a page showing it refreshes that part."""
        await self.send_json({"kind": "page.update", "url": event["url"]})
