"""Who may see or act on a concern.

A concern is seen by the parent who raised it (while still linked to the child), the school's
SENCO and headteacher, and the member of staff it is assigned to. Not by another parent linked
to the same child (families can be separated), not by the DSL or a teacher unless it is
assigned to them, not by other schools. A trust's SEND lead sees counts only, never a concern.
Each access_* raises 404 for missing and not-yours alike, and 403 where the person may see the
concern but not act on it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_access_refused, audit_record
from portal.auth.rules import second_factor_passed
from portal.people.models import StaffRole, User
from portal.people.roles import roles_for
from portal.pupils.access import is_parent_of
from portal.schools.models import School, Trust

from .models import Concern

# Roles that see and act on every concern of their school.
CONCERN_ROLES = frozenset({StaffRole.SENCO, StaffRole.HEADTEACHER})


def _is_user(actor: Actor | None) -> bool:
    return isinstance(actor, User) and actor.is_authenticated


def oversees_concerns(actor: Actor | None, school_id: int) -> bool:
    """The school's SENCO or headteacher, past the second factor."""
    return (
        _is_user(actor)
        and second_factor_passed(actor)
        and roles_for(actor).has_role(school_id, CONCERN_ROLES)
    )


def is_assignee(actor: Actor | None, concern: Concern) -> bool:
    """The member of staff the concern is assigned to, while they still work at the school."""
    return (
        _is_user(actor)
        and concern.assigned_to_id == actor.pk
        and concern.school_id in roles_for(actor).school_roles
        and second_factor_passed(actor)
    )


def can_manage_concern(actor: Actor | None, concern: Concern) -> bool:
    return oversees_concerns(actor, concern.school_id) or is_assignee(actor, concern)


def holds_concern_role(actor: Actor | None, concern: Concern) -> bool:
    """The relationship a service checks (a request's second factor is the view's concern):
    the school's SENCO or headteacher, or the assignee while they work at the school."""
    if not _is_user(actor):
        return False
    roles = roles_for(actor)
    return roles.has_role(concern.school_id, CONCERN_ROLES) or (
        concern.assigned_to_id == actor.pk and concern.school_id in roles.school_roles
    )


def is_raiser(actor: Actor | None, concern: Concern) -> bool:
    """The parent who raised the concern, while still linked to the child. A school revokes a
    link when a parent must no longer see the child's records (a separated parent, a court
    order, a link made by mistake); from then on the concern is closed to them. The timeline
    keeps them as the author of what they wrote."""
    return (
        _is_user(actor) and concern.raised_by_id == actor.pk and is_parent_of(actor, concern.pupil)
    )


def can_view_concern(actor: Actor | None, concern: Concern) -> bool:
    return is_raiser(actor, concern) or can_manage_concern(actor, concern)


def _fetch(concern_id: int) -> Concern | None:
    return (
        Concern.objects.select_related(
            "school__local_authority", "pupil", "raised_by", "assigned_to"
        )
        .filter(pk=concern_id)
        .first()
    )


def access_concern(*, actor: Actor, concern_id: int, context: AuditContext) -> Concern:
    """The concern, for the parent who raised it, the school's SENCO and headteacher, and the
    member of staff it is assigned to. The caller audits the read (selectors.concern_page does).
    """
    concern = _fetch(concern_id)
    if concern is None or not can_view_concern(actor, concern):
        raise audit_access_refused(
            actor=actor, context=context, object_type="concern", object_id=concern_id
        )
    return concern


def access_concern_to_manage(*, actor: Actor, concern_id: int, context: AuditContext) -> Concern:
    """The concern, for staff who act on it: the school's SENCO and headteacher and the assignee.
    The parent who raised it gets 403."""
    concern = access_concern(actor=actor, concern_id=concern_id, context=context)
    if not can_manage_concern(actor, concern):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            obj=concern,
            detail="manage concern",
        )
        raise PermissionDenied
    return concern


def access_concern_as_raiser(*, actor: Actor, concern_id: int, context: AuditContext) -> Concern:
    """The concern, for the parent who raised it (to reply, or to say it was not resolved).
    Staff who may see it get 403."""
    concern = access_concern(actor=actor, concern_id=concern_id, context=context)
    if not is_raiser(actor, concern):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            obj=concern,
            detail="reply as parent",
        )
        raise PermissionDenied
    return concern


def access_school_concerns(*, actor: Actor, school_id: int, context: AuditContext) -> School:
    """A school whose concerns the actor oversees: its SENCO or headteacher."""
    school = School.objects.select_related("local_authority").filter(pk=school_id).first()
    if school is None or not oversees_concerns(actor, school.pk):
        raise audit_access_refused(
            actor=actor, context=context, object_type="school concerns", object_id=school_id
        )
    return school


def access_trust_concern_counts(*, actor: Actor, trust_id: int, context: AuditContext) -> Trust:
    """A trust whose schools' concern counts the actor sees: the trust's SEND lead."""
    trust = Trust.objects.filter(pk=trust_id).first()
    allowed = (
        trust is not None
        and _is_user(actor)
        and second_factor_passed(actor)
        and trust.pk in roles_for(actor).trust_ids
    )
    if not allowed:
        raise audit_access_refused(
            actor=actor, context=context, object_type="trust concerns", object_id=trust_id
        )
    return trust
