"""Writes for consent to involve outside professionals (COP-6.47).

The SENCO asks; either linked parent answers (the first answer counts); a parent may withdraw a
consent given; the SENCO may cancel a request still waiting, record the pupil's own view, and
mark the referral sent, which only a GIVEN consent allows (the database constraint
`referral_only_with_consent` backs the check). Every step adds a ConsentEvent, records an
AuditAction.CONSENT_CHANGED event (REFERRAL_SENT for the referral) and tells the other party
after commit. Each state change is a conditional update, so two answers at the same moment
record one.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit.actors import Actor, AuditContext, SystemActor
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.lib.school_days import school_days_between
from portal.notifications.models import Delivery, NotificationKind, NotificationPreference
from portal.notifications.services import absolute_url, email_enqueue, live_update, notify
from portal.people.models import StaffRole, User
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.pupils.access import is_parent_of
from portal.pupils.models import Pupil
from portal.schools.selectors import school_calendar

from .models import (
    ConsentEvent,
    ConsentEventKind,
    ConsentRequest,
    ConsentStatus,
    ProfessionalService,
)

MAX_TEXT = 5000
# A reminder goes when this many school days or fewer are left before the answer is needed.
REMIND_WITHIN_SCHOOL_DAYS = 3
WORKER = SystemActor("consent reminders")


def local_today(now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localdate(now or timezone.now())


def pupil_parents(pupil: Pupil) -> list[User]:
    """The parents and carers linked to the pupil now. One query."""
    return list(
        User.objects.filter(
            guardian_links__pupil=pupil, guardian_links__revoked_at__isnull=True, is_active=True
        )
        .distinct()
        .order_by("pk")
    )


def school_sencos(school_id: int) -> list[User]:
    return list(
        User.objects.filter(
            memberships__school_id=school_id,
            memberships__role=StaffRole.SENCO,
            is_active=True,
        ).distinct()
    )


def _event(request: ConsentRequest, kind: ConsentEventKind, actor: Actor | None, note: str = ""):
    return ConsentEvent.objects.create(
        request=request,
        kind=kind,
        actor=actor if isinstance(actor, User) else None,
        note=note,
    )


def _email_parents(request: ConsentRequest, parents: list[User], *, subject: str) -> None:
    """A link only, in each parent's language, whatever their notification choice: a request
    for consent is a school's letter. Never the child's details. Those who chose email at once
    already get one from `notify`."""
    link = absolute_url(reverse("support:consent_detail", args=[request.pk]))
    at_once = set(
        NotificationPreference.objects.filter(
            user__in=parents, delivery=Delivery.EMAIL_AT_ONCE
        ).values_list("user_id", flat=True)
    )
    for parent in parents:
        if parent.pk in at_once:
            continue
        with translation.override(parent.preferred_language or settings.LANGUAGE_CODE):
            email_enqueue(
                to=parent.email,
                subject=_(subject),
                body=render_to_string("support/consent/email/consent.txt", {"link": link}),
            )


def _require_senco(actor: Actor, school_id: int) -> None:
    """The SENCO's steps: the school's SENCO only (the second factor is the view's concern)."""
    if not (
        isinstance(actor, User)
        and actor.is_authenticated
        and roles_for(actor).has_role(school_id, MANAGE_ROLES)
    ):
        raise ValidationError(_("Only the school's SENCO can do this"))


def _require_parent(actor: Actor, pupil: Pupil) -> None:
    """The parent's steps: a parent or carer linked to the pupil now."""
    if not is_parent_of(actor, pupil):
        raise ValidationError(_("Only a parent or carer of this child can do this"))


def _refresh_pages(request: ConsentRequest, people: list[User]) -> None:
    ids = [person.pk for person in people]
    live_update(user_ids=ids, url=reverse("support:consent_detail", args=[request.pk]))
    live_update(user_ids=ids, url=reverse("portal:pupil_detail", args=[request.pupil_id]))


def _clean_text(value: str, field: str, message: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: message})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("Enter no more than 5,000 characters")})
    return value


