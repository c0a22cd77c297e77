"""Limits on password guessing at sign-in: slow guessing down, never lock anyone out.

After the NCSC's password guidance and OWASP's "device cookies": three counts of failed
sign-ins, each giving a few free tries and then a wait that doubles with every further
failure, up to a cap. An attempt made while a wait is running is refused (and audited) without
the password being checked; nothing is ever locked.

- `account_address`: one account from one network address. Someone mistyping at a school
  whose staff share one address slows only themselves.
- `account`: one account from every device it does not know. Wrong passwords typed for a
  named person from many addresses slow guessing of that account down; the owner, on a device
  they have signed in from before, is never held up by them.
- `address`: distinct accounts failing from one address, a generous figure that only spraying
  one password over many accounts reaches.

A device that has signed in to an account carries a signed cookie naming it (the account's
address hashed, never in the clear) with a random device id. For that account, the device's
attempts count only against `account_device`, its own count with the `account_address`
figures: nobody else's wrong passwords ever stop it, and someone at a shared computer still
cannot guess on without limit.

The figures live in `settings.SIGN_IN_LIMITS` and `SIGN_IN_KNOWN_DEVICE_DAYS`;
docs/adr/0010-sign-in-limits.md says why they are what they are. Counts are kept in the cache
(Redis in production) and forgotten a while after the last failure.
"""

from __future__ import annotations

import ipaddress
import math
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record

KNOWN_DEVICE_COOKIE = "portal_known_device"
_KNOWN_DEVICE_SALT = "portal.auth.known_device"
# Accounts one device remembers: a shared school computer is used by several people.
_KNOWN_DEVICE_ACCOUNTS = 5
# How long a refused attempt asks someone to wait when another attempt at the same account is
# being checked at that moment.
_BUSY_WAIT = 5
_TURN_SECONDS = 30
_CACHE_PREFIX = "portal:sign_in"


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class Limit:
    """`free` failures, then a wait of `first_wait` seconds doubling with each further failure
    up to `max_wait`; the count is forgotten `forget_after` seconds after its last failure."""

    free: int
    first_wait: int
    max_wait: int
    forget_after: int

    def wait_after(self, failures: int) -> int:
        if failures < self.free:
            return 0
        return min(self.first_wait * 2 ** min(failures - self.free, 32), self.max_wait)

    @classmethod
    def named(cls, scope: str) -> Limit:
        return cls(**settings.SIGN_IN_LIMITS[scope])


class SignInWait(Exception):
    """An attempt refused until a wait has passed."""

    def __init__(self, *, seconds: int, scope: str):
        super().__init__(scope, seconds)
        self.seconds = seconds
        self.scope = scope

    @property
    def message(self) -> str:
        wait = wait_in_words(self.seconds)
        if self.scope == "address":
            return _(
                "There have been too many failed attempts to sign in from your network. "
                "Wait %(wait)s, then try again."
            ) % {"wait": wait}
        return _(
            "There have been too many failed attempts to sign in to this account. Wait "
            "%(wait)s, then try again, or reset your password if you have forgotten it."
        ) % {"wait": wait}


def wait_in_words(seconds: int) -> str:
    """ "30 seconds", "1 minute", "15 minutes": seconds under 2 minutes, whole minutes above,
    rounded up so that nobody comes back too soon."""
    if seconds < 120:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _digest(*parts: str) -> str:
    return salted_hmac(_CACHE_PREFIX, "\x1f".join(parts)).hexdigest()[:40]


def normalised_login(login: str) -> str:
    return login.strip().lower()


