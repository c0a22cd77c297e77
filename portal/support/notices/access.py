"""Who may see a formal notice: the pupil's linked parents and the school's SENCO. Anyone else
gets 404, as for a notice that does not exist."""

from __future__ import annotations

from portal.audit.actors import Actor, AuditContext
from portal.audit.services import audit_access_refused
from portal.pupils.access import is_parent_of
from portal.schools.access import can_manage_school

from .models import FormalNotice


def access_notice(*, actor: Actor, notice_id: int, context: AuditContext) -> FormalNotice:
    """The notice, for the pupil's linked parents and the school's SENCO. The caller audits
    the read (selectors.notice_page_audited does)."""
    notice = (
        FormalNotice.objects.select_related("pupil", "school", "sent_by")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or not (
        can_manage_school(actor, notice.school_id) or is_parent_of(actor, notice.pupil)
    ):
        raise audit_access_refused(
            actor=actor, context=context, object_type="formal notice", object_id=notice_id
        )
    return notice
