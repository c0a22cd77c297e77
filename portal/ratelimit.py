"""Forms posted under a limit: a flood answers 429 with the form as it was typed, never a bare
error page that loses what someone wrote.

In a view, once the form is valid and before the service is called::

    wait = limit_wait(request, action="concern_raise")
    if wait is not None:
        return render_rate_limited(request, "concerns/raise.html", context, wait_seconds=wait)

and in the form's template, above the form (and "Error: " before the page title when
`rate_limited_wait` is set, as for form errors)::

    {% include "components/rate_limited_summary.html" %}

Limits come from PORTAL_RATE_LIMITS, one entry per action: "N/period/key", several separated
by commas ("30/10m/user,120/10m/ip"). The period is a number (1 if left out) and a unit (s, m,
h, d); the key is "user" (counted per person; someone not signed in is counted by address) or
"ip" (per network address, IPv6 by its /64) or "key" (per `key` the caller names, whoever
sends it: see `limit_check` and `limit_count`). Each limit is a fixed window that starts with its
first use; the wait is what is left of it. Counters live in the cache (Redis in production,
falling back to each process's memory while Redis is down, so a limit is then per process).
"""

from __future__ import annotations

import ipaddress
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*/\s*(user|ip|key)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: str

    def __str__(self) -> str:
        return f"{self.amount}/{self.seconds}s/{self.per}"


def parse_rates(text: str) -> list[Rate]:
    """ "5/h/user,120/10m/ip" as rates; ImproperlyConfigured for anything else."""
    rates = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        match = _RATE.match(part)
        if match is None:
            raise ImproperlyConfigured(f"PORTAL_RATE_LIMITS: {part!r} is not N/period/user|ip")
        amount, count, unit, per = match.groups()
        rates.append(Rate(int(amount), int(count or 1) * _UNIT_SECONDS[unit], per))
    return rates


def rates_for(action: str) -> list[Rate]:
    return parse_rates(getattr(settings, "PORTAL_RATE_LIMITS", {}).get(action, ""))


def _address(request: HttpRequest) -> str:
    from allauth.account.adapter import get_adapter

    # allauth's reading of the address, so that its trusted-proxy settings apply here too.
    try:
        ip = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _source(request: HttpRequest, rate: Rate, user, key: str = "") -> str:
    if rate.per == "key":
        return f"key:{key}"
    if rate.per == "user":
        if user is None and getattr(request, "user", None) is not None:
            user = request.user if request.user.is_authenticated else None
        if user is not None:
            # A person with an account by their id; a pupil reached by a code by theirs.
            pupil_id = getattr(user, "pupil_id", None)
            return f"pupil:{pupil_id}" if pupil_id is not None else f"user:{user.pk}"
    return f"ip:{_address(request)}"


def limit_wait(request: HttpRequest, *, action: str, user=None) -> int | None:
    """Seconds until `action` is allowed again for this person and address, or None when it is
    allowed now, in which case one use is counted. `user` defaults to the signed-in person; a
    `PupilActor` counts per pupil."""
    rates = rates_for(action)
    if not rates:
        return None
    now = time.time()
    keys = [f"ratelimit:{action}:{rate}:{_source(request, rate, user)}" for rate in rates]
    waits = [
        _wait(key, now)
        for key, rate in zip(keys, rates, strict=True)
        if (cache.get(f"{key}:count") or 0) >= rate.amount
    ]
    if waits:
        return max(waits)
    over = []
    for key, rate in zip(keys, rates, strict=True):
        # The window starts with its first use and ends when its keys expire together.
        cache.add(f"{key}:until", now + rate.seconds, timeout=rate.seconds)
        cache.add(f"{key}:count", 0, timeout=rate.seconds)
        try:
            count = cache.incr(f"{key}:count")
        except ValueError:  # expired between the two calls: a new window
            cache.set(f"{key}:count", 1, timeout=rate.seconds)
            count = 1
        if count > rate.amount:  # others got in between the look and the count
            over.append(_wait(key, now))
    return max(over) if over else None


def limit_check(request: HttpRequest, *, action: str, key: str = "") -> int | None:
    """Seconds until `action` is allowed again, or None, counting nothing: for limits on
    failures, looked at before trying and counted (`limit_count`) only when the try fails.
    `key` names what "key" rates count per (a code typed, say)."""
    now = time.time()
    waits = [
        _wait(name, now)
        for name, rate in _named_rates(request, action, key)
        if (cache.get(f"{name}:count") or 0) >= rate.amount
    ]
    return max(waits) if waits else None


def limit_count(request: HttpRequest, *, action: str, key: str = "") -> int | None:
    """Count one use of `action` (a failure, for a limit on failures); the wait when that use
    fills a window, else None."""
    now = time.time()
    over = []
    for name, rate in _named_rates(request, action, key):
        cache.add(f"{name}:until", now + rate.seconds, timeout=rate.seconds)
        cache.add(f"{name}:count", 0, timeout=rate.seconds)
        try:
            count = cache.incr(f"{name}:count")
        except ValueError:
            cache.set(f"{name}:count", 1, timeout=rate.seconds)
            count = 1
        if count >= rate.amount:
            over.append(_wait(name, now))
    return max(over) if over else None


def _named_rates(request: HttpRequest, action: str, key: str) -> list[tuple[str, Rate]]:
    return [
        (f"ratelimit:{action}:{rate}:{_source(request, rate, None, key)}", rate)
        for rate in rates_for(action)
        if rate.per != "key" or key
    ]


def _wait(key: str, now: float) -> int:
    until = cache.get(f"{key}:until")
    if until is None:
        return 1
    return max(1, math.ceil(until - now))


def wait_message(wait_seconds: int) -> str:
    """What the error summary says: the wait in whole minutes (rounded up), or in seconds when
    it is under a minute."""
    if wait_seconds < 60:
        wait = ngettext("%(count)d second", "%(count)d seconds", wait_seconds) % {
            "count": wait_seconds
        }
    else:
        minutes = math.ceil(wait_seconds / 60)
        wait = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return _(
        "You have sent a lot in a short time. Wait %(wait)s, then try again. "
        "What you typed is still here."
    ) % {"wait": wait}


def render_rate_limited(
    request: HttpRequest, template_name: str, context: dict, *, wait_seconds: int
) -> HttpResponse:
    """The same form page, answered 429 with Retry-After, its template told (through
    `rate_limited_wait` and `rate_limited_message`) to show the wait above the form. The form
    in `context` should be the one bound to what was posted, so nothing typed is lost."""
    wait_seconds = max(1, int(wait_seconds))
    response = TemplateResponse(
        request,
        template_name,
        {
            **context,
            "rate_limited_wait": wait_seconds,
            "rate_limited_message": wait_message(wait_seconds),
        },
        status=429,
    )
    response["Retry-After"] = str(wait_seconds)
    return response.render()
