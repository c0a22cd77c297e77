"""Panels the passport adds to the pupil page and the dashboard (see portal/panels.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from portal.audit.actors import AuditContext
from portal.auth.rules import second_factor_passed
from portal.people.roles import MANAGE_ROLES, REGISTER_ROLES, roles_for
from portal.pupils.access import is_parent_of

from . import selectors


def teacher_panel(*, request, pupil, **_kwargs) -> str | None:
    """First on a pupil's page for a member of staff who works with the pupil without a register
    role (who comes to the page to know how to support them, COP-6.49): the passport itself,
    audited. The caller already gave the viewer access to the pupil."""
    user = request.user
    if roles_for(user).has_role(pupil.school_id, REGISTER_ROLES) or is_parent_of(user, pupil):
        return None
    page = selectors.passport_page_audited(
        actor=user,
        context=AuditContext.from_request(request),
        pupil=pupil,
        detail="passport on the pupil page",
    )
    return render_to_string(
        "support/passports/pupil_panel.html",
        {"pupil": pupil, "page": page, "is_parent": False},
        request=request,
    )


def pupil_panel(*, request, pupil, **_kwargs) -> str | None:
    """On a pupil's page, for the register roles and the parents: a link to the passport."""
    user = request.user
    register = roles_for(user).has_role(pupil.school_id, REGISTER_ROLES)
    parent = not register and is_parent_of(user, pupil)
    if not register and not parent:
        return None
    return render_to_string(
        "support/passports/pupil_panel.html",
        {"pupil": pupil, "page": None, "is_parent": parent},
        request=request,
    )


def dashboard_panel(*, request, **_kwargs) -> str | None:
    """For a SENCO, their school's passport headings; for a trust's SEND lead, the trust's
    standard headings. No query beyond the roles already loaded, and one for the names."""
    user = request.user
    if not user.is_authenticated or not second_factor_passed(user):
        return None
    roles = roles_for(user)
    school_ids = sorted(roles.schools_with(MANAGE_ROLES))
    trust_ids = sorted(roles.trust_ids)
    if not school_ids and not trust_ids:
        return None
    return render_to_string(
        "support/passports/dashboard_panel.html",
        {"school_ids": school_ids, "trust_ids": trust_ids},
        request=request,
    )
