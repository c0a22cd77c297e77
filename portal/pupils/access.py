"""Who may see or manage a pupil. Each access_* raises 404 for missing and not-yours alike, and
403 where the person may see the pupil but not act; refusals are written to the audit trail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_access_refused, audit_record
from portal.auth.rules import second_factor_passed
from portal.people.models import User
from portal.people.roles import REGISTER_ROLES, roles_for
from portal.pupils.models import Pupil
from portal.schools.access import can_manage_school

# Set on a pupil only while a page's panels are drawn, so a link revoked later is never missed.
PARENT_OF_CACHE = "_parent_of_while_drawing"


def is_parent_of(actor: Actor | None, pupil: Pupil) -> bool:
    """Whether the actor is a linked parent of the pupil. While a page's panels are drawn
    (`portal.panels.panels_for`) the answer is kept on the pupil, so the panels ask once."""
    if not (isinstance(actor, User) and actor.is_authenticated):
        return False
    known = pupil.__dict__.get(PARENT_OF_CACHE)
    if known is not None and actor.pk in known:
        return known[actor.pk]
    answer = pupil.guardian_links.filter(parent=actor, revoked_at__isnull=True).exists()
    if known is not None:
        known[actor.pk] = answer
    return answer


def can_view_pupil(actor: Actor | None, pupil: Pupil) -> bool:
    if not (isinstance(actor, User) and second_factor_passed(actor)):
        return False
    roles = roles_for(actor)
    if roles.has_role(pupil.school_id, REGISTER_ROLES):
        return True
    # An assignment counts only while the teacher still works at the pupil's school.
    if pupil.school_id in roles.school_roles and pupil.assignments.filter(teacher=actor).exists():
        return True
    return is_parent_of(actor, pupil)


def access_pupil(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """The pupil, for staff of the school with a register role, an assigned teacher or a linked
    parent. The caller must audit the view (selectors.pupil_record does)."""
    pupil = Pupil.objects.select_related("school__local_authority").filter(pk=pupil_id).first()
    if pupil is None or not can_view_pupil(actor, pupil):
        raise audit_access_refused(
            actor=actor, context=context, object_type="pupil", object_id=pupil_id
        )
    return pupil


def access_pupil_to_manage(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """The pupil, for the school's SENCO. Someone who may see the pupil but not manage gets 403."""
    pupil = access_pupil(actor=actor, pupil_id=pupil_id, context=context)
    if not can_manage_school(actor, pupil.school_id):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            obj=pupil,
            detail="manage pupil",
        )
        raise PermissionDenied
    return pupil
