"""Who may see and change a school's calendar, following portal/access.py: each function
raises Http404 both when the object does not exist and when it is not the user's, and writes
the refusal to the audit trail."""

from __future__ import annotations

from django.http import HttpRequest

from portal.access import _refuse, _verified, roles_for
from portal.models import School, SchoolClosure, StaffRole, TermDate, Trust, User

# Roles that keep a school's term dates and closures.
CALENDAR_ROLES = frozenset({StaffRole.SENCO, StaffRole.SCHOOL_ADMIN})


def can_manage_calendar(user: User, school_id: int) -> bool:
    return _verified(user) and roles_for(user).has_role(school_id, CALENDAR_ROLES)


def calendar_schools(user: User) -> set[int]:
    """Ids of the schools whose calendar the user keeps."""
    school_ids = roles_for(user).schools_with(CALENDAR_ROLES)
    return school_ids if school_ids and _verified(user) else set()


def calendar_trusts(user: User) -> set[int]:
    """Ids of the trusts whose schools' term dates the user may set (as the trust's SEND lead)."""
    trust_ids = set(roles_for(user).trust_ids)
    return trust_ids if trust_ids and _verified(user) else set()


def access_school_calendar(
    *, user: User, school_id: int, request: HttpRequest | None = None
) -> School:
    """A school whose calendar the user keeps: its SENCO or school administrator."""
    school = School.objects.select_related("local_authority").filter(pk=school_id).first()
    if school is None or not can_manage_calendar(user, school.pk):
        raise _refuse(request, user, "school calendar", school_id)
    return school


def access_term_to_remove(
    *, user: User, school_id: int, term_id: int, request: HttpRequest | None = None
) -> TermDate:
    """A term of a school whose calendar the user keeps; the school in the address must be the
    term's own."""
    term = (
        TermDate.objects.select_related("school__local_authority")
        .filter(pk=term_id, school_id=school_id)
        .first()
    )
    if term is None or not can_manage_calendar(user, term.school_id):
        raise _refuse(request, user, "term", term_id)
    return term


def access_closure_to_remove(
    *, user: User, school_id: int, closure_id: int, request: HttpRequest | None = None
) -> SchoolClosure:
    """A closure of a school whose calendar the user keeps; the school in the address must be
    the closure's own."""
    closure = (
        SchoolClosure.objects.select_related("school__local_authority")
        .filter(pk=closure_id, school_id=school_id)
        .first()
    )
    if closure is None or not can_manage_calendar(user, closure.school_id):
        raise _refuse(request, user, "closure", closure_id)
    return closure


def access_trust_calendar(
    *, user: User, trust_id: int, request: HttpRequest | None = None
) -> Trust:
    """A trust whose schools' term dates the user sets: the trust's SEND lead."""
    trust = Trust.objects.filter(pk=trust_id).first()
    if trust is None or trust.pk not in calendar_trusts(user):
        raise _refuse(request, user, "trust calendar", trust_id)
    return trust
