"""Reads about schools."""

from __future__ import annotations

from portal.people.models import User
from portal.people.roles import roles_for
from portal.schools.models import School


def schools_with_overdue_reports(*, user: User) -> list[School]:
    """Schools the user works for (every school, for a superuser) whose SEN information report
    review is overdue (COP-6.79)."""
    schools = School.objects.all()
    if not user.is_superuser:
        schools = schools.filter(pk__in=roles_for(user).school_roles.keys())
    return [school for school in schools if school.sen_report_review_overdue()]
