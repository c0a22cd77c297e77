"""The dashboard's link to the question sets: for a SENCO, the school's; for a trust's SEND
lead, the trust's. No query beyond the roles already loaded."""

from __future__ import annotations

from django.template.loader import render_to_string

from portal.auth.rules import second_factor_passed
from portal.panels import DASHBOARD, panel
from portal.people.roles import MANAGE_ROLES, roles_for


@panel(DASHBOARD)
def dashboard_panel(*, request, **_kwargs) -> str | None:
    user = request.user
    if not user.is_authenticated or not second_factor_passed(user):
        return None
    roles = roles_for(user)
    school_ids = sorted(roles.schools_with(MANAGE_ROLES))
    trust_ids = sorted(roles.trust_ids)
    if not school_ids and not trust_ids:
        return None
    return render_to_string(
        "voice/sets/dashboard_panel.html",
        {"school_ids": school_ids, "trust_ids": trust_ids},
        request=request,
    )
