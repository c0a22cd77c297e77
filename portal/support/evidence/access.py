"""Who may make a pupil's evidence pack: the school's SENCO (everything) and the linked parents
(what parents may see). Others who may see the pupil get 403; anyone else 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.pupils.access import access_pupil, is_parent_of
from portal.pupils.models import Pupil
from portal.schools.access import can_manage_school

from .selectors import PARENT, SCHOOL


def access_evidence_pack(
    *, actor: Actor, pupil_id: int, context: AuditContext
) -> tuple[Pupil, str]:
    """The pupil and the audience of the pack the actor gets: SCHOOL for the school's SENCO,
    PARENT for a linked parent. Staff who may see the pupil but are not the SENCO get 403."""
    pupil = access_pupil(actor=actor, pupil_id=pupil_id, context=context)
    if can_manage_school(actor, pupil.school_id):
        return pupil, SCHOOL
    if is_parent_of(actor, pupil):
        return pupil, PARENT
    audit_record(
        action=AuditAction.ACCESS_REFUSED,
        actor=actor,
        context=context,
        obj=pupil,
        detail="evidence pack",
    )
    raise PermissionDenied
