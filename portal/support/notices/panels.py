"""The formal notice panel on a child's page (see portal/panels.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from portal.pupils.access import is_parent_of
from portal.pupils.models import SenStatus
from portal.schools.access import can_manage_school

from . import selectors


def pupil_panel(*, request, pupil, **_kwargs) -> str | None:
    """For a linked parent: their formal notices, each marked read or unread. For the school's
    SENCO: a link to the notices' delivery and reading. Nobody else. One query."""
    user = request.user
    if is_parent_of(user, pupil):
        copies = selectors.parent_notices(pupil=pupil, parent=user)
        if not copies:
            return None
        return render_to_string(
            "support/notices/pupil_panel.html",
            {"pupil": pupil, "copies": copies, "is_parent": True},
            request=request,
        )
    if can_manage_school(user, pupil.school_id) and pupil.sen_status == SenStatus.SEN_SUPPORT:
        return render_to_string(
            "support/notices/pupil_panel.html",
            {"pupil": pupil, "is_parent": False},
            request=request,
        )
    return None
