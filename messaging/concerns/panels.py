"""Panels this journey adds to the core's dashboard and pupil page (see portal/panels.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from portal.auth.rules import second_factor_passed
from portal.people.roles import roles_for
from portal.pupils.access import is_parent_of
from portal.schools.models import School

from . import selectors
from .access import CONCERN_ROLES


def dashboard_panel(*, request, **_kwargs) -> str | None:
    """For the SENCO and headteacher: each school's concerns by status and how many are past a
    date, linking to the list. For a trust's SEND lead: a link to the trust's counts. One query a
    school the person oversees (people hold roles at one or two schools)."""
    user = request.user
    if not user.is_authenticated or not second_factor_passed(user):
        return None
    roles = roles_for(user)
    school_ids = sorted(roles.schools_with(CONCERN_ROLES))
    if not school_ids and not roles.trust_ids:
        return None
    schools = list(School.objects.filter(pk__in=school_ids).order_by("name")) if school_ids else []
    summaries = [(school, selectors.concern_counts(school_id=school.pk)) for school in schools]
    return render_to_string(
        "concerns/dashboard_panel.html",
        {"summaries": summaries, "trust_ids": sorted(roles.trust_ids)},
        request=request,
    )


def pupil_panel(*, request, pupil, **_kwargs) -> str | None:
    """On a child's page: for the parent, their own concerns about the child and the button to
    raise one; for staff who may see concerns, those about this pupil they may see."""
    user = request.user
    parent = is_parent_of(user, pupil)
    concerns = selectors.pupil_concerns_for(actor=user, pupil=pupil)
    if not parent and not concerns:
        return None
    return render_to_string(
        "concerns/pupil_panel.html",
        {"pupil": pupil, "concerns": concerns, "is_parent": parent},
        request=request,
    )
