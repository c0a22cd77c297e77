"""The formal notice to parents that their child is on SEN Support (COP-6.43, 6.48).

When a pupil is placed on SEN Support (the SENCO changes the status, adds a pupil with it or
imports the register), each linked parent receives a notice in the portal and by the outbox
email, saying that special educational provision is being made, with the SENCO's and the IASS's
contacts as they are that day (kept on the notice: it is a record, never re-rendered from
today's contacts). A parent linked later to a pupil already on SEN Support receives their own.
The SENCO may send it again. Each parent's email and first reading are recorded.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit.actors import Actor, AuditContext, SystemActor
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from portal.notifications.services import (
    _publish_notifications,
    absolute_url,
    email_enqueue,
    live_update,
    notify,
)
from portal.people.models import GuardianLink, User
from portal.pupils.models import Pupil, SenStatus

from .models import FormalNotice, NoticeRecipient

NOTICES = SystemActor("formal notices")
# The SENCO cannot send the notice again within this many minutes of the last one: a double
# click or a retried request must not email every parent twice.
RESEND_AFTER_MINUTES = 10
NOTIFICATION_TEXT = gettext_noop(
    "Formal notice: %(school)s is making special educational provision for %(pupil)s (SEN Support)."
)


def _linked_parents(pupil: Pupil) -> list[User]:
    return list(
        User.objects.filter(
            guardian_links__pupil=pupil, guardian_links__revoked_at__isnull=True, is_active=True
        )
        .distinct()
        .order_by("pk")
    )


def _notify_without_email(parents: list[User], *, school, pupil: Pupil, url: str) -> None:
    """Each parent's notification of the notice. The notice email above is every parent's one
    email about it (it carries the link and the contacts), so those who chose email at once do
    not get notify's link email as well: their notifications are written here, in their
    language, and published after commit like notify's."""
    at_once = set(
        NotificationPreference.objects.filter(
            user__in=parents, delivery=Delivery.EMAIL_AT_ONCE
        ).values_list("user_id", flat=True)
    )
    params = {"school": school.name, "pupil": pupil.display_name}
    others = [parent for parent in parents if parent.pk not in at_once]
    if others:
        notify(
            recipients=others,
            kind=NotificationKind.FORMAL_NOTICE,
            text=NOTIFICATION_TEXT,
            params=params,
            url=url,
        )
    made = []
    for parent in parents:
        if parent.pk not in at_once:
            continue
        with translation.override(parent.preferred_language or settings.LANGUAGE_CODE):
            text = _(NOTIFICATION_TEXT) % params
        made.append(
            Notification(
                recipient=parent, kind=NotificationKind.FORMAL_NOTICE, text=text[:500], url=url
            )
        )
    if made:
        Notification.objects.bulk_create(made)
        transaction.on_commit(lambda: _publish_notifications(made))


