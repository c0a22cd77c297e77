"""Builders for the safeguarding tests: a pupil's response with answers, made straight in the
database (the answering journey is another part's)."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from portal.audit.actors import AuditContext
from voice.models import (
    Answer,
    Question,
    QuestionKind,
    QuestionSet,
    RequestStatus,
    Response,
    SetPurpose,
    SetScope,
    ViewsRequest,
)
from voice.safeguarding.services import answer_screen

CONTEXT = AuditContext(ip_address="192.0.2.1", request_id="test-request-1")


def question_set(school, *, questions=2) -> QuestionSet:
    made = QuestionSet.objects.create(
        scope=SetScope.SCHOOL,
        school=school,
        purpose=SetPurpose.OTHER,
        title="How is school?",
        status="ready",
    )
    Question.objects.create(
        question_set=made,
        order=0,
        kind=QuestionKind.FEELINGS,
        text="How do you feel?",
        scale_size=5,
    )
    for number in range(1, questions):
        Question.objects.create(
            question_set=made,
            order=number,
            kind=QuestionKind.FREE_TEXT,
            text=f"Tell us more ({number})",
        )
    return made


def response_for(pupil, *, questions=2, reviewed=False) -> Response:
    chosen = question_set(pupil.school, questions=questions)
    views_request = ViewsRequest.objects.create(
        school=pupil.school,
        pupil=pupil,
        question_set=chosen,
        code=uuid.uuid4().hex[:8].upper(),
        status=RequestStatus.STARTED,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    response = Response.objects.create(request=views_request, school=pupil.school, pupil=pupil)
    if reviewed:
        response.review_status = "reviewed"
        response.save(update_fields=["review_status"])
    return response


def answer(response, text: str, *, number: int = 1, value=None, just_for_teacher=False):
    """Save (or re-save) the answer to question `number` and screen it, as the answering
    service does inside its transaction."""
    question = response.request.question_set.questions.order_by("order")[number]
    saved, _created = Answer.objects.update_or_create(
        response=response,
        question=question,
        defaults={
            "text": text,
            "value": value if value is not None else {"text": text},
            "just_for_teacher": just_for_teacher,
        },
    )
    return saved, answer_screen(answer=saved, context=CONTEXT)
