"""The plan's panel on a child's page (see portal/panels.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from portal.audit.actors import AuditContext
from portal.pupils.access import is_parent_of
from portal.schools.access import can_manage_school

from . import selectors
from .access import reads_as_staff


def pupil_panel(*, request, pupil, **_kwargs) -> str | None:
    """For a parent: the latest shared plan of the current cycle, its progress chart and a link
    to the full plan. For staff who work with the pupil: the cycle's state and the link. The
    read is audited. A fixed number of queries however many cycles the pupil has had."""
    user = request.user
    staff = reads_as_staff(user, pupil)
    if not staff and not is_parent_of(user, pupil):
        return None
    panel = selectors.plan_panel_audited(
        actor=user, context=AuditContext.from_request(request), pupil=pupil, for_parents=not staff
    )
    return render_to_string(
        "support/plans/pupil_panel.html",
        {
            "pupil": pupil,
            "panel": panel,
            "is_staff": staff,
            "can_manage": staff and can_manage_school(user, pupil.school_id),
        },
        request=request,
    )
