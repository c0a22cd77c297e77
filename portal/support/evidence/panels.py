"""The evidence pack's panel on a pupil's page (see portal/panels.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from portal.pupils.access import is_parent_of
from portal.schools.access import can_manage_school


def pupil_panel(*, request, pupil, **_kwargs) -> str | None:
    """For the school's SENCO and the linked parents: links to the pupil's evidence pack, with
    the fact that a parent may ask the local authority for an EHC needs assessment directly."""
    user = request.user
    senco = can_manage_school(user, pupil.school_id)
    parent = not senco and is_parent_of(user, pupil)
    if not senco and not parent:
        return None
    return render_to_string(
        "support/evidence/pupil_panel.html",
        {"pupil": pupil, "is_parent": parent, "authority": pupil.school.local_authority},
        request=request,
    )
