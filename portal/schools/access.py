"""Who may see or manage a school. Each access_* raises 404 for missing and not-yours alike."""

from __future__ import annotations

from portal.audit.actors import Actor, AuditContext
from portal.audit.services import audit_access_refused
from portal.auth.rules import second_factor_passed
from portal.people.models import User
from portal.people.roles import MANAGE_ROLES, REGISTER_ROLES, roles_for
from portal.schools.models import School


def _is_user(actor: Actor | None) -> bool:
    return isinstance(actor, User) and actor.is_authenticated


def can_manage_school(actor: Actor | None, school_id: int) -> bool:
    """The school's SENCO, past the second factor."""
    return (
        _is_user(actor)
        and second_factor_passed(actor)
        and roles_for(actor).has_role(school_id, MANAGE_ROLES)
    )


def can_read_register(actor: Actor | None, school_id: int) -> bool:
    return (
        _is_user(actor)
        and second_factor_passed(actor)
        and roles_for(actor).has_role(school_id, REGISTER_ROLES)
    )


def access_school_to_manage(*, actor: Actor, school_id: int, context: AuditContext) -> School:
    """A school whose pupils the actor manages (its SENCO)."""
    school = School.objects.select_related("local_authority").filter(pk=school_id).first()
    if school is None or not can_manage_school(actor, school.pk):
        raise audit_access_refused(
            actor=actor, context=context, object_type="school", object_id=school_id
        )
    return school


def access_school_overview(*, actor: Actor, school_id: int, context: AuditContext) -> School:
    """A school's read-only overview: its register roles, or a SEND lead of its trust."""
    school = School.objects.select_related("local_authority", "trust").filter(pk=school_id).first()
    allowed = (
        school is not None
        and _is_user(actor)
        and second_factor_passed(actor)
        and (
            roles_for(actor).has_role(school.pk, REGISTER_ROLES)
            or school.pk in roles_for(actor).trust_school_ids
        )
    )
    if not allowed:
        raise audit_access_refused(
            actor=actor, context=context, object_type="school", object_id=school_id
        )
    return school
