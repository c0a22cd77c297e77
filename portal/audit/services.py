"""The append-only audit trail, each row chained to the previous one by a SHA-256 hash."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone

from portal.audit.actors import Actor, AuditContext, PupilActor, SystemActor
from portal.audit.models import ActorKind, AuditAction, AuditEvent

GENESIS_HASH = "0" * 64
# Any fixed 64-bit number: PostgreSQL writers queue on it so the chain stays a line.
_ADVISORY_LOCK_KEY = 4_170_318_512


def _actor_fields(actor: Actor | None, actor_email: str) -> dict:
    if isinstance(actor, PupilActor):
        return {"actor_kind": ActorKind.PUPIL, "actor_ref": f"{actor.pupil_id}:{actor.via}"}
    if isinstance(actor, SystemActor):
        return {"actor_kind": ActorKind.SYSTEM, "actor_ref": actor.name}
    if actor is not None and actor.is_authenticated:
        return {"actor_kind": ActorKind.USER, "actor": actor, "actor_email": actor.email}
    return {"actor_kind": ActorKind.ANONYMOUS, "actor_email": actor_email}


def audit_record(
    *,
    action: AuditAction,
    actor: Actor | None,
    context: AuditContext,
    obj=None,
    school_id: int | None = None,
    detail: str = "",
    actor_email: str = "",
) -> AuditEvent:
    """Append one event to the audit trail.

    Anyone may call it. `actor` is a signed-in user, a pupil reached by a code, the system, or
    None for someone not signed in (then `actor_email` may name who they tried to be). The
    school defaults to the object's. The write serialises with other writers (an advisory lock
    on PostgreSQL, IMMEDIATE transactions on SQLite) so that each row's hash covers the row
    before it.
    """
    if school_id is None and obj is not None:
        school_id = getattr(obj, "school_id", None)
    if school_id is None and isinstance(actor, PupilActor):
        school_id = actor.school_id
    fields = _actor_fields(actor, actor_email)
    fields["actor_email"] = fields.get("actor_email", "")[:254]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            created_at=timezone.now(),
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            school_id=school_id,
            ip_address=context.ip_address,
            request_id=context.request_id[:64],
            detail=detail[:255],
            prev_hash=previous or GENESIS_HASH,
            **fields,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def audit_access_refused(
    *, actor: Actor | None, context: AuditContext, object_type: str, object_id
) -> Http404:
    """Record a refused reach for an object and return the 404 to raise: the refused person
    learns nothing about whether it exists."""
    audit_record(
        action=AuditAction.ACCESS_REFUSED,
        actor=actor,
        context=context,
        detail=f"{object_type} {object_id}",
    )
    return Http404()


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
