"""The pupil answers: each answer saved the moment it is given, the request finished, and how
each target is going.

Every service here is called for a pupil reached by a code (or a supervised session): the actor
is a `PupilActor`, never a `User`. The caller has already checked the visit with
`voice.access.access_visit`; the services check again that the request is still open.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit.actors import AuditContext, PupilActor
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.notifications.models import NotificationKind
from portal.notifications.services import notify
from portal.people.models import User
from portal.support.plans.models import Outcome
from voice.access import request_is_open
from voice.models import (
    Answer,
    Question,
    QuestionKind,
    RequestStatus,
    Response,
    TargetCheckIn,
    ViewsRequest,
)
from voice.safeguarding.services import answer_screen

from .choices import SORT_PILES, WHO_HELPED, YES_NO_ANSWERS

TEXT_LIMIT = 2000


@dataclass(frozen=True)
class Target:
    """A target as the pupil reads it: the outcome it belongs to and its child wording."""

    outcome_id: int
    wording: str


def _closed() -> ValidationError:
    return ValidationError(_("This code no longer works. Ask your teacher for help."))


def _locked_open_request(views_request: ViewsRequest) -> ViewsRequest:
    """The request again, locked for this transaction: two posts at once queue here, so the
    second finds the answer the first saved."""
    locked = ViewsRequest.objects.select_for_update().get(pk=views_request.pk)
    if not request_is_open(locked):
        raise _closed()
    return locked


def _response_of(
    *, actor: PupilActor, context: AuditContext, views_request: ViewsRequest, supervised_by_id=None
) -> Response:
    """The request's response, started now if the pupil had none yet (the start page makes it,
    and so does the first answer, whichever comes first). Call inside a transaction holding the
    request's lock."""
    response = Response.objects.filter(request=views_request).first()
    if response is not None:
        return response
    now = timezone.now()
    response = Response.objects.create(
        request=views_request,
        school_id=views_request.school_id,
        pupil_id=views_request.pupil_id,
        supervised_by_id=supervised_by_id,
    )
    if views_request.status == RequestStatus.WAITING:
        views_request.status = RequestStatus.STARTED
        views_request.started_at = now
        views_request.save(update_fields=["status", "started_at"])
    audit_record(action=AuditAction.VOICE_STARTED, actor=actor, context=context, obj=views_request)
    return response


def response_begin(
    *,
    actor: PupilActor,
    context: AuditContext,
    views_request: ViewsRequest,
    supervised_by_id: int | None = None,
) -> Response:
    """The pupil opens the start page: make sure the request has its response (started and
    audited once). Idempotent. ValidationError when the code no longer works."""
    with transaction.atomic():
        locked = _locked_open_request(views_request)
        return _response_of(
            actor=actor,
            context=context,
            views_request=locked,
            supervised_by_id=supervised_by_id,
        )


def views_request_display_set(
    *,
    actor: PupilActor,
    context: AuditContext,
    views_request: ViewsRequest,
    symbols_on: bool,
    calm: bool,
) -> ViewsRequest:
    """The pupil (or the adult with them) chooses pictures on or off and the calm display. Kept
    on the request, so the next visit shows the same. Not audited: it says nothing about the
    pupil's views."""
    with transaction.atomic():
        locked = _locked_open_request(views_request)
        locked.symbols_on = symbols_on
        locked.calm = calm
        locked.save(update_fields=["symbols_on", "calm"])
    return locked


def _option_ids(question: Question) -> set[int]:
    return {option.pk for option in question.options.all()}


