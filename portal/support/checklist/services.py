"""Writes: the school's catalogue of interventions (its provision map, COP-6.72-6.78), and the
record that a pupil's own views were gathered (COP-6.45, 6.55, 6.64-6.69), which the checklist
reads.

Each service takes the actor and an audit context, never a request; it validates, writes inside
a transaction and records the audit event.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.people.models import User
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.pupils.models import Pupil
from portal.schools.models import School
from portal.support.plans.models import Cycle, Intervention

from .models import PupilViewsRecord

# Provision map ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterventionDetails:
    """What the SENCO enters for an intervention."""

    name: str
    group_size: int
    staff_minutes_per_week: int
    evidence_base: str = ""
    description: str = ""
    cost_per_term: Decimal | None = None

    FIELDS = (
        "name",
        "description",
        "evidence_base",
        "group_size",
        "staff_minutes_per_week",
        "cost_per_term",
    )


def _require_senco(actor: Actor, school_id: int) -> None:
    if not (isinstance(actor, User) and roles_for(actor).has_role(school_id, MANAGE_ROLES)):
        raise PermissionDenied


def _name_taken(name: str) -> ValidationError:
    return ValidationError(
        {
            "name": _(
                "This school already has an intervention called “%(name)s”. Enter a different name"
            )
            % {"name": name}
        },
        code="unique",
    )


def _check_name_free(school: School, name: str, *, exclude_id: int | None = None) -> None:
    others = Intervention.objects.filter(school=school, name__iexact=name)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    if others.exists():
        raise _name_taken(name)


def _save_intervention(intervention: Intervention) -> None:
    """Save, turning a clash with another SENCO's save at the same moment into the same error
    the form shows for a name already in use."""
    try:
        with transaction.atomic():
            intervention.save()
    except IntegrityError as error:
        raise _name_taken(intervention.name) from error


def intervention_create(
    *, actor: User, context: AuditContext, school: School, details: InterventionDetails
) -> Intervention:
    """Add an intervention to the school's provision map.

    Who may call: the school's SENCO (PermissionDenied otherwise). Preconditions: no other
    intervention of the school has the same name, ignoring case (ValidationError on `name`).
    Side effects: the intervention is saved and INTERVENTION_CHANGED is audited.
    """
    _require_senco(actor, school.pk)
    with transaction.atomic():
        _check_name_free(school, details.name)
        intervention = Intervention(
            school=school, **{field: getattr(details, field) for field in details.FIELDS}
        )
        _save_intervention(intervention)
        audit_record(
            action=AuditAction.INTERVENTION_CHANGED,
            actor=actor,
            context=context,
            obj=intervention,
            detail="added",
        )
    return intervention


def intervention_update(
    *, actor: User, context: AuditContext, intervention: Intervention, details: InterventionDetails
) -> Intervention:
    """Change an intervention's details. Support items that use it keep pointing to it, so the
    map's figures follow the new details at once.

    Who may call: the school's SENCO. Preconditions: the new name is not another intervention's
    of the school. Side effects: saved; INTERVENTION_CHANGED audited with the fields changed
    (nothing is written when nothing changed).
    """
    _require_senco(actor, intervention.school_id)
    with transaction.atomic():
        _check_name_free(intervention.school, details.name, exclude_id=intervention.pk)
        changed = [
            field
            for field in details.FIELDS
            if getattr(intervention, field) != getattr(details, field)
        ]
        if not changed:
            return intervention
        for field in changed:
            setattr(intervention, field, getattr(details, field))
        _save_intervention(intervention)
        audit_record(
            action=AuditAction.INTERVENTION_CHANGED,
            actor=actor,
            context=context,
            obj=intervention,
            detail="changed " + ", ".join(changed),
        )
    return intervention


def intervention_archive(
    *, actor: User, context: AuditContext, intervention: Intervention, archived: bool = True
) -> Intervention:
    """Archive an intervention (it is no longer offered for new support, and leaves the map's
    main table) or, with `archived=False`, bring it back. Never deleted: support items that used
    it keep their history and its outcome progress stays on the map's archived list.

    Who may call: the school's SENCO. Idempotent: archiving an archived intervention changes
    nothing and writes nothing. Side effects: INTERVENTION_CHANGED audited.
    """
    _require_senco(actor, intervention.school_id)
    with transaction.atomic():
        current = Intervention.objects.select_for_update().get(pk=intervention.pk)
        if (current.archived_at is not None) == archived:
            return current
        current.archived_at = timezone.now() if archived else None
        current.save(update_fields=["archived_at", "updated_at"])
        audit_record(
            action=AuditAction.INTERVENTION_CHANGED,
            actor=actor,
            context=context,
            obj=current,
            detail="archived" if archived else "restored",
        )
    return current


# Pupil views -----------------------------------------------------------------------------------

SOURCE_MAX = 40


def pupil_views_record(
    *,
    actor: Actor,
    context: AuditContext,
    pupil: Pupil,
    gathered_on: datetime.date,
    source: str,
    source_id: str = "",
    cycle: Cycle | None = None,
) -> PupilViewsRecord:
    """Record that the pupil's own views were gathered on `gathered_on`, so that the checklist's
    "pupil views gathered this cycle" is met (COP-6.45, 6.55, 6.64-6.69).

    For callers (the pupil-voice journey, a meeting record): `source` names what gathered them
    ("voice" for the pupil-voice forms, "meeting" for views weighed at a meeting) and
    `source_id` the record there (a response's or meeting's id), so that recording the same
    thing twice (a retried task, a double submit) returns the first record and writes nothing.
    Without a `source_id` a record is the same when its pupil, source, cycle and day are.
    `cycle`, when given, must be the pupil's; without it the checklist matches the record to
    the cycle under way on `gathered_on`. Only the fact is kept here, never the views
    themselves: they stay with the journey that gathered them.

    Who may call: any journey that has already checked the actor may act for this pupil (a
    pupil reached by a code, the system for a background task, or staff). The actor is only
    recorded. Raises ValidationError for a blank or too long `source`, a too long `source_id`,
    a date in the future or a cycle of another pupil. Side effects: one PupilViewsRecord and a
    PUPIL_VIEWS_RECORDED audit event, in one transaction; nothing for a repeat.
    """
    source = (source or "").strip()
    source_id = (source_id or "").strip()
    if not source or len(source) > SOURCE_MAX:
        raise ValidationError({"source": "Name what gathered the views in 1 to 40 characters."})
    if len(source_id) > SOURCE_MAX:
        raise ValidationError({"source_id": "The source's id is at most 40 characters."})
    if gathered_on > timezone.localdate():
        raise ValidationError({"gathered_on": "Views cannot be gathered in the future."})
    if cycle is not None and cycle.pupil_id != pupil.pk:
        raise ValidationError({"cycle": "The cycle must be this pupil's."})

    def existing() -> PupilViewsRecord | None:
        if source_id:
            return PupilViewsRecord.objects.filter(source=source, source_id=source_id).first()
        return PupilViewsRecord.objects.filter(
            pupil=pupil, source=source, source_id="", cycle=cycle, gathered_on=gathered_on
        ).first()

    with transaction.atomic():
        found = existing()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                record = PupilViewsRecord.objects.create(
                    school_id=pupil.school_id,
                    pupil=pupil,
                    cycle=cycle,
                    gathered_on=gathered_on,
                    source=source,
                    source_id=source_id,
                )
        except IntegrityError:
            # The same source recorded it at the same moment: theirs stands.
            found = existing()
            if found is None:
                raise
            return found
        audit_record(
            action=AuditAction.PUPIL_VIEWS_RECORDED,
            actor=actor,
            context=context,
            obj=pupil,
            detail=f"{source}:{source_id}" if source_id else source,
        )
    return record
