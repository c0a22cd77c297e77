"""The append-only audit trail, each row chained to the previous one by a SHA-256 hash."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from portal.models import AuditAction, AuditEvent, School, User

GENESIS_HASH = "0" * 64
# Any fixed 64-bit number: PostgreSQL writers queue on it so the chain stays a line.
_ADVISORY_LOCK_KEY = 4_170_318_512


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, normalised as the database stores it (so the hash round-trips)."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return None


def audit_record(
    *,
    action: AuditAction,
    request: HttpRequest | None = None,
    actor: User | None = None,
    obj=None,
    school: School | int | None = None,
    detail: str = "",
    actor_email: str = "",
) -> AuditEvent:
    """Append one event to the audit trail.

    Anyone may call it. The actor defaults to the request's signed-in user. The
    write serialises with other writers (an advisory lock on PostgreSQL,
    IMMEDIATE transactions on SQLite) so that each row's hash covers the row
    before it.
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    school_id = school.pk if isinstance(school, School) else school
    if school_id is None and obj is not None:
        school_id = getattr(obj, "school_id", None)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            created_at=timezone.now(),
            actor=actor,
            actor_email=(actor.email if actor else actor_email)[:254],
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            school_id=school_id,
            ip_address=client_ip(request),
            detail=detail[:255],
            prev_hash=previous or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def audit_verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Recompute every row's hash in order; report the first row that does not match."""
    expected_prev = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.id, "does not follow the row before it")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.id, "content does not match its hash")
        expected_prev = event.hash
        checked += 1
    return ChainReport(checked, None)