def network_address(ip: str) -> str:
    """The address as counted: IPv6 clients by their /64, which one household or school holds."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
    return str(address)


@dataclass
class _Count:
    scope: str
    key: str
    limit: Limit
    failures: int = 0
    last_failure: float = 0.0

    def seconds_to_wait(self, now: float) -> int:
        wait = self.limit.wait_after(self.failures)
        return max(0, math.ceil(self.last_failure + wait - now)) if wait else 0

    @property
    def slowed(self) -> bool:
        return self.failures >= self.limit.free


def _count(scope: str, *parts: str, limit_name: str | None = None) -> _Count:
    return _Count(
        scope=scope,
        key=f"{_CACHE_PREFIX}:{scope}:{_digest(scope, *parts)}",
        limit=Limit.named(limit_name or scope),
    )


def _load(counts: list[_Count]) -> None:
    stored = cache.get_many([f"{c.key}:n" for c in counts] + [f"{c.key}:at" for c in counts])
    for count in counts:
        count.failures = int(stored.get(f"{count.key}:n", 0))
        count.last_failure = float(stored.get(f"{count.key}:at", 0.0))


def _increment(key: str, ttl: int) -> int:
    """Add one to a counter in the cache (atomically on Redis), starting it at 1 for `ttl`
    seconds when there is none; the new value."""
    if cache.add(key, 1, timeout=ttl):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # gone between the two calls
        cache.set(key, 1, timeout=ttl)
        return 1


def _add_failure(count: _Count, now: float) -> int:
    """Count one more failure and restart the time until it is forgotten."""
    key, ttl = f"{count.key}:n", count.limit.forget_after
    failures = _increment(key, ttl)
    cache.touch(key, ttl)
    cache.set(f"{count.key}:at", now, timeout=ttl)
    count.failures, count.last_failure = failures, now
    return failures


def _forget(count: _Count) -> None:
    cache.delete_many([f"{count.key}:n", f"{count.key}:at"])


@dataclass
class SignInAttempt:
    """One password check, between `sign_in_attempt` refusing it or letting it through and
    its outcome being recorded with `failed()` or `succeeded()`."""

    login: str
    context: AuditContext
    pair: _Count
    account: _Count | None
    address: _Count | None
    turns: list[str] = field(default_factory=list)
    in_flight: list[str] = field(default_factory=list)

    def failed(self) -> None:
        """Count the failure; audit each count it brings to (or keeps at) a wait."""
        now = _now()
        first_for_pair = _add_failure(self.pair, now) == 1
        counted = [self.pair]
        if self.account is not None:
            _add_failure(self.account, now)
            counted.append(self.account)
        if self.address is not None and first_for_pair:
            # The first failure for this account from this address: one more account tried.
            _add_failure(self.address, now)
            counted.append(self.address)
        for count in counted:
            if count.slowed:
                _audit_throttle(
                    login=self.login,
                    context=self.context,
                    detail=f"slowed {count.scope}: {count.failures} failures, "
                    f"next try in {count.limit.wait_after(count.failures)} s",
                )

    def succeeded(self) -> None:
        """The right password: this device or address, and the account, start afresh. The
        address's count of accounts does not, or one good sign-in would hide a spray."""
        _forget(self.pair)
        if self.account is not None:
            _forget(self.account)


def _audit_throttle(*, login: str, context: AuditContext, detail: str) -> None:
    audit_record(
        action=AuditAction.SIGN_IN_THROTTLED,
        actor=None,
        context=context,
        actor_email=login[:254],
        detail=detail[:255],
    )


@contextmanager
def sign_in_attempt(
    *, login: str, address: str, device: str | None, context: AuditContext
) -> Iterator[SignInAttempt]:
    """Let one password check for `login` through, or raise `SignInWait` (audited) while a
    wait is running for it.

    `address` is the client's network address; `device` the id from this device's known-device
    cookie for this account, or None. While a count is in its waiting phase, or would be if
    every attempt at the account being checked at this moment failed, only one attempt at a
    time gets through for it (a turn held until the outcome is recorded): many attempts fired
    at once get no more than the free tries, nor more than one try when a wait ends.
    """
    login = normalised_login(login)
    address = network_address(address)
    if device is not None:
        pair = _count("account_device", login, device, limit_name="account_address")
        account = network = None
    else:
        pair = _count("account_address", login, address)
        account = _count("account", login)
        network = _count("address", address)
    counts = [count for count in (pair, account, network) if count is not None]
    attempt = SignInAttempt(
        login=login, context=context, pair=pair, account=account, address=network
    )
    try:
        _load(counts)
        _refuse_while_waiting(attempt, counts)
        for count in counts:
            checking = 1
            if count is not network:
                # Attempts at one account being checked at this moment count as failures
                # already: a burst fired at once gets no more than the free tries.
                checking = _enter(count, attempt)
            if count.failures + checking > count.limit.free:
                turn = f"{count.key}:turn"
                if not cache.add(turn, 1, timeout=_TURN_SECONDS):
                    _refuse(attempt, seconds=_BUSY_WAIT, scope=count.scope)
                attempt.turns.append(turn)
        if attempt.turns:
            # Another attempt may have failed, and given up its turn, since the counts were read.
            _load(counts)
            _refuse_while_waiting(attempt, counts)
        yield attempt
    finally:
        if attempt.turns:
            cache.delete_many(attempt.turns)
        for key in attempt.in_flight:
            _leave(key)


