"""Panels meetings add to the dashboard and the child's page (see portal/panels.py)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from portal.auth.rules import second_factor_passed
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.pupils.access import is_parent_of
from portal.schools.access import can_manage_school
from portal.schools.models import School

from . import selectors
from .services import local_today


def dashboard_panel(*, request, **_kwargs) -> str | None:
    """For the SENCO: each school's next steps overdue and due within 5 school days, with a link
    to the school's meetings. One query a school (people hold roles at one or two schools)."""
    user = request.user
    if not user.is_authenticated or not second_factor_passed(user):
        return None
    school_ids = sorted(roles_for(user).schools_with(MANAGE_ROLES))
    if not school_ids:
        return None
    schools = list(School.objects.filter(pk__in=school_ids).order_by("name"))
    today = local_today()
    return render_to_string(
        "support/meetings/dashboard_panel.html",
        {"schools": selectors.steps_due(schools=schools, today=today), "today": today},
        request=request,
    )


def pupil_panel(*, request, pupil, **_kwargs) -> str | None:
    """On a child's page: meetings coming up, the records (shared ones for a parent), the open
    next steps and, for a parent, the views the school asked for. The page's own read of the
    pupil is already audited; this adds nothing a parent may not see."""
    user = request.user
    parent = is_parent_of(user, pupil)
    data = selectors.pupil_meetings(
        pupil=pupil, for_parent=parent, today=local_today(), now=timezone.now()
    )
    return render_to_string(
        "support/meetings/pupil_panel.html",
        {
            "pupil": pupil,
            "data": data,
            "is_parent": parent,
            "can_manage": can_manage_school(user, pupil.school_id),
            "today": data.today,
        },
        request=request,
    )