def _clean_value(question: Question, value: dict, text: str, with_recording: bool) -> dict:
    """The value to store for `question`, checked against its kind; ValidationError in a
    child's words otherwise."""
    kind = question.kind
    if kind == QuestionKind.FEELINGS:
        face = value.get("face")
        if (
            not isinstance(face, int)
            or isinstance(face, bool)
            or not 1 <= face <= (question.scale_size or 5)
        ):
            raise ValidationError(_("Choose a face, or press Skip."))
        return {"face": face}
    if kind == QuestionKind.SORT:
        piles = value.get("sort")
        allowed = {str(pk) for pk in _option_ids(question)}
        if not isinstance(piles, dict) or not piles:
            raise ValidationError(_("Put at least one card in a pile, or press Skip."))
        if not set(piles) <= allowed or not set(piles.values()) <= set(SORT_PILES):
            raise ValidationError(_("Choose from the cards on this page."))
        return {"sort": {key: piles[key] for key in sorted(piles, key=int)}}
    if kind == QuestionKind.CHOICE:
        choice = value.get("choice")
        if choice is None:
            raise ValidationError(_("Choose a card, or press Skip."))
        if choice not in _option_ids(question):
            raise ValidationError(_("Choose from the cards on this page."))
        return {"choice": choice}
    if kind == QuestionKind.YES_NO:
        answer = value.get("answer")
        if answer not in YES_NO_ANSWERS:
            raise ValidationError(_("Choose an answer, or press Skip."))
        return {"answer": answer}
    if kind == QuestionKind.HELPS:
        picked = value.get("picked")
        if not isinstance(picked, list) or not picked:
            raise ValidationError(_("Choose at least one card, or press Skip."))
        if not set(picked) <= _option_ids(question):
            raise ValidationError(_("Choose from the cards on this page."))
        return {"picked": sorted(set(picked))}
    if kind == QuestionKind.WHO_HELPED:
        who = value.get("who")
        if not isinstance(who, list) or not who:
            raise ValidationError(_("Choose who helped you, or press Skip."))
        if not set(who) <= set(WHO_HELPED):
            raise ValidationError(_("Choose from the answers on this page."))
        return {"who": [code for code in WHO_HELPED if code in who]}
    if kind == QuestionKind.FREE_TEXT:
        if not text.strip() and not with_recording:
            raise ValidationError(_("Write your answer, or press Skip."))
        return {}
    raise ValidationError(_("This question cannot be answered here."))


def answer_save(
    *,
    actor: PupilActor,
    context: AuditContext,
    views_request: ViewsRequest,
    question: Question,
    value: dict,
    text: str = "",
    just_for_teacher: bool = False,
    with_recording: bool = False,
    supervised_by_id: int | None = None,
) -> Answer:
    """Save the pupil's answer to one question of their request, at once.

    Called for the pupil holding the request's code. The question must belong to the
    request's set; `value` is checked against its kind (cards of this question only, a face
    within the scale, words at most 2,000 characters). One answer per question: a second post
    (Back, a reload, a double click) updates it. Moves the request's position past this
    question, audits VOICE_ANSWERED (no words of the answer in the audit), and has the words
    screened for safeguarding in the same transaction. `with_recording`: a free-text answer may
    have no words when a recording comes with it (attached by the caller afterwards).
    """
    if question.question_set_id != views_request.question_set_id:
        raise ValidationError(_("This question is not part of your questions."))
    text = (text or "").strip() if question.kind == QuestionKind.FREE_TEXT else ""
    if len(text) > TEXT_LIMIT:
        raise ValidationError(_("Your answer is too long. Use 2,000 characters or fewer."))
    clean = _clean_value(question, value or {}, text, with_recording)
    with transaction.atomic():
        locked = _locked_open_request(views_request)
        response = _response_of(
            actor=actor, context=context, views_request=locked, supervised_by_id=supervised_by_id
        )
        answer, _created = Answer.objects.update_or_create(
            response=response,
            question=question,
            defaults={"value": clean, "text": text, "just_for_teacher": just_for_teacher},
        )
        _move_past(locked, question)
        audit_record(
            action=AuditAction.VOICE_ANSWERED,
            actor=actor,
            context=context,
            obj=answer,
            school_id=locked.school_id,
            detail=f"question {question.pk}",
        )
        answer_screen(answer=answer, context=context)
    views_request.position = locked.position
    views_request.status = locked.status
    return answer


def answer_keep_just_for_teacher(
    *, actor: PupilActor, context: AuditContext, views_request: ViewsRequest, question: Question
) -> Answer | None:
    """The pupil, back at a question answered in an earlier visit (which they cannot see), keeps
    that answer and ticks "Just for my teacher": the saved answer becomes just for the teacher.
    Only ever made more private here, never less. The request moves past the question, as
    with Next. Audited VOICE_ANSWERED (no words). None when there is no saved answer."""
    if question.question_set_id != views_request.question_set_id:
        raise ValidationError(_("This question is not part of your questions."))
    with transaction.atomic():
        locked = _locked_open_request(views_request)
        answer = (
            Answer.objects.select_for_update()
            .filter(response__request=locked, question=question)
            .first()
        )
        if answer is None:
            return None
        if not answer.just_for_teacher:
            answer.just_for_teacher = True
            answer.save(update_fields=["just_for_teacher"])
            audit_record(
                action=AuditAction.VOICE_ANSWERED,
                actor=actor,
                context=context,
                obj=answer,
                school_id=locked.school_id,
                detail=f"question {question.pk}: just for my teacher",
            )
        _move_past(locked, question)
    views_request.position = locked.position
    return answer


