"""Mail backends for tests: a mail server that fails a given number of times, then works."""

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(LocmemBackend):
    """Raises like an unreachable SMTP server for the first `failures_left` sends."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise ConnectionRefusedError("mail server unreachable")
        return super().send_messages(messages)


class BrokenChannelLayer:
    """A channel layer whose every call fails, as when Redis is unreachable."""

    extensions: list[str] = []

    def __init__(self, **kwargs):
        pass

    async def group_send(self, group, message):
        raise ConnectionError("channel layer unreachable")

    async def group_add(self, group, channel):
        raise ConnectionError("channel layer unreachable")

    async def group_discard(self, group, channel):
        raise ConnectionError("channel layer unreachable")

    async def send(self, channel, message):
        raise ConnectionError("channel layer unreachable")

    async def new_channel(self, prefix="specific."):
        raise ConnectionError("channel layer unreachable")