def consent_request_create(
    *,
    actor: User,
    context: AuditContext,
    pupil: Pupil,
    service: ProfessionalService | str,
    service_other: str = "",
    purpose: str,
    information_shared: str,
    answer_needed_by: datetime.date,
    today: datetime.date | None = None,
) -> ConsentRequest:
    """Ask the pupil's parents for consent to involve an outside professional.

    Caller: the school's SENCO (access_pupil_to_manage). The answer date must be after today.
    Writes the request and its REQUESTED event, audits it, notifies every linked parent
    (NotificationKind.CONSENT) and emails each a link through the outbox, after commit.
    """
    _require_senco(actor, pupil.school_id)
    today = today or local_today()
    if service not in ProfessionalService.values:
        raise ValidationError({"service": _("Select the service")})
    service_other = (service_other or "").strip()
    if service == ProfessionalService.OTHER and not service_other:
        raise ValidationError({"service_other": _("Enter the name of the service")})
    if service != ProfessionalService.OTHER:
        service_other = ""
    if len(service_other) > 200:
        raise ValidationError({"service_other": _("Enter no more than 200 characters")})
    purpose = _clean_text(purpose, "purpose", _("Enter why the school wants to involve them"))
    information_shared = _clean_text(
        information_shared, "information_shared", _("Enter what will be shared with them")
    )
    if answer_needed_by is None or answer_needed_by <= today:
        raise ValidationError({"answer_needed_by": _("Enter a date in the future")})
    if answer_needed_by > today + datetime.timedelta(days=366):
        raise ValidationError({"answer_needed_by": _("Enter a date within the next year")})
    with transaction.atomic():
        request = ConsentRequest.objects.create(
            school_id=pupil.school_id,
            pupil=pupil,
            service=service,
            service_other=service_other,
            purpose=purpose,
            information_shared=information_shared,
            answer_needed_by=answer_needed_by,
            requested_by=actor,
        )
        _event(request, ConsentEventKind.REQUESTED, actor)
        audit_record(
            action=AuditAction.CONSENT_CHANGED,
            actor=actor,
            context=context,
            obj=pupil,
            detail=f"consent {request.pk} requested",
        )
        parents = pupil_parents(pupil)
        notify(
            recipients=parents,
            kind=NotificationKind.CONSENT,
            text=gettext_noop(
                "The school asks for your consent to involve an outside professional with "
                "%(pupil)s's support."
            ),
            params={"pupil": pupil.display_name},
            url=reverse("support:consent_detail", args=[request.pk]),
        )
        _email_parents(
            request,
            parents,
            subject=gettext_noop("The school asks for your consent"),
        )
        _refresh_pages(request, parents)
    return request


def _answer(
    *,
    actor: User,
    context: AuditContext,
    request: ConsentRequest,
    from_statuses: tuple[ConsentStatus, ...],
    to_status: ConsentStatus,
    kind: ConsentEventKind,
    reason: str,
    error: str,
) -> ConsentRequest:
    _require_parent(actor, request.pupil)
    reason = _clean_text(reason, "reason", "", required=False)
    now = timezone.now()
    with transaction.atomic():
        fields = {"status": to_status}
        if to_status in (ConsentStatus.GIVEN, ConsentStatus.REFUSED):
            fields |= {"answered_by": actor, "answered_at": now, "refusal_reason": reason}
        elif to_status == ConsentStatus.WITHDRAWN:
            fields |= {"refusal_reason": reason}
        claimed = ConsentRequest.objects.filter(pk=request.pk, status__in=from_statuses).update(
            **fields
        )
        if not claimed:
            raise ValidationError(error)
        request.refresh_from_db()
        _event(request, kind, actor, reason)
        audit_record(
            action=AuditAction.CONSENT_CHANGED,
            actor=actor,
            context=context,
            obj=request.pupil,
            detail=f"consent {request.pk} {to_status.value}",
        )
        staff = school_sencos(request.school_id)
        texts = {
            ConsentStatus.GIVEN: gettext_noop(
                "A parent gave consent to involve %(service)s with %(pupil)s's support."
            ),
            ConsentStatus.REFUSED: gettext_noop(
                "A parent refused consent to involve %(service)s with %(pupil)s's support."
            ),
            ConsentStatus.WITHDRAWN: gettext_noop(
                "A parent withdrew consent to involve %(service)s with %(pupil)s's support."
            ),
        }
        notify(
            recipients=[*staff, *[p for p in pupil_parents(request.pupil) if p.pk != actor.pk]],
            kind=NotificationKind.CONSENT,
            text=texts[to_status],
            params={"service": request.service_name, "pupil": request.pupil.display_name},
            url=reverse("support:consent_detail", args=[request.pk]),
        )
        _refresh_pages(request, [actor, *staff])
        live_update(
            user_ids=[user.pk for user in staff],
            url=reverse("support:school_consent_list", args=[request.school_id]),
        )
    return request


