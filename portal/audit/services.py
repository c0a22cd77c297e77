"""The append-only audit trail: each row chained to the one before by an HMAC-SHA256 under
the AUDIT_KEY, and the chain's head anchored outside the table from time to time."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone

from portal.audit.actors import Actor, AuditContext, PupilActor, SystemActor
from portal.audit.models import ActorKind, AuditAction, AuditEvent

GENESIS_HASH = "0" * 64
# Any fixed 64-bit number: PostgreSQL writers queue on it so the chain stays a line.
_ADVISORY_LOCK_KEY = 4_170_318_512

anchor_log = logging.getLogger("portal.audit.anchor")


def audit_key() -> bytes:
    """The key that MACs the chain and the anchors: AUDIT_KEY, never SECRET_KEY."""
    key = getattr(settings, "AUDIT_KEY", "")
    if not key:
        raise ImproperlyConfigured("Set the AUDIT_KEY environment variable.")
    return key.encode()


def _actor_fields(actor: Actor | None, actor_email: str) -> dict:
    if isinstance(actor, PupilActor):
        return {"actor_kind": ActorKind.PUPIL, "actor_ref": f"{actor.pupil_id}:{actor.via}"}
    if isinstance(actor, SystemActor):
        return {"actor_kind": ActorKind.SYSTEM, "actor_ref": actor.name}
    if actor is not None and actor.is_authenticated:
        return {"actor_kind": ActorKind.USER, "actor": actor, "actor_email": actor.email}
    return {"actor_kind": ActorKind.ANONYMOUS, "actor_email": actor_email}


def _new_event(
    *,
    action: AuditAction,
    actor: Actor | None,
    context: AuditContext,
    obj=None,
    school_id: int | None = None,
    detail: str = "",
    actor_email: str = "",
) -> AuditEvent:
    if school_id is None and obj is not None:
        school_id = getattr(obj, "school_id", None)
    if school_id is None and isinstance(actor, PupilActor):
        school_id = actor.school_id
    fields = _actor_fields(actor, actor_email)
    fields["actor_email"] = fields.get("actor_email", "")[:254]
    return AuditEvent(
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        school_id=school_id,
        ip_address=context.ip_address,
        request_id=context.request_id[:64],
        detail=detail[:255],
        **fields,
    )


def _append(events: list[AuditEvent]) -> list[AuditEvent]:
    """Chain `events` after the newest row and insert them in one statement (per batch).

    Writers serialise (an advisory lock on PostgreSQL, IMMEDIATE transactions on SQLite) so
    that each row's MAC covers the row before it."""
    key = audit_key()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        previous = previous or GENESIS_HASH
        now = timezone.now()
        for event in events:
            event.created_at = now
            event.prev_hash = previous
            event.hash = previous = event.compute_hash(key)
        if len(events) == 1:
            events[0].save()
        else:
            AuditEvent.objects.bulk_create(events)
    return events


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
    on PostgreSQL, IMMEDIATE transactions on SQLite) so that each row's MAC covers the row
    before it.
    """
    event = _new_event(
        action=action,
        actor=actor,
        context=context,
        obj=obj,
        school_id=school_id,
        detail=detail,
        actor_email=actor_email,
    )
    return _append([event])[0]


def audit_record_each(
    *,
    action: AuditAction,
    actor: Actor | None,
    context: AuditContext,
    objects: Iterable,
    detail: str = "",
) -> list[AuditEvent]:
    """Append one event per object (each with the object's school), chained in order, in a
    constant number of queries: the lock, the newest row, and one bulk insert (which the
    database splits only past a few thousand rows on PostgreSQL, a few dozen on SQLite).

    Anyone may call it; for pages that show many pupils at once. Nothing is written when there
    are no objects."""
    events = [
        _new_event(action=action, actor=actor, context=context, obj=obj, detail=detail)
        for obj in objects
    ]
    return _append(events) if events else []


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


# Anchors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """The chain's head at one moment, kept outside the table: the newest row's id and MAC."""

    row_id: int
    mac: str
    row_created_at: str
    anchored_at: str

    def payload(self) -> dict:
        return {
            "row_id": self.row_id,
            "mac": self.mac,
            "row_created_at": self.row_created_at,
            "anchored_at": self.anchored_at,
        }


def _anchor_signature(payload: dict, key: bytes) -> str:
    # A prefix keeps an anchor's MAC from ever standing for a row's.
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, b"audit-anchor:" + encoded, hashlib.sha256).hexdigest()


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_PATH)


def audit_anchor_write(*, now: datetime.datetime | None = None) -> Anchor | None:
    """Write the chain's head (the newest row's id and MAC) outside the table: one JSON line,
    MAC'd with the audit key, appended to AUDIT_ANCHOR_PATH and logged to
    "portal.audit.anchor". Called by the worker's scheduled `audit_anchor` task; anyone may
    call it. Writes nothing while the trail is empty. Rows deleted from the end of the trail
    after an anchor, or a chain rewritten before one, no longer match it (`audit_verify`)."""
    key = audit_key()
    newest = AuditEvent.objects.order_by("-id").values("id", "hash", "created_at").first()
    if newest is None:
        return None
    anchor = Anchor(
        row_id=newest["id"],
        mac=newest["hash"],
        row_created_at=newest["created_at"].isoformat(),
        anchored_at=(now or timezone.now()).isoformat(),
    )
    line = anchor.payload() | {"sig": _anchor_signature(anchor.payload(), key)}
    encoded = json.dumps(line, sort_keys=True, separators=(",", ":"))
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, (encoded + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    anchor_log.info(encoded)
    return anchor


class AnchorFileInvalid(Exception):
    pass


def audit_anchors_read(*, path: Path | None = None, key: bytes | None = None) -> list[Anchor]:
    """Every anchor in the file, oldest first, each checked against its MAC. An empty list when
    there is no file yet. Raises AnchorFileInvalid naming the first line that is not a valid
    anchor signed with the key (a forged or damaged line, or a different key)."""
    path = path or anchor_path()
    key = key or audit_key()
    if not path.exists():
        return []
    anchors = []
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
                anchor = Anchor(
                    row_id=int(line["row_id"]),
                    mac=str(line["mac"]),
                    row_created_at=str(line["row_created_at"]),
                    anchored_at=str(line["anchored_at"]),
                )
                signature = str(line["sig"])
            except (ValueError, KeyError, TypeError) as error:
                raise AnchorFileInvalid(f"line {number} of {path} is not an anchor") from error
            if not hmac.compare_digest(signature, _anchor_signature(anchor.payload(), key)):
                raise AnchorFileInvalid(f"line {number} of {path} is not signed with the audit key")
            anchors.append(anchor)
    return anchors


# Verification -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str = ""
    anchors_checked: int = 0
    latest_anchor: Anchor | None = None

    @property
    def intact(self) -> bool:
        return not self.reason


def audit_verify_chain(*, batch_size: int = 2000, anchors_path: Path | None = None) -> ChainReport:
    """Recompute every row's MAC with the audit key, in order, and check the rows every anchor
    names are still there with the MAC they had. Reports the first row that does not match, or
    the first anchored row that is missing (rows were cut from the end of the trail). Rows
    written since the latest anchor need only chain correctly."""
    key = audit_key()
    try:
        anchors = audit_anchors_read(path=anchors_path, key=key)
    except AnchorFileInvalid as invalid:
        return ChainReport(0, None, f"the anchor file cannot be trusted: {invalid}")
    anchored: dict[int, Anchor] = {}
    anchored_macs: dict[int, set[str]] = {}
    for anchor in anchors:
        anchored.setdefault(anchor.row_id, anchor)
        anchored_macs.setdefault(anchor.row_id, set()).add(anchor.mac)
    latest = anchors[-1] if anchors else None

    def report(checked: int, row_id: int | None, reason: str) -> ChainReport:
        return ChainReport(checked, row_id, reason, len(anchors), latest)

    expected_prev = GENESIS_HASH
    checked = 0
    seen_anchored: set[int] = set()
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.prev_hash != expected_prev:
            return report(checked, event.id, "does not follow the row before it")
        if not hmac.compare_digest(event.compute_hash(key), event.hash):
            if event.is_unkeyed():
                return report(
                    checked,
                    event.id,
                    "its hash is a plain SHA-256, not a MAC under the AUDIT_KEY: either the "
                    "database predates the keyed trail, or the row was rewritten without the key",
                )
            return report(checked, event.id, "content does not match its MAC")
        anchor = anchored.get(event.id)
        if anchor is not None:
            if anchored_macs[event.id] != {event.hash}:
                return report(
                    checked,
                    event.id,
                    f"its MAC differs from the one anchored at {anchor.anchored_at}: "
                    "the chain was rewritten up to here",
                )
            seen_anchored.add(event.id)
        expected_prev = event.hash
        checked += 1
    missing = sorted(set(anchored) - seen_anchored)
    if missing:
        anchor = anchored[missing[0]]
        return report(
            checked,
            missing[0],
            f"anchored row {missing[0]} (anchored at {anchor.anchored_at}) is missing: "
            "rows were deleted from the end of the trail",
        )
    return report(checked, None, "")
