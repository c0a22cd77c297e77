"""Panels the checklist adds to the dashboard and the pupil page (see portal/panels.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from portal.auth.rules import second_factor_passed
from portal.people.roles import roles_for
from portal.schools.models import School, Trust

from . import selectors
from .access import CHECKLIST_ROLES, oversees_checklist


def dashboard_panel(*, request, **_kwargs) -> str | None:
    """For the SENCO and headteacher: links to each school's checklist, governors' report and
    provision map. For a trust's SEND lead: a link to the trust's counts. Two queries at most."""
    user = request.user
    if not user.is_authenticated or not second_factor_passed(user):
        return None
    roles = roles_for(user)
    school_ids = sorted(roles.schools_with(CHECKLIST_ROLES))
    if not school_ids and not roles.trust_ids:
        return None
    schools = list(School.objects.filter(pk__in=school_ids).order_by("name")) if school_ids else []
    trusts = list(Trust.objects.filter(pk__in=roles.trust_ids).order_by("name"))
    return render_to_string(
        "support/checklist/dashboard_panel.html",
        {"schools": schools, "trusts": trusts},
        request=request,
    )


def pupil_panel(*, request, pupil, **_kwargs) -> str | None:
    """On a pupil's page, for the school's SENCO and headteacher: how many checks are not met,
    linking to the checklist. Nothing for pupils the checklist does not apply to, nor for
    anyone else. A fixed number of queries (the checklist's, for one pupil)."""
    if not oversees_checklist(request.user, pupil.school_id):
        return None
    checklist = selectors.pupil_checklist(pupil=pupil)
    if checklist is None:
        return None
    return render_to_string(
        "support/checklist/pupil_panel.html",
        {"pupil": pupil, "checklist": checklist},
        request=request,
    )
