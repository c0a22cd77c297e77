"""Who did something, and where the request came from: what every service and audit row takes.

A service never takes a `request`: background workers, scheduled jobs and pupils reached by a
one-time code have none. Views build an `AuditContext` from the request; workers use
`SYSTEM_CONTEXT`.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from django.http import HttpRequest

    from portal.people.models import User

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@dataclass(frozen=True)
class SystemActor:
    """The portal itself: a background worker or a scheduled job, named for the audit trail."""

    name: str


@dataclass(frozen=True)
class PupilActor:
    """A pupil reached by a one-time code (or a supervised session): no account, no `User`."""

    pupil_id: int
    school_id: int
    via: str = "code"


Actor = Union["User", PupilActor, SystemActor]


@dataclass(frozen=True)
class AuditContext:
    """Where an action came from: the client's address and the request's id, when there is one."""

    ip_address: str | None = None
    request_id: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest) -> AuditContext:
        return cls(ip_address=client_ip(request), request_id=request_id_of(request))


SYSTEM_CONTEXT = AuditContext()


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, normalised as the database stores it (so the hash round-trips)."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return None


def request_id_of(request: HttpRequest) -> str:
    """The request's id: set by RequestIdMiddleware, or made here for a request that skipped it."""
    existing = getattr(request, "request_id", "")
    if existing:
        return existing
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
    return request.request_id
