"""Public pages while Redis is down: they render, are not cached, and a page purged meanwhile is
not served stale once Redis is back.

"Down" is the project's own cache configuration pointed at a TCP relay to the real Redis that
the test closes and reopens (the shared Redis itself is never stopped), or at a closed port.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings

from portal.cache import reset_breakers
from portal.settings.base import redis_cache
from tests.content.conftest import publish

DEAD_REDIS = "redis://127.0.0.1:1/0"


class Relay:
    """A TCP relay on a fixed local port to the real Redis, which can be cut and restored."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.listener: socket.socket | None = None
        self.sockets: list[socket.socket] = []

    def up(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def down(self) -> None:
        if self.listener is not None:
            # shutdown, not just close: a thread blocked in accept() keeps a closed socket open.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)


@pytest.fixture
def redis_down(settings):
    reset_breakers()
    settings.CACHES = {"default": redis_cache(DEAD_REDIS)}
    yield
    reset_breakers()


@pytest.fixture
def relayed_redis(settings):
    """The cache on the real Redis through a relay: `relay.down()` makes Redis unreachable."""
    if not django_settings.REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL)")
    real = urlsplit(django_settings.CACHES["default"]["LOCATION"])
    relay = Relay((real.hostname, real.port or 6379))
    relay.up()
    reset_breakers()
    location = urlunsplit(real._replace(netloc=f"127.0.0.1:{relay.port}"))
    settings.CACHES = {"default": {**redis_cache(location), "RETRY_SECONDS": 0.2}}
    yield relay
    relay.down()
    reset_breakers()


def test_public_pages_and_search_render_uncached_while_redis_is_down(site, client, redis_down):
    for url in ("/", site.report_a.url, site.guidance.url, site.page_a.url + "search/?q=learn"):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "X-Cache" not in response, url


def test_a_page_purged_while_redis_was_down_is_not_served_stale_afterwards(
    site, client, relayed_redis, django_capture_on_commit_callbacks
):
    assert client.get(site.report_a.url)["X-Cache"] == "miss"
    assert client.get(site.report_a.url)["X-Cache"] == "hit"

    relayed_redis.down()
    site.report_a.summary = "A new summary while Redis was away."
    with django_capture_on_commit_callbacks(execute=True):
        publish(site.report_a)
    during = client.get(site.report_a.url)
    relayed_redis.up()
    time.sleep(0.3)  # the breaker's retry interval
    after = client.get(site.report_a.url)

    assert during.status_code == 200
    assert "A new summary while Redis was away." in during.content.decode()
    assert after["X-Cache"] == "miss"
    assert "A new summary while Redis was away." in after.content.decode()
    assert client.get(site.report_a.url)["X-Cache"] == "hit"
