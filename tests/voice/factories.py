"""Pupil views built straight from the models, for the review's tests: a question set with one
question of each kind, a finished request and its response, and answers."""

from __future__ import annotations

import datetime
import itertools
import secrets

from django.utils import timezone

from voice.models import (
    Answer,
    FlagStatus,
    Question,
    QuestionKind,
    QuestionOption,
    QuestionSet,
    RequestStatus,
    Response,
    ReviewStatus,
    SafeguardingFlag,
    SetPurpose,
    SetScope,
    SetStatus,
    ViewsRequest,
)

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def make_question_set(
    *, school=None, purpose: str = SetPurpose.ALL_ABOUT_ME, title: str = "All about me"
) -> QuestionSet:
    """A set with a question of each kind (sort, choice and helps with three cards each)."""
    question_set = QuestionSet.objects.create(
        scope=SetScope.SCHOOL if school else SetScope.BUILT_IN,
        school=school,
        key="" if school else f"test-{secrets.token_hex(4)}",
        purpose=purpose,
        title=title,
        status=SetStatus.READY,
    )
    specs = [
        (QuestionKind.FEELINGS, "How do you feel at school?", {"scale_size": 5}),
        (QuestionKind.SORT, "Sort these lessons.", {}),
        (QuestionKind.CHOICE, "Where do you like to work?", {}),
        (QuestionKind.YES_NO, "Do you have a friend to play with?", {}),
        (QuestionKind.HELPS, "What helps you?", {"passport_heading": "How best to support me"}),
        (
            QuestionKind.FREE_TEXT,
            "What do you want your teacher to know?",
            {"passport_heading": "What is important to me", "allow_audio": True},
        ),
        (QuestionKind.WHO_HELPED, "Who helped you?", {}),
    ]
    cards = {
        QuestionKind.SORT: ["Maths", "Reading", "PE"],
        QuestionKind.CHOICE: ["In the classroom", "In a quiet room", "Outside"],
        QuestionKind.HELPS: ["A timer", "A quiet space", "Pictures"],
    }
    for order, (kind, text, extra) in enumerate(specs):
        question = Question.objects.create(
            question_set=question_set, order=order, kind=kind, text=text, **extra
        )
        for index, card in enumerate(cards.get(kind, [])):
            QuestionOption.objects.create(question=question, order=index, text=card)
    return question_set


def make_response(
    *,
    pupil,
    question_set: QuestionSet | None = None,
    meeting=None,
    finished: bool = True,
    reviewed_by=None,
    supervised_by=None,
    free_text: str = "I like drawing and my dog.",
    just_for_teacher_text: str = "",
) -> Response:
    """A request the pupil finished (or started), with an answer to every question. With
    `just_for_teacher_text`, the free text question's answer is marked "just for my teacher"
    and says it. With `reviewed_by`, marked reviewed straight in the model (no service)."""
    question_set = question_set or make_question_set()
    now = timezone.now()
    views_request = ViewsRequest.objects.create(
        school=pupil.school,
        pupil=pupil,
        question_set=question_set,
        meeting=meeting,
        code="".join(secrets.choice(ALPHABET) for _ in range(8)),
        status=RequestStatus.FINISHED if finished else RequestStatus.STARTED,
        expires_at=now + datetime.timedelta(days=14),
        started_at=now,
        finished_at=now if finished else None,
    )
    response = Response.objects.create(
        request=views_request,
        school=pupil.school,
        pupil=pupil,
        supervised_by=supervised_by,
        finished_at=now if finished else None,
    )
    for question in question_set.questions.prefetch_related("options"):
        option_ids = [option.pk for option in question.options.all()]
        text = ""
        just_for_teacher = False
        if question.kind == QuestionKind.FEELINGS:
            value = {"face": 4}
        elif question.kind == QuestionKind.SORT:
            value = {
                "sort": dict(
                    zip(map(str, option_ids), itertools.cycle(["like", "dislike", "not_sure"]))
                )
            }
        elif question.kind == QuestionKind.CHOICE:
            value = {"choice": option_ids[1]}
        elif question.kind == QuestionKind.YES_NO:
            value = {"answer": "dont_understand"}
        elif question.kind == QuestionKind.HELPS:
            value = {"picked": [option_ids[0], option_ids[2]]}
        elif question.kind == QuestionKind.FREE_TEXT:
            text = just_for_teacher_text or free_text
            just_for_teacher = bool(just_for_teacher_text)
            value = {"text": text}
        else:
            value = {"who": ["teaching_assistant"]}
        Answer.objects.create(
            response=response,
            question=question,
            value=value,
            text=text,
            just_for_teacher=just_for_teacher,
        )
    if reviewed_by is not None:
        response.review_status = ReviewStatus.REVIEWED
        response.reviewed_by = reviewed_by
        response.reviewed_at = now
        response.gathered_how = "independently"
        response.save()
    return response


def flag_response(response: Response, *, status: str = FlagStatus.NEW, parents_may_see=False):
    """A safeguarding flag on the response's free text answer."""
    answer = response.answers.filter(question__kind=QuestionKind.FREE_TEXT).first()
    return SafeguardingFlag.objects.create(
        school=response.school,
        pupil=response.pupil,
        response=response,
        answer=answer,
        matched="hurt",
        words=[answer.text] if answer is not None else [],
        status=status,
        parents_may_see=parents_may_see,
    )
