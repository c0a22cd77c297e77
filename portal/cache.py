"""The cache: Redis, falling back to this process's memory while Redis is unreachable.

The cache holds rate-limit counters and cached public pages; nothing in it is the only copy
of anything. So when Redis is down the site keeps working: each process counts rate limits in
its own memory, the public page cache misses (see `degraded`), and the failure is logged once,
not on every call. After a failure Redis is left alone for a few seconds (a circuit breaker), so
a dead Redis costs one short timeout per process every few seconds, not one per call.
Invalidations made while Redis was unreachable (`delete`, `incr`, as the public page cache's
purge uses) are replayed when it is back, so no process serves a page purged meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from urllib.parse import urlsplit

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Unreachable, timed out, not speaking Redis (a wrong port behind a proxy), or a replica left
# read-only by a failover.
REDIS_ERRORS = (
    redis.ConnectionError,
    redis.TimeoutError,
    redis.exceptions.InvalidResponse,
    redis.exceptions.ReadOnlyError,
    OSError,
)
# While Redis is unreachable, say so at most this often.
LOG_INTERVAL_SECONDS = 60
# Invalidations remembered for replay; beyond this the oldest are dropped.
MAX_PENDING_INVALIDATIONS = 10_000


def _redacted(location: str) -> str:
    """host:port/db of a Redis URL, without any password it carries."""
    parts = urlsplit(location)
    return f"{parts.hostname}:{parts.port or 6379}{parts.path}"


class _Breaker:
    """Per process and per Redis location: is Redis being skipped, and what to replay."""

    def __init__(self, location: str, retry_seconds: float) -> None:
        self.location = _redacted(location)
        self.retry_seconds = retry_seconds
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.down_since: float | None = None
        self.last_logged = 0.0
        self.failures = 0
        self.pending: OrderedDict[tuple[str, int | None], int | None] = OrderedDict()

    def is_open(self) -> bool:
        return time.monotonic() < self.down_until

    def trip(self, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.down_until = now + self.retry_seconds
            self.failures += 1
            first = self.down_since is None
            if first:
                self.down_since = now
            if not first and now - self.last_logged < LOG_INTERVAL_SECONDS:
                return
            self.last_logged = now
            failures, down_for = self.failures, now - self.down_since
        if first:
            logger.error(
                "Redis cache at %s is unreachable (%s): using this process's memory, "
                "retrying every %ss",
                self.location,
                error,
                self.retry_seconds,
            )
        else:
            logger.error(
                "Redis cache at %s still unreachable after %.0fs (%d failures): %s",
                self.location,
                down_for,
                failures,
                error,
            )

    def is_recovering(self) -> bool:
        return self.down_since is not None

    def pending_invalidations(self) -> list[tuple[tuple[str, int | None], int | None]]:
        with self.lock:
            return list(self.pending.items())

    def recovered(self, replayed) -> None:
        """Redis answered again and `replayed` reached it."""
        with self.lock:
            if self.down_since is None:
                return
            down_for = time.monotonic() - self.down_since
            self.down_since = None
            self.failures = 0
            for key, delta in replayed:
                if self.pending.get(key, 0) == delta:
                    del self.pending[key]
        logger.warning(
            "Redis cache at %s is reachable again after %.0fs; replayed %d invalidations",
            self.location,
            down_for,
            len(replayed),
        )

    def remember(self, key: str, version: int | None, delta: int | None) -> None:
        """An invalidation that did not reach Redis: a delete (delta None) or an incr."""
        with self.lock:
            previous = self.pending.pop((key, version), 0)
            if delta is not None and previous is not None:
                delta += previous
            self.pending[(key, version)] = delta
            while len(self.pending) > MAX_PENDING_INVALIDATIONS:
                self.pending.popitem(last=False)


_breakers: dict[tuple[str, float], _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location: str, retry_seconds: float) -> _Breaker:
    # Django builds a cache object per thread (and per async context); the breaker and the
    # fallback must be the process's, so they are kept here, by location.
    with _breakers_lock:
        return _breakers.setdefault((location, retry_seconds), _Breaker(location, retry_seconds))


def reset_breakers() -> None:
    """Forget every breaker's state (for tests)."""
    with _breakers_lock:
        _breakers.clear()


class ResilientRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that degrades instead of failing.

    Extra CACHES keys: RETRY_SECONDS (how long Redis is skipped after a failure, default 5)
    and FALLBACK_MAX_ENTRIES (the per-process fallback's size, default 5000). Give short
    `socket_connect_timeout` and `socket_timeout` in OPTIONS so that a dead Redis costs little.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        location = self._servers[0]
        self._breaker = _breaker_for(location, float(params.get("RETRY_SECONDS", 5)))
        fallback_params = {
            key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION") if key in params
        }
        fallback_params["OPTIONS"] = {"MAX_ENTRIES": params.get("FALLBACK_MAX_ENTRIES", 5000)}
        # LocMemCache shares its storage by name across instances: one fallback per process.
        self._fallback = LocMemCache(f"redis-fallback:{location}", fallback_params)

    @property
    def degraded(self) -> bool:
        """True while Redis is being skipped: what is stored now is seen by this process only."""
        return self._breaker.is_open()

    def _call(self, name: str, *args, **kwargs):
        if not self._breaker.is_open():
            try:
                if self._breaker.is_recovering():
                    self._replay_invalidations()
                return getattr(super(), name)(*args, **kwargs)
            except REDIS_ERRORS as error:
                self._breaker.trip(error)
        return getattr(self._fallback, name)(*args, **kwargs)

    def _replay_invalidations(self) -> None:
        """Before Redis serves anything again, apply what was invalidated while it was away
        (raises the Redis error if it is still unreachable)."""
        pending = self._breaker.pending_invalidations()
        for (key, version), delta in pending:
            try:
                if delta is None:
                    super().delete(key, version=version)
                elif delta:
                    super().incr(key, delta, version=version)
            except ValueError:
                pass  # incr of a key Redis does not have: nothing is cached under it.
        self._breaker.recovered(pending)

    def _invalidating(self, key: str, version: int | None, delta: int | None) -> None:
        if self._breaker.is_open():
            self._breaker.remember(key, version, delta)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        try:
            return self._call("delete", key, version)
        finally:
            self._invalidating(key, version, None)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        try:
            return self._call("incr", key, delta, version)
        finally:
            self._invalidating(key, version, delta)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        try:
            return self._call("delete_many", keys, version)
        finally:
            for key in keys:
                self._invalidating(key, version, None)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
