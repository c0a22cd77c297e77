"""Who may ask a pupil for their views, and who reads the list of a pupil's requests.

Asking (creating, printing the card, supervising, cancelling): the school's SENCO and the
teachers assigned to the pupil. Reading the list: those, and the headteacher. Others who may see
the pupil get 403; parents and everyone else 404, as if there were nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_access_refused, audit_record
from portal.people.models import StaffRole, User
from portal.people.roles import roles_for
from portal.pupils.access import access_pupil
from portal.pupils.models import Pupil

from ..models import ViewsRequest

ASK_ROLES = frozenset({StaffRole.SENCO})
READ_ROLES = frozenset({StaffRole.SENCO, StaffRole.HEADTEACHER})


def _staff_at(actor: Actor | None, school_id: int) -> set[str] | None:
    """The actor's roles at the school (None if not staff there). Pages reach this through
    `access_pupil`, which asks for the second factor first; services ask it as they are."""
    if not (isinstance(actor, User) and actor.is_authenticated):
        return None
    return roles_for(actor).school_roles.get(school_id)


def _is_assigned(actor: User, pupil: Pupil) -> bool:
    return pupil.assignments.filter(teacher=actor).exists()


def can_ask(actor: Actor | None, pupil: Pupil) -> bool:
    """The pupil's school's SENCO, or a teacher of the school assigned to the pupil."""
    held = _staff_at(actor, pupil.school_id)
    if not held:
        return False
    return bool(held & ASK_ROLES) or _is_assigned(actor, pupil)


def can_read_views(actor: Actor | None, pupil: Pupil) -> bool:
    """Those who may ask, and the headteacher."""
    held = _staff_at(actor, pupil.school_id)
    if not held:
        return False
    return bool(held & READ_ROLES) or _is_assigned(actor, pupil)


def _refuse(actor: Actor, context: AuditContext, obj, what: str) -> PermissionDenied:
    audit_record(
        action=AuditAction.ACCESS_REFUSED, actor=actor, context=context, obj=obj, detail=what
    )
    return PermissionDenied()


def _pupil_for_staff(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """The pupil, for staff who may see them; 404 for a parent (this is staff's business)."""
    pupil = access_pupil(actor=actor, pupil_id=pupil_id, context=context)
    if _staff_at(actor, pupil.school_id) is None:
        raise audit_access_refused(
            actor=actor, context=context, object_type="pupil", object_id=pupil_id
        )
    return pupil


def access_pupil_views(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """The pupil whose requests and responses the actor reads. The caller audits the read."""
    pupil = _pupil_for_staff(actor=actor, pupil_id=pupil_id, context=context)
    if not can_read_views(actor, pupil):
        raise _refuse(actor, context, pupil, "pupil views")
    return pupil


def access_pupil_to_ask(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """The pupil, for the SENCO or an assigned teacher; 403 for other staff who see them."""
    pupil = _pupil_for_staff(actor=actor, pupil_id=pupil_id, context=context)
    if not can_ask(actor, pupil):
        raise _refuse(actor, context, pupil, "ask pupil views")
    return pupil


def access_views_request_to_manage(
    *, actor: Actor, request_id: int, context: AuditContext
) -> ViewsRequest:
    """A request, for those who may ask its pupil (its card, supervising, cancelling)."""
    views_request = (
        ViewsRequest.objects.select_related("pupil", "school", "question_set", "meeting")
        .filter(pk=request_id)
        .first()
    )
    if views_request is None:
        raise audit_access_refused(
            actor=actor, context=context, object_type="views request", object_id=request_id
        )
    access_pupil_to_ask(actor=actor, pupil_id=views_request.pupil_id, context=context)
    return views_request