def consent_give(
    *, actor: User, context: AuditContext, request: ConsentRequest, reason: str = ""
) -> ConsentRequest:
    """A linked parent gives consent (access_consent_to_answer). Only a request still waiting
    for an answer can be answered: the first parent's answer counts; a second gets an error."""
    return _answer(
        actor=actor,
        context=context,
        request=request,
        from_statuses=(ConsentStatus.REQUESTED,),
        to_status=ConsentStatus.GIVEN,
        kind=ConsentEventKind.GIVEN,
        reason="",
        error=_("This request has already been answered or withdrawn by the school."),
    )


def consent_refuse(
    *, actor: User, context: AuditContext, request: ConsentRequest, reason: str = ""
) -> ConsentRequest:
    """A linked parent refuses consent, with an optional reason. As consent_give."""
    return _answer(
        actor=actor,
        context=context,
        request=request,
        from_statuses=(ConsentStatus.REQUESTED,),
        to_status=ConsentStatus.REFUSED,
        kind=ConsentEventKind.REFUSED,
        reason=reason,
        error=_("This request has already been answered or withdrawn by the school."),
    )


def consent_withdraw(
    *, actor: User, context: AuditContext, request: ConsentRequest, reason: str = ""
) -> ConsentRequest:
    """A linked parent withdraws a consent given, with an optional reason. A referral already
    sent stays recorded as sent; no new referral can be marked."""
    return _answer(
        actor=actor,
        context=context,
        request=request,
        from_statuses=(ConsentStatus.GIVEN,),
        to_status=ConsentStatus.WITHDRAWN,
        kind=ConsentEventKind.WITHDRAWN,
        reason=reason,
        error=_("Only consent that was given can be withdrawn."),
    )


def consent_answer(
    *, actor: User, context: AuditContext, request: ConsentRequest, give: bool, reason: str = ""
) -> ConsentRequest:
    """The parent's confirmed answer: give or refuse, one call for either."""
    service = consent_give if give else consent_refuse
    return service(actor=actor, context=context, request=request, reason=reason)


def consent_cancel(*, actor: User, context: AuditContext, request: ConsentRequest) -> None:
    """The SENCO withdraws a request still waiting for an answer (access_consent_to_manage).
    The parents are told."""
    _require_senco(actor, request.school_id)
    with transaction.atomic():
        claimed = ConsentRequest.objects.filter(
            pk=request.pk, status=ConsentStatus.REQUESTED
        ).update(status=ConsentStatus.CANCELLED)
        if not claimed:
            raise ValidationError(_("Only a request waiting for an answer can be withdrawn."))
        request.status = ConsentStatus.CANCELLED
        _event(request, ConsentEventKind.CANCELLED, actor)
        audit_record(
            action=AuditAction.CONSENT_CHANGED,
            actor=actor,
            context=context,
            obj=request.pupil,
            detail=f"consent {request.pk} cancelled",
        )
        parents = pupil_parents(request.pupil)
        notify(
            recipients=parents,
            kind=NotificationKind.CONSENT,
            text=gettext_noop(
                "The school no longer needs an answer to its request for consent about %(pupil)s."
            ),
            params={"pupil": request.pupil.display_name},
            url=reverse("support:consent_detail", args=[request.pk]),
        )
        _refresh_pages(request, parents)


