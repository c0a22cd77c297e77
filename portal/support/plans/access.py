"""Who may see or change a pupil's support plan.

The plan is read by the pupil's linked parents (only what was shared with them), and by the
school's SENCO, headteacher and DSL and the teachers assigned to the pupil (COP-6.49: staff who
work with the pupil know the needs, outcomes and support). Only the SENCO changes it. Each
access_* raises 404 for missing and not-yours alike (a parent cannot tell a draft cycle from a
missing one), and 403 where the person may see the plan but not change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_access_refused, audit_record
from portal.auth.rules import second_factor_passed
from portal.people.models import User
from portal.people.roles import REGISTER_ROLES, roles_for
from portal.pupils.access import access_pupil, access_pupil_to_manage, can_view_pupil
from portal.pupils.models import Pupil
from portal.schools.access import can_manage_school

from .models import Cycle, CycleStatus, Outcome, SupportItem


def reads_as_staff(actor: Actor | None, pupil: Pupil) -> bool:
    """Staff who see the whole plan, staff-only sections and drafts included: the school's
    register roles (SENCO, headteacher, DSL) and the teachers assigned to the pupil, past the
    second factor, while they work at the school."""
    if not (isinstance(actor, User) and actor.is_authenticated and second_factor_passed(actor)):
        return False
    roles = roles_for(actor)
    if roles.has_role(pupil.school_id, REGISTER_ROLES):
        return True
    return (
        pupil.school_id in roles.school_roles and pupil.assignments.filter(teacher=actor).exists()
    )


def access_plan(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """The pupil whose plan is asked for: a linked parent, the register roles or an assigned
    teacher. The caller reads it through a selector that audits the read."""
    return access_pupil(actor=actor, pupil_id=pupil_id, context=context)


def access_plan_to_manage(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """The pupil, for the school's SENCO, who starts cycles. Others who see the pupil get 403."""
    return access_pupil_to_manage(actor=actor, pupil_id=pupil_id, context=context)


def _cycle(cycle_id: int) -> Cycle | None:
    return (
        Cycle.objects.select_related("pupil__school__local_authority").filter(pk=cycle_id).first()
    )


def _check_cycle(actor: Actor, cycle: Cycle | None, context: AuditContext, object_id: int, kind):
    """404 unless the actor may see the cycle (a parent never sees a draft); 403 unless they
    are its school's SENCO."""
    visible = cycle is not None and can_view_pupil(actor, cycle.pupil)
    if visible and cycle.status == CycleStatus.DRAFT and not reads_as_staff(actor, cycle.pupil):
        visible = False
    if not visible:
        raise audit_access_refused(
            actor=actor, context=context, object_type=kind, object_id=object_id
        )
    if not can_manage_school(actor, cycle.school_id):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            obj=cycle,
            detail=f"change {kind}",
        )
        raise PermissionDenied


def access_cycle_to_manage(*, actor: Actor, cycle_id: int, context: AuditContext) -> Cycle:
    """A cycle, for its school's SENCO to edit, share or review."""
    cycle = _cycle(cycle_id)
    _check_cycle(actor, cycle, context, cycle_id, "support cycle")
    return cycle


def access_outcome_to_manage(*, actor: Actor, outcome_id: int, context: AuditContext) -> Outcome:
    """An outcome, for the SENCO of its cycle's school."""
    outcome = (
        Outcome.objects.select_related("cycle__pupil__school__local_authority")
        .filter(pk=outcome_id)
        .first()
    )
    _check_cycle(actor, outcome.cycle if outcome else None, context, outcome_id, "outcome")
    return outcome


def access_support_item_to_manage(
    *, actor: Actor, item_id: int, context: AuditContext
) -> SupportItem:
    """A piece of support, for the SENCO of its cycle's school."""
    item = (
        SupportItem.objects.select_related("cycle__pupil__school__local_authority")
        .filter(pk=item_id)
        .first()
    )
    _check_cycle(actor, item.cycle if item else None, context, item_id, "support item")
    return item