def formal_notice_send(
    *,
    actor: Actor,
    context: AuditContext,
    pupil: Pupil,
    parents: list[User] | None = None,
) -> FormalNotice | None:
    """Send the formal notice about a pupil on SEN Support to `parents` (default: every parent
    linked now). Callers: the pupil services when the status becomes SEN Support, the
    invitation service when a parent is linked to such a pupil, and the SENCO's send page
    (access_pupil_to_manage). Call inside the transaction of the change: the notice, each
    parent's copy and outbox email and the notifications are written with it, and nothing leaves
    before it commits. Returns None when there is nobody to send it to (no parent linked yet:
    each parent gets one when linked). Raises ValidationError for a pupil not on SEN Support.
    """
    if pupil.sen_status != SenStatus.SEN_SUPPORT:
        raise ValidationError(_("Only a pupil on SEN Support gets a formal notice."))
    parents = _linked_parents(pupil) if parents is None else parents
    if not parents:
        return None
    school = pupil.school
    authority = school.local_authority
    with transaction.atomic():
        notice = FormalNotice.objects.create(
            school=school,
            pupil=pupil,
            sen_status=pupil.sen_status,
            senco_name=school.senco_name,
            senco_email=school.senco_email,
            senco_phone=school.senco_phone,
            iass_name=authority.iass_name,
            iass_phone=authority.iass_phone,
            iass_email=authority.iass_email,
            iass_website=authority.iass_website,
            sent_by=actor if isinstance(actor, User) else None,
            sent_at=timezone.now(),
        )
        url = reverse("support:notice_detail", args=[notice.pk])
        recipients = []
        for parent in parents:
            with translation.override(parent.preferred_language or settings.LANGUAGE_CODE):
                email = email_enqueue(
                    to=parent.email,
                    subject=_("Formal notice: special educational provision for your child"),
                    body=render_to_string(
                        "support/notices/email/notice.txt",
                        {"notice": notice, "link": absolute_url(url)},
                    ),
                    requested_by=actor if isinstance(actor, User) else None,
                )
            recipients.append(NoticeRecipient(notice=notice, parent=parent, email=email))
        NoticeRecipient.objects.bulk_create(recipients)
        _notify_without_email(parents, school=school, pupil=pupil, url=url)
        audit_record(
            action=AuditAction.NOTICE_SENT,
            actor=actor,
            context=context,
            obj=pupil,
            detail=f"notice {notice.pk} to {len(parents)} parents",
        )
        live_update(
            user_ids=[parent.pk for parent in parents],
            url=reverse("portal:pupil_detail", args=[pupil.pk]),
        )
    return notice


def formal_notice_on_status_change(
    *, actor: Actor, context: AuditContext, pupil: Pupil, changed: list[str] | None = None
) -> FormalNotice | None:
    """The pupil services' hook: send the notice when a pupil was just placed on SEN Support
    (added with it, or `changed` names the status)."""
    if pupil.sen_status != SenStatus.SEN_SUPPORT:
        return None
    if changed is not None and "sen_status" not in changed:
        return None
    return formal_notice_send(actor=actor, context=context, pupil=pupil)


def formal_notice_on_link(*, context: AuditContext, link: GuardianLink) -> FormalNotice | None:
    """The invitation service's hook: a parent linked to a pupil already on SEN Support gets
    the formal notice of their own."""
    if link.pupil.sen_status != SenStatus.SEN_SUPPORT:
        return None
    return formal_notice_send(
        actor=NOTICES, context=context, pupil=link.pupil, parents=[link.parent]
    )


def formal_notice_resend(*, actor: User, context: AuditContext, pupil: Pupil) -> FormalNotice:
    """The SENCO sends the notice again to every linked parent (access_pupil_to_manage).

    Refused within RESEND_AFTER_MINUTES of the pupil's last notice: the pupil's row is locked
    first, so two sends at the same moment (a double click) send one."""
    with transaction.atomic():
        Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
        last = (
            FormalNotice.objects.filter(pupil=pupil)
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        if last and timezone.now() - last < datetime.timedelta(minutes=RESEND_AFTER_MINUTES):
            raise ValidationError(
                _(
                    "The formal notice was sent to the parents less than %(minutes)s minutes "
                    "ago. Check the list of notices before sending it again."
                )
                % {"minutes": RESEND_AFTER_MINUTES}
            )
        notice = formal_notice_send(actor=actor, context=context, pupil=pupil)
        if notice is None:
            raise ValidationError(
                _("No parent or carer is linked to this pupil yet. Invite a parent first.")
            )
    return notice


def formal_notice_mark_read(*, actor: User, context: AuditContext, notice: FormalNotice) -> bool:
    """Record the parent's first reading of their copy, once (a conditional update). Caller:
    the notice page, for a linked parent. True when this was the first reading."""
    with transaction.atomic():
        first = NoticeRecipient.objects.filter(
            notice=notice, parent=actor, first_read_at__isnull=True
        ).update(first_read_at=timezone.now())
        if first:
            audit_record(
                action=AuditAction.NOTICE_READ,
                actor=actor,
                context=context,
                obj=notice.pupil,
                detail=f"notice {notice.pk}",
            )
    return bool(first)