def _enter(count: _Count, attempt: SignInAttempt) -> int:
    """Count this attempt as being checked for `count`; how many are, this one included."""
    key = f"{count.key}:checking"
    checking = _increment(key, _TURN_SECONDS)
    attempt.in_flight.append(key)
    return checking


def _leave(key: str) -> None:
    with suppress(ValueError):  # already expired
        cache.decr(key)


def _refuse_while_waiting(attempt: SignInAttempt, counts: list[_Count]) -> None:
    now = _now()
    waiting = max(counts, key=lambda count: count.seconds_to_wait(now))
    seconds = waiting.seconds_to_wait(now)
    if seconds:
        _refuse(attempt, seconds=seconds, scope=waiting.scope)


def _refuse(attempt: SignInAttempt, *, seconds: int, scope: str) -> None:
    _audit_throttle(
        login=attempt.login,
        context=attempt.context,
        detail=f"refused {scope}: wait {seconds} s",
    )
    raise SignInWait(seconds=seconds, scope=scope)


def sign_in_limits_forget(*, login: str) -> None:
    """After a password reset by email: the account's own count starts afresh. Counts for
    particular addresses and devices run out by themselves."""
    _forget(_count("account", normalised_login(login)))


# --- The known-device cookie ---------------------------------------------------------------


def _known_devices(cookie_value: str | None) -> list[list]:
    """[[account digest, device id, signed-in-at], ...] from a valid, unexpired cookie."""
    if not cookie_value:
        return []
    lifetime = settings.SIGN_IN_KNOWN_DEVICE_DAYS * 24 * 60 * 60
    try:
        entries = signing.loads(cookie_value, salt=_KNOWN_DEVICE_SALT, max_age=lifetime)
    except signing.BadSignature:
        return []
    if not isinstance(entries, list):
        return []
    oldest = _now() - lifetime
    return [
        entry
        for entry in entries
        if isinstance(entry, list)
        and len(entry) == 3
        and isinstance(entry[0], str)
        and isinstance(entry[1], str)
        and isinstance(entry[2], int | float)
        and entry[2] >= oldest
    ]


def _account_digest(login: str) -> str:
    return salted_hmac(_KNOWN_DEVICE_SALT, normalised_login(login)).hexdigest()[:32]


def known_device_id(*, cookie_value: str | None, login: str) -> str | None:
    """This device's id for `login`'s account, if it has signed in to it before."""
    digest = _account_digest(login)
    for account, device, _signed_in_at in _known_devices(cookie_value):
        if account == digest:
            return device
    return None


def known_device_cookie_value(*, cookie_value: str | None, login: str) -> str:
    """The cookie after a successful sign-in to `login`'s account: that account first, with
    this device's id kept (or made) and its time renewed; a few other accounts after it."""
    digest = _account_digest(login)
    entries = _known_devices(cookie_value)
    device = next((entry[1] for entry in entries if entry[0] == digest), None)
    others = [entry for entry in entries if entry[0] != digest]
    mine = [digest, device or secrets.token_urlsafe(16), int(_now())]
    return signing.dumps([mine, *others][:_KNOWN_DEVICE_ACCOUNTS], salt=_KNOWN_DEVICE_SALT)
