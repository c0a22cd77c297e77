"""Who may see or manage a school. Each access_* raises 404 for missing and not-yours alike."""

from __future__ import annotations

from portal.audit.actors import Actor, AuditContext
from portal.audit.services import audit_access_refused
from portal.auth.rules import second_factor_passed
from portal.people.models import StaffRole, User
from portal.people.roles import MANAGE_ROLES, REGISTER_ROLES, roles_for
from portal.schools.models import School, SchoolClosure, TermDate, Trust


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


# Roles that keep a school's term dates and closures.
CALENDAR_ROLES = frozenset({StaffRole.SENCO, StaffRole.SCHOOL_ADMIN})


def can_manage_calendar(user: User, school_id: int) -> bool:
    return second_factor_passed(user) and roles_for(user).has_role(school_id, CALENDAR_ROLES)


def calendar_schools(user: User) -> set[int]:
    """Ids of the schools whose calendar the user keeps."""
    school_ids = roles_for(user).schools_with(CALENDAR_ROLES)
    return school_ids if school_ids and second_factor_passed(user) else set()


def calendar_trusts(user: User) -> set[int]:
    """Ids of the trusts whose schools' term dates the user may set (as the trust's SEND lead)."""
    trust_ids = set(roles_for(user).trust_ids)
    return trust_ids if trust_ids and second_factor_passed(user) else set()


def access_school_calendar(*, actor: User, school_id: int, context: AuditContext) -> School:
    """A school whose calendar the user keeps: its SENCO or school administrator."""
    school = School.objects.select_related("local_authority").filter(pk=school_id).first()
    if school is None or not can_manage_calendar(actor, school.pk):
        raise audit_access_refused(
            actor=actor, context=context, object_type="school calendar", object_id=school_id
        )
    return school


def access_term_to_remove(
    *, actor: User, school_id: int, term_id: int, context: AuditContext
) -> TermDate:
    """A term of a school whose calendar the user keeps; the school in the address must be the
    term's own."""
    term = (
        TermDate.objects.select_related("school__local_authority")
        .filter(pk=term_id, school_id=school_id)
        .first()
    )
    if term is None or not can_manage_calendar(actor, term.school_id):
        raise audit_access_refused(
            actor=actor, context=context, object_type="term", object_id=term_id
        )
    return term


def access_closure_to_remove(
    *, actor: User, school_id: int, closure_id: int, context: AuditContext
) -> SchoolClosure:
    """A closure of a school whose calendar the user keeps; the school in the address must be
    the closure's own."""
    closure = (
        SchoolClosure.objects.select_related("school__local_authority")
        .filter(pk=closure_id, school_id=school_id)
        .first()
    )
    if closure is None or not can_manage_calendar(actor, closure.school_id):
        raise audit_access_refused(
            actor=actor, context=context, object_type="closure", object_id=closure_id
        )
    return closure


def access_trust_calendar(*, actor: User, trust_id: int, context: AuditContext) -> Trust:
    """A trust whose schools' term dates the user sets: the trust's SEND lead."""
    trust = Trust.objects.filter(pk=trust_id).first()
    if trust is None or trust.pk not in calendar_trusts(actor):
        raise audit_access_refused(
            actor=actor, context=context, object_type="trust calendar", object_id=trust_id
        )
    return trust