def consent_record_pupil_view(
    *, actor: User, context: AuditContext, request: ConsentRequest, view: str
) -> None:
    """Staff record the pupil's own view of the request (access_consent_to_manage). A later
    view replaces the shown one; each is kept in the history."""
    _require_senco(actor, request.school_id)
    view = _clean_text(view, "view", _("Enter the pupil's view"))
    with transaction.atomic():
        ConsentRequest.objects.filter(pk=request.pk).update(pupil_view=view)
        request.pupil_view = view
        _event(request, ConsentEventKind.PUPIL_VIEW, actor, view)
        audit_record(
            action=AuditAction.CONSENT_CHANGED,
            actor=actor,
            context=context,
            obj=request.pupil,
            detail=f"consent {request.pk} pupil view",
        )
        _refresh_pages(request, pupil_parents(request.pupil))


def consent_referral_mark_sent(
    *, actor: User, context: AuditContext, request: ConsentRequest
) -> None:
    """The SENCO records that the referral to the service was sent (access_consent_to_manage).

    COP-6.47: refused unless consent is GIVEN now (refused, withdrawn, waiting or cancelled
    requests raise ValidationError), and once only. The check is a conditional update on the
    status, so a withdrawal at the same moment wins; the database constraint backs it."""
    _require_senco(actor, request.school_id)
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                claimed = ConsentRequest.objects.filter(
                    pk=request.pk, status=ConsentStatus.GIVEN, referral_sent_at__isnull=True
                ).update(referral_sent_at=now, referral_sent_by=actor)
        except IntegrityError:
            claimed = 0
        if not claimed:
            current = ConsentRequest.objects.filter(pk=request.pk).values_list(
                "status", "referral_sent_at"
            )
            status, sent_at = current.first() or ("", None)
            if sent_at is not None:
                raise ValidationError(_("The referral has already been marked as sent."))
            raise ValidationError(
                _(
                    "You cannot mark the referral as sent: the parents have not given consent. "
                    "Contact the service only once consent is given."
                )
            )
        request.referral_sent_at = now
        request.referral_sent_by = actor
        _event(request, ConsentEventKind.REFERRAL_SENT, actor)
        audit_record(
            action=AuditAction.REFERRAL_SENT,
            actor=actor,
            context=context,
            obj=request.pupil,
            detail=f"consent {request.pk}",
        )
        _refresh_pages(request, pupil_parents(request.pupil))


def consent_remind_due(*, request_id: int, now: datetime.datetime | None = None) -> bool:
    """Send the one reminder for a request still waiting when REMIND_WITHIN_SCHOOL_DAYS school
    days or fewer are left before its answer date. Caller: the worker's sweep. Claimed by a
    conditional update, so a reminder is sent once however often or wherever this runs.
    True when this call sent it."""
    now = now or timezone.now()
    today = local_today(now)
    request = (
        ConsentRequest.objects.select_related("pupil", "school__local_authority")
        .filter(pk=request_id, status=ConsentStatus.REQUESTED, reminders_sent=0)
        .first()
    )
    if request is None or request.answer_needed_by < today:
        return False
    left = school_days_between(school_calendar(request.school), today, request.answer_needed_by)
    if left > REMIND_WITHIN_SCHOOL_DAYS:
        return False
    with transaction.atomic():
        claimed = ConsentRequest.objects.filter(
            pk=request.pk, status=ConsentStatus.REQUESTED, reminders_sent=0
        ).update(reminders_sent=1, last_reminded_at=now)
        if not claimed:
            return False
        _event(request, ConsentEventKind.REMINDED, None)
        audit_record(
            action=AuditAction.CONSENT_CHANGED,
            actor=WORKER,
            context=AuditContext(),
            obj=request.pupil,
            detail=f"consent {request.pk} reminded",
        )
        parents = pupil_parents(request.pupil)
        notify(
            recipients=parents,
            kind=NotificationKind.CONSENT,
            text=gettext_noop(
                "Reminder: the school needs your answer about involving an outside "
                "professional with %(pupil)s's support."
            ),
            params={"pupil": request.pupil.display_name},
            url=reverse("support:consent_detail", args=[request.pk]),
        )
        _email_parents(
            request, parents, subject=gettext_noop("Reminder: the school asks for your consent")
        )
    return True
