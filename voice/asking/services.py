"""Asking a pupil for their views: the request and its code, cancelling it, and the pupil's
first visit (by the code, or opened by a member of staff, supervised)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.actors import Actor, AuditContext, PupilActor
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.people.models import User
from portal.pupils.models import Pupil
from portal.support.meetings.models import DateStatus, Meeting

from ..access import request_is_open
from ..models import (
    QuestionSet,
    RequestStatus,
    Response,
    SetScope,
    SetStatus,
    ViewsRequest,
)
from .access import can_ask
from .codes import code_is_possible, code_new, code_normalise

EXPIRY_DAYS_MIN = 1
EXPIRY_DAYS_MAX = 28
EXPIRY_DAYS_DEFAULT = 14
_CODE_TRIES = 8
# A second "Ask for views" this soon after the first, for the same thing, is a double click.
_DUPLICATE_WINDOW = datetime.timedelta(minutes=2)


class CodeNotFound(Exception):
    """No request has the code typed (or it could never be a code)."""


class CodeNotOpen(Exception):
    """The code was real but no longer works: finished, cancelled or past its date."""


def sets_offered(*, pupil: Pupil) -> QuerySet[QuestionSet]:
    """The question sets the pupil's school may ask with: the built-in sets (unless archived),
    and the trust's and the school's own sets that are ready."""
    school = pupil.school
    offered = Q(scope=SetScope.BUILT_IN) & ~Q(status=SetStatus.ARCHIVED)
    offered |= Q(scope=SetScope.SCHOOL, school_id=school.pk, status=SetStatus.READY)
    if school.trust_id:
        offered |= Q(scope=SetScope.TRUST, trust_id=school.trust_id, status=SetStatus.READY)
    return QuestionSet.objects.filter(offered).order_by("title", "id")


def meetings_offered(*, pupil: Pupil) -> QuerySet[Meeting]:
    """The pupil's meetings a request may be for: any not cancelled, newest first."""
    return Meeting.objects.filter(pupil=pupil).exclude(date_status=DateStatus.CANCELLED)


def views_request_create(
    *,
    actor: User,
    context: AuditContext,
    pupil: Pupil,
    question_set: QuestionSet,
    meeting: Meeting | None = None,
    expires_in_days: int = EXPIRY_DAYS_DEFAULT,
    symbols_on: bool = True,
    calm: bool = False,
    reuse_recent: bool = False,
) -> ViewsRequest:
    """Ask `pupil` for their views with `question_set`, optionally for `meeting`.

    With `reuse_recent` (the form), a request still open for the same pupil, set and meeting
    that `actor` made in the last two minutes is returned instead of a new one: a double click
    must not put two live codes for one pupil into the world. Nothing is written then.

    Caller: the school's SENCO or a teacher assigned to the pupil. The set must be offered to
    the pupil's school (`sets_offered`), the meeting must be the pupil's and not cancelled, and
    the code works for 1 to 28 days. Makes a fresh code unique among all requests, and records
    VOICE_REQUESTED. Raises ValidationError (by field) for anything else.
    """
    if not can_ask(actor, pupil):
        raise ValidationError(_("Only the SENCO or the pupil's teachers can ask for views."))
    errors = {}
    if not sets_offered(pupil=pupil).filter(pk=question_set.pk).exists():
        errors["question_set"] = _("Choose a question set your school can use")
    if meeting is not None and not meetings_offered(pupil=pupil).filter(pk=meeting.pk).exists():
        errors["meeting"] = _("Choose a meeting of this pupil that is not cancelled")
    if not EXPIRY_DAYS_MIN <= expires_in_days <= EXPIRY_DAYS_MAX:
        errors["expires_in_days"] = _("Enter a number of days from 1 to 28")
    if errors:
        raise ValidationError(errors)
    if reuse_recent:
        with transaction.atomic():
            # Two clicks arrive together: the second waits here for the first to commit.
            Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
            recent = (
                ViewsRequest.objects.filter(
                    pupil=pupil,
                    question_set=question_set,
                    meeting=meeting,
                    created_by=actor,
                    status__in=[RequestStatus.WAITING, RequestStatus.STARTED],
                    expires_at__gt=timezone.now(),
                    created_at__gte=timezone.now() - _DUPLICATE_WINDOW,
                )
                .order_by("-created_at")
                .first()
            )
            if recent is not None:
                return recent
            return _views_request_insert(
                actor=actor,
                context=context,
                pupil=pupil,
                question_set=question_set,
                meeting=meeting,
                expires_in_days=expires_in_days,
                symbols_on=symbols_on,
                calm=calm,
            )
    return _views_request_insert(
        actor=actor,
        context=context,
        pupil=pupil,
        question_set=question_set,
        meeting=meeting,
        expires_in_days=expires_in_days,
        symbols_on=symbols_on,
        calm=calm,
    )


def _views_request_insert(
    *,
    actor: User,
    context: AuditContext,
    pupil: Pupil,
    question_set: QuestionSet,
    meeting: Meeting | None,
    expires_in_days: int,
    symbols_on: bool,
    calm: bool,
) -> ViewsRequest:
    expires_at = timezone.now() + datetime.timedelta(days=expires_in_days)
    for attempt in range(_CODE_TRIES):
        try:
            with transaction.atomic():
                views_request = ViewsRequest.objects.create(
                    school_id=pupil.school_id,
                    pupil=pupil,
                    question_set=question_set,
                    meeting=meeting,
                    code=code_new(),
                    expires_at=expires_at,
                    created_by=actor,
                    symbols_on=symbols_on,
                    calm=calm,
                )
                audit_record(
                    action=AuditAction.VOICE_REQUESTED,
                    actor=actor,
                    context=context,
                    obj=views_request,
                    detail=f"pupil {pupil.pk} set {question_set.pk}",
                )
            return views_request
        except IntegrityError:
            # Two requests drew the same code: draw again (vanishingly rare).
            if attempt == _CODE_TRIES - 1:
                raise
    raise AssertionError("unreachable")


