"""The safeguarding panel on the dashboard (see portal/panels.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from portal.auth.rules import second_factor_passed
from portal.panels import DASHBOARD, panel
from portal.people.roles import roles_for
from portal.schools.models import School

from . import selectors
from .access import is_safeguarding_lead


@panel(DASHBOARD, first=True)
def dashboard_panel(*, request, **_kwargs) -> str | None:
    """For the school's safeguarding leads (the DSL, or the SENCO and headteacher of a school
    with no DSL): new and acknowledged flags and a link to the queue, in red when something is
    new. First on the page: nothing there is more urgent. A query or two a school the person
    works at (people hold roles at one or two schools)."""
    user = request.user
    if not user.is_authenticated or not second_factor_passed(user):
        return None
    school_ids = sorted(
        school_id
        for school_id in roles_for(user).school_roles
        if is_safeguarding_lead(user, school_id)
    )
    if not school_ids:
        return None
    schools = School.objects.filter(pk__in=school_ids).order_by("name")
    summaries = [(school, selectors.flag_counts(school_id=school.pk)) for school in schools]
    return render_to_string(
        "voice/safeguarding/dashboard_panel.html", {"summaries": summaries}, request=request
    )
