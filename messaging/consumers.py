"""WebSocket delivery of the notifications the core publishes after each commit."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from portal.access import needs_second_factor
from portal.services.notifications import user_group

# WebSocket close codes in the private range: not signed in, second factor missing.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_UNVERIFIED = 4403


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Pushes a signed-in person's own notifications to their open pages."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if await database_sync_to_async(self._blocked_by_second_factor)(user):
            await self.close(code=CLOSE_UNVERIFIED)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    def _blocked_by_second_factor(self, user) -> bool:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.models import Device

        if not needs_second_factor(user):
            return False
        device_id = self.scope["session"].get(DEVICE_ID_SESSION_KEY)
        device = Device.from_persistent_id(device_id) if device_id else None
        return device is None or device.user_id != user.pk

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # The socket only delivers; nothing is accepted from the browser.
        return

    async def notification(self, event):
        await self.send_json({"kind": event["kind"], "text": event["text"], "url": event["url"]})
