"""Reads of formal notices. Those that show a pupil's record audit the read
(AuditAction.SUPPORT_VIEWED), as their names say. Query counts do not grow with the data."""

from __future__ import annotations

from django.db.models import Prefetch

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.people.models import User
from portal.pupils.models import Pupil

from .models import FormalNotice, NoticeRecipient


def _with_recipients(notices):
    return notices.prefetch_related(
        Prefetch(
            "recipients",
            queryset=NoticeRecipient.objects.select_related("parent", "email").order_by(
                "parent__email", "pk"
            ),
        )
    )


def notice_page_audited(*, actor: Actor, context: AuditContext, notice: FormalNotice) -> None:
    """Audit one reading of the notice page."""
    audit_record(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        obj=notice.pupil,
        detail=f"formal notice {notice.pk}",
    )


def notice_recipients(*, notice: FormalNotice) -> list[NoticeRecipient]:
    """Each parent's copy with its email: for the SENCO. One query."""
    return list(
        NoticeRecipient.objects.filter(notice=notice)
        .select_related("parent", "email")
        .order_by("parent__email", "pk")
    )


def own_copy(*, notice: FormalNotice, parent: User) -> NoticeRecipient | None:
    return NoticeRecipient.objects.filter(notice=notice, parent=parent).first()


def pupil_notices_audited(
    *, actor: Actor, context: AuditContext, pupil: Pupil
) -> list[FormalNotice]:
    """The pupil's notices, newest first, each with every parent's copy, delivery and reading:
    for the school's SENCO. Audits the read. Two queries."""
    notices = list(_with_recipients(FormalNotice.objects.filter(pupil=pupil)))
    audit_record(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        obj=pupil,
        detail="formal notices",
    )
    return notices


def parent_notices(*, pupil: Pupil, parent: User) -> list[NoticeRecipient]:
    """The parent's own copies of the pupil's notices, newest first. One query."""
    return list(
        NoticeRecipient.objects.filter(notice__pupil=pupil, parent=parent)
        .select_related("notice")
        .order_by("-notice__sent_at", "-pk")[:10]
    )