def _move_past(views_request: ViewsRequest, question: Question) -> None:
    number = question_number(question)
    if number > views_request.position:
        views_request.position = number
        views_request.save(update_fields=["position"])


def question_number(question: Question) -> int:
    """The question's place in its set, from 1 (one query)."""
    ids = list(
        Question.objects.filter(question_set_id=question.question_set_id)
        .order_by("order", "id")
        .values_list("id", flat=True)
    )
    return ids.index(question.pk) + 1


def question_skip(
    *, actor: PupilActor, context: AuditContext, views_request: ViewsRequest, question: Question
) -> None:
    """The pupil presses "Skip this one": nothing is saved for the question (an answer given
    before stays as it was) and the request moves past it. Not audited: nothing was said."""
    if question.question_set_id != views_request.question_set_id:
        raise ValidationError(_("This question is not part of your questions."))
    with transaction.atomic():
        locked = _locked_open_request(views_request)
        _move_past(locked, question)
    views_request.position = locked.position


def _response_url(response: Response) -> str:
    try:
        return reverse("voice:response_detail", args=[response.pk])
    except NoReverseMatch:  # the review pages are another part's; the link waits for them
        return ""


def views_request_finish(
    *, actor: PupilActor, context: AuditContext, views_request: ViewsRequest
) -> Response:
    """The pupil presses "I have finished": the request and its response are finished (the code
    stops working), VOICE_FINISHED is audited, and the member of staff who asked is told
    (PUPIL_VIEWS; the notification names the pupil's first name only, the email only links).
    ValidationError when the code no longer works."""
    with transaction.atomic():
        locked = _locked_open_request(views_request)
        response = _response_of(actor=actor, context=context, views_request=locked)
        now = timezone.now()
        locked.status = RequestStatus.FINISHED
        locked.finished_at = now
        locked.save(update_fields=["status", "finished_at"])
        response.finished_at = now
        response.save(update_fields=["finished_at"])
        audit_record(action=AuditAction.VOICE_FINISHED, actor=actor, context=context, obj=locked)
        recipients = User.objects.filter(pk=locked.created_by_id, is_active=True)
        notify(
            recipients=recipients,
            kind=NotificationKind.PUPIL_VIEWS,
            text=gettext_noop("%(name)s has finished giving their views."),
            params={"name": locked.pupil.preferred_name or locked.pupil.legal_first_name},
            url=_response_url(response),
        )
    views_request.status = locked.status
    views_request.finished_at = now
    return response


def target_check_in(
    *,
    actor: PupilActor,
    context: AuditContext,
    views_request: ViewsRequest,
    target: Target,
    face: int,
) -> TargetCheckIn:
    """The pupil says with a face (1 to 3) how one of their targets is going. One check-in per
    target per request; pressing again changes it. `target` must be one of
    `voice.answering.selectors.my_targets` for the request's pupil (the caller looks it up
    from there). Audited VOICE_TARGET_CHECK_IN."""
    if not isinstance(face, int) or not 1 <= face <= 3:
        raise ValidationError(_("Choose a face."))
    with transaction.atomic():
        locked = _locked_open_request(views_request)
        outcome = Outcome.objects.filter(
            pk=target.outcome_id, cycle__pupil_id=locked.pupil_id
        ).first()
        if outcome is None:
            raise ValidationError(_("Choose from the targets on this page."))
        check_in, _created = TargetCheckIn.objects.update_or_create(
            request=locked,
            outcome=outcome,
            defaults={
                "school_id": locked.school_id,
                "pupil_id": locked.pupil_id,
                "target": target.wording,
                "face": face,
            },
        )
        audit_record(
            action=AuditAction.VOICE_TARGET_CHECK_IN,
            actor=actor,
            context=context,
            obj=check_in,
        )
    return check_in
