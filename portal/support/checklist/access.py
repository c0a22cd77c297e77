"""Who may see the provision map and the Code of Practice checklist, and who may change the
school's catalogue of interventions.

The school's SENCO keeps the catalogue; the SENCO and the headteacher see the map, each pupil's
checklist, the school summary and the governors' report with the pupils behind each count. A
trust's SEND lead sees the governors' report of each school of the trust as counts only, and
the trust's page of counts. Parents, teachers and the DSL see none of it.

Each access_* raises 404 for missing and not-yours alike, and 403 where the person may see the
thing but not act on it; refusals are written to the audit trail.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_access_refused, audit_record
from portal.auth.rules import second_factor_passed
from portal.people.models import StaffRole, User
from portal.people.roles import roles_for
from portal.pupils.access import access_pupil
from portal.pupils.models import Pupil
from portal.schools.access import can_manage_school
from portal.schools.models import School, Trust
from portal.support.plans.models import Intervention

# Roles that see a school's checklist, summary, governors' report and provision map.
CHECKLIST_ROLES = frozenset({StaffRole.SENCO, StaffRole.HEADTEACHER})


def _is_user(actor: Actor | None) -> bool:
    return isinstance(actor, User) and actor.is_authenticated


def oversees_checklist(actor: Actor | None, school_id: int) -> bool:
    """The school's SENCO or headteacher, past the second factor."""
    return (
        _is_user(actor)
        and second_factor_passed(actor)
        and roles_for(actor).has_role(school_id, CHECKLIST_ROLES)
    )


def leads_trust_of(actor: Actor | None, school: School) -> bool:
    """A SEND lead of the school's trust, past the second factor."""
    return (
        _is_user(actor)
        and second_factor_passed(actor)
        and school.pk in roles_for(actor).trust_school_ids
    )


def _school(school_id: int) -> School | None:
    return School.objects.select_related("local_authority", "trust").filter(pk=school_id).first()


def access_school_checklist(*, actor: Actor, school_id: int, context: AuditContext) -> School:
    """A school whose checklist summary and provision map the actor sees: its SENCO or
    headteacher. The caller audits the read."""
    school = _school(school_id)
    if school is None or not oversees_checklist(actor, school.pk):
        raise audit_access_refused(
            actor=actor, context=context, object_type="school checklist", object_id=school_id
        )
    return school


def access_school_provision_to_manage(
    *, actor: Actor, school_id: int, context: AuditContext
) -> School:
    """A school whose catalogue of interventions the actor keeps: its SENCO. The headteacher,
    who may see the map, gets 403."""
    school = access_school_checklist(actor=actor, school_id=school_id, context=context)
    if not can_manage_school(actor, school.pk):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            school_id=school.pk,
            detail="manage provision map",
        )
        raise PermissionDenied
    return school


def access_governors_report(
    *, actor: Actor, school_id: int, context: AuditContext
) -> tuple[School, bool]:
    """A school whose governors' report the actor sees, and whether they may see the pupils
    behind the counts: the school's SENCO and headteacher may; the trust's SEND lead sees
    counts only."""
    school = _school(school_id)
    if school is None:
        raise audit_access_refused(
            actor=actor, context=context, object_type="governors report", object_id=school_id
        )
    if oversees_checklist(actor, school.pk):
        return school, True
    if leads_trust_of(actor, school):
        return school, False
    raise audit_access_refused(
        actor=actor, context=context, object_type="governors report", object_id=school_id
    )


def access_trust_checklist(*, actor: Actor, trust_id: int, context: AuditContext) -> Trust:
    """A trust whose schools' checklist counts the actor sees: the trust's SEND lead."""
    trust = Trust.objects.filter(pk=trust_id).first()
    allowed = (
        trust is not None
        and _is_user(actor)
        and second_factor_passed(actor)
        and trust.pk in roles_for(actor).trust_ids
    )
    if not allowed:
        raise audit_access_refused(
            actor=actor, context=context, object_type="trust checklist", object_id=trust_id
        )
    return trust


def access_pupil_checklist(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """A pupil whose checklist the actor sees: the school's SENCO or headteacher. Others who may
    see the pupil (a parent, a teacher who works with them, the DSL) get 403; anyone else 404.
    The caller audits the read."""
    pupil = access_pupil(actor=actor, pupil_id=pupil_id, context=context)
    if not oversees_checklist(actor, pupil.school_id):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            obj=pupil,
            detail="pupil checklist",
        )
        raise PermissionDenied
    return pupil


def access_intervention(
    *, actor: Actor, intervention_id: int, context: AuditContext
) -> Intervention:
    """An intervention of a school whose provision map the actor sees (its SENCO or
    headteacher). The caller audits the read."""
    intervention = (
        Intervention.objects.select_related("school__local_authority")
        .filter(pk=intervention_id)
        .first()
    )
    if intervention is None or not oversees_checklist(actor, intervention.school_id):
        raise audit_access_refused(
            actor=actor, context=context, object_type="intervention", object_id=intervention_id
        )
    return intervention


def access_intervention_to_manage(
    *, actor: Actor, intervention_id: int, context: AuditContext
) -> Intervention:
    """An intervention the actor may edit or archive: the school's SENCO. The headteacher gets
    403."""
    intervention = access_intervention(
        actor=actor, intervention_id=intervention_id, context=context
    )
    if not can_manage_school(actor, intervention.school_id):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            obj=intervention,
            detail="manage intervention",
        )
        raise PermissionDenied
    return intervention
