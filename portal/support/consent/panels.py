"""The consent panel on a child's page (see portal/panels.py)."""

from __future__ import annotations

from django.template.loader import render_to_string

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.pupils.access import is_parent_of
from portal.schools.access import can_manage_school

from . import selectors
from .models import ConsentStatus


def pupil_panel(*, request, pupil, **_kwargs) -> str | None:
    """For a linked parent: the requests waiting for their answer, each with a button, and the
    earlier ones. For the school's SENCO: the same, with a link to the pupil's consent list.
    Nobody else sees it. Three queries at most; the read is audited when anything is shown."""
    user = request.user
    parent = is_parent_of(user, pupil)
    manager = not parent and can_manage_school(user, pupil.school_id)
    if not (parent or manager):
        return None
    consents = selectors.pupil_panel_consents(pupil=pupil)
    if consents:
        audit_record(
            action=AuditAction.SUPPORT_VIEWED,
            actor=user,
            context=AuditContext.from_request(request),
            obj=pupil,
            detail="consent panel",
        )
    waiting = [c for c in consents if c.status == ConsentStatus.REQUESTED] if parent else []
    others = [c for c in consents if c not in waiting]
    if not consents and not manager:
        return None
    return render_to_string(
        "support/consent/pupil_panel.html",
        {
            "pupil": pupil,
            "waiting": waiting,
            "others": others,
            "is_parent": parent,
            "can_manage": manager,
        },
        request=request,
    )