def views_request_cancel(
    *, actor: User, context: AuditContext, views_request: ViewsRequest
) -> ViewsRequest:
    """Stop the code working. Caller: the SENCO or a teacher assigned to the pupil. Only a
    request still waiting or started can be cancelled; answers already given are kept.
    Records VOICE_REQUEST_CANCELLED."""
    if not can_ask(actor, views_request.pupil):
        raise ValidationError(_("Only the SENCO or the pupil's teachers can cancel a request."))
    cancelled_at = timezone.now()
    with transaction.atomic():
        changed = ViewsRequest.objects.filter(
            pk=views_request.pk, status__in=[RequestStatus.WAITING, RequestStatus.STARTED]
        ).update(status=RequestStatus.CANCELLED, cancelled_at=cancelled_at)
        if not changed:
            raise ValidationError(_("This request has already finished or been cancelled."))
        audit_record(
            action=AuditAction.VOICE_REQUEST_CANCELLED,
            actor=actor,
            context=context,
            obj=views_request,
        )
    views_request.status = RequestStatus.CANCELLED
    views_request.cancelled_at = cancelled_at
    return views_request


def views_request_find(*, code: str) -> ViewsRequest:
    """The request with the code typed (read forgivingly), open or not; CodeNotFound else."""
    normalised = code_normalise(code)
    if not code_is_possible(normalised):
        raise CodeNotFound
    views_request = (
        ViewsRequest.objects.select_related("pupil", "school", "question_set")
        .filter(code=normalised)
        .first()
    )
    if views_request is None:
        raise CodeNotFound
    return views_request


def views_request_enter(*, code: str, context: AuditContext) -> ViewsRequest:
    """A pupil typed `code` at /voice/: the request, started (`views_request_start`).

    Raises CodeNotFound for a code no request has, CodeNotOpen for one finished, cancelled or
    past its date. The caller limits wrong tries and remembers the visit in the session."""
    views_request = views_request_find(code=code)
    if not request_is_open(views_request):
        raise CodeNotOpen
    views_request_start(
        actor=PupilActor(pupil_id=views_request.pupil_id, school_id=views_request.school_id),
        context=context,
        views_request=views_request,
    )
    return views_request


def views_request_start(
    *,
    actor: Actor,
    context: AuditContext,
    views_request: ViewsRequest,
    supervised_by: User | None = None,
) -> Response:
    """The pupil's visit begins: the first time, the request becomes STARTED and its Response
    is made (with `supervised_by` when a member of staff opened it on their device).

    Idempotent and safe with two tabs at once: only the visit whose conditional update moves
    the request from WAITING records VOICE_STARTED (as `actor`, the pupil, or the member of
    staff supervising); later visits find the same Response. A supervised visit is recorded on
    the Response (if no one supervised it before) and in the audit trail each time. Raises
    CodeNotOpen if the request no longer works.
    """
    now = timezone.now()
    with transaction.atomic():
        first = ViewsRequest.objects.filter(
            pk=views_request.pk, status=RequestStatus.WAITING, expires_at__gt=now
        ).update(status=RequestStatus.STARTED, started_at=now)
        if (
            not first
            and not ViewsRequest.objects.filter(
                pk=views_request.pk, status=RequestStatus.STARTED, expires_at__gt=now
            ).exists()
        ):
            raise CodeNotOpen
        response, _created = Response.objects.get_or_create(
            request=views_request,
            defaults={
                "school_id": views_request.school_id,
                "pupil_id": views_request.pupil_id,
                "supervised_by": supervised_by,
            },
        )
        if supervised_by is not None and response.supervised_by_id is None:
            Response.objects.filter(pk=response.pk, supervised_by__isnull=True).update(
                supervised_by=supervised_by
            )
            response.supervised_by = supervised_by
        if first or supervised_by is not None:
            audit_record(
                action=AuditAction.VOICE_STARTED,
                actor=actor,
                context=context,
                obj=views_request,
                detail="supervised" if supervised_by is not None else "code",
            )
    if first:
        views_request.status = RequestStatus.STARTED
        views_request.started_at = now
    return response


def views_request_supervise(
    *, actor: User, context: AuditContext, views_request: ViewsRequest
) -> Response:
    """A signed-in SENCO or assigned teacher opens the form for the pupil on their own device.
    Recorded on the Response and in the audit trail (as the member of staff)."""
    if not can_ask(actor, views_request.pupil):
        raise ValidationError(_("Only the SENCO or the pupil's teachers can open the form."))
    return views_request_start(
        actor=actor, context=context, views_request=views_request, supervised_by=actor
    )


def code_refused_record(*, context: AuditContext, detail: str) -> None:
    """One audit row when a flood of wrong codes is stopped (not one per wrong code, so a
    flood cannot fill the trail). `detail` never holds a whole code typed."""
    audit_record(action=AuditAction.VOICE_CODE_REFUSED, actor=None, context=context, detail=detail)
