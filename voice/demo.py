"""Demo pupil voice, loaded from data/demo.yaml by `manage.py seed_demo` after the support records
(the meetings and plans the views belong to): the built-in question sets, the school's own copy
with one question in its words, the demo pupil's answered and reviewed views (one for her review
meeting, one "All about me" for her profile, one with her targets), another pupil's answer that
is flagged for the DSL, and a live code for the demo pupil, printed for `make run`.

Every row goes through the services the pages use, acting as the people the pages would: the
SENCO asks and reviews, the pupil answers with her code. Idempotent: a set, a note or views
already there are kept; the live code is kept while it works and made again once it does not.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.utils import timezone

from portal.audit.actors import SYSTEM_CONTEXT, PupilActor
from portal.people.models import User
from portal.pupils.models import Pupil
from portal.support.meetings.models import Meeting

from .access import request_is_open
from .answering import selectors as answering_selectors
from .answering import services as answering
from .asking import services as asking
from .asking.codes import code_display
from .models import (
    QuestionKind,
    QuestionSet,
    RequestStatus,
    Response,
    SetScope,
    SetStatus,
    ViewsRequest,
    Wording,
)
from .review import services as review
from .sets import services as sets
from .sets.builtin import builtin_sets_ensure

DATA = Path(__file__).parent / "data" / "demo.yaml"


def seed(*, stdout) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    senco = User.objects.filter(email=data["senco"]).first()
    pupils = {
        pupil.legal_first_name: pupil
        for pupil in Pupil.objects.filter(school__urn=data["school"]).select_related("school")
    }
    if senco is None or not pupils:
        return
    built_in = {question_set.key: question_set for question_set in builtin_sets_ensure()}
    school_copy = _school_copy(data["school_copy"], senco=senco, built_in=built_in, pupils=pupils)
    sets_by_name = {**built_in, "school_copy": school_copy}

    note = data["communication"]
    pupil = pupils.get(note["child"])
    if pupil is not None:
        review.communication_note_save(
            actor=senco, context=SYSTEM_CONTEXT, pupil=pupil, text=" ".join(note["text"].split())
        )

    made = 0
    for entry in data["responses"]:
        pupil = pupils.get(entry["child"])
        question_set = sets_by_name.get(entry["set"])
        if pupil is None or question_set is None:
            continue
        if ViewsRequest.objects.filter(
            pupil=pupil, question_set=question_set, status=RequestStatus.FINISHED
        ).exists():
            continue
        _answered(entry, pupil=pupil, question_set=question_set, senco=senco)
        made += 1
    if made:
        stdout.write(f"Demo pupil views: {made} answered, one flagged for the DSL.")

    live = data["live"]
    pupil = pupils.get(live["child"])
    question_set = sets_by_name.get(live["set"])
    if pupil is not None and question_set is not None:
        views_request = _live(live, pupil=pupil, question_set=question_set, senco=senco)
        stdout.write(
            f"Pupil voice: go to /voice/ and type {code_display(views_request.code)} "
            f"({pupil.legal_first_name}'s code, until "
            f"{timezone.localtime(views_request.expires_at):%d %B %Y})."
        )


def _school_copy(entry: dict, *, senco: User, built_in: dict, pupils: dict) -> QuestionSet | None:
    """The school's own copy of a built-in set, with one question reworded, ready to use."""
    source = built_in.get(entry["from"])
    school = next(iter(pupils.values())).school
    if source is None:
        return None
    existing = QuestionSet.objects.filter(
        scope=SetScope.SCHOOL, school=school, based_on=source, title=entry["title"]
    ).first()
    if existing is not None:
        return existing
    copy = sets.question_set_copy(actor=senco, context=SYSTEM_CONTEXT, source=source, school=school)
    copy = sets.question_set_update(
        actor=senco,
        context=SYSTEM_CONTEXT,
        question_set=copy,
        title=entry["title"],
        introduction=copy.introduction,
        purpose=copy.purpose,
    )
    questions = list(copy.questions.order_by("order", "id"))
    edit = entry["edit"]
    if 1 <= edit["number"] <= len(questions):
        question = questions[edit["number"] - 1]
        sets.question_update(
            actor=senco,
            context=SYSTEM_CONTEXT,
            question=question,
            data=sets.QuestionInput(
                kind=question.kind,
                text=edit["text"],
                symbol=question.symbol,
                scale_size=question.scale_size,
                allow_audio=question.allow_audio,
                passport_heading=question.passport_heading,
            ),
        )
    if copy.status != SetStatus.READY:
        sets.question_set_mark_ready(actor=senco, context=SYSTEM_CONTEXT, question_set=copy)
    copy.refresh_from_db()
    return copy


def _meeting(pupil: Pupil, which: str | None) -> Meeting | None:
    """The pupil's last review held ("held") or next review to come ("to_come")."""
    if not which:
        return None
    now = timezone.now()
    meetings = asking.meetings_offered(pupil=pupil).filter(kind="review")
    if which == "held":
        return meetings.filter(starts_at__lt=now).order_by("-starts_at").first()
    return meetings.filter(starts_at__gte=now).order_by("starts_at").first()


def _value(question, answer: dict) -> dict | None:
    """The answer in the shape `Answer.value` holds, its cards named by their words; None when it
    does not fit the question."""
    cards = {option.text: option.pk for option in question.options.all()}
    kind = question.kind
    if kind == QuestionKind.FEELINGS and "face" in answer:
        return {"face": answer["face"]}
    if kind == QuestionKind.SORT and "sort" in answer:
        placed = {str(cards[text]): pile for text, pile in answer["sort"].items() if text in cards}
        return {"sort": placed} if placed else None
    if kind == QuestionKind.CHOICE and answer.get("choice") in cards:
        return {"choice": cards[answer["choice"]]}
    if kind == QuestionKind.YES_NO and "answer" in answer:
        return {"answer": answer["answer"]}
    if kind == QuestionKind.HELPS and "picked" in answer:
        picked = [cards[text] for text in answer["picked"] if text in cards]
        return {"picked": picked} if picked else None
    if kind == QuestionKind.WHO_HELPED and "who" in answer:
        return {"who": answer["who"]}
    if kind == QuestionKind.FREE_TEXT and "text" in answer:
        return {"text": answer["text"]}
    return None


def _answered(entry: dict, *, pupil: Pupil, question_set: QuestionSet, senco: User) -> Response:
    """Asked by the SENCO, answered by the pupil with her code, question by question, finished;
    then reviewed when the entry says how the views were gathered."""
    views_request = asking.views_request_create(
        actor=senco,
        context=SYSTEM_CONTEXT,
        pupil=pupil,
        question_set=question_set,
        meeting=_meeting(pupil, entry.get("meeting")),
    )
    actor = PupilActor(pupil_id=pupil.pk, school_id=pupil.school_id)
    asking.views_request_start(actor=actor, context=SYSTEM_CONTEXT, views_request=views_request)
    questions = list(question_set.questions.prefetch_related("options").order_by("order", "id"))
    paraphrased = set()
    for question, answer in zip(questions, entry["answers"], strict=False):
        value = _value(question, answer)
        if value is None:
            answering.question_skip(
                actor=actor, context=SYSTEM_CONTEXT, views_request=views_request, question=question
            )
            continue
        saved = answering.answer_save(
            actor=actor,
            context=SYSTEM_CONTEXT,
            views_request=views_request,
            question=question,
            value=value,
            text=value.get("text", ""),
            just_for_teacher=bool(answer.get("just_for_teacher")),
        )
        if answer.get("wording") == Wording.PARAPHRASE:
            paraphrased.add(saved.pk)
    faces = entry.get("targets") or []
    for target, face in zip(answering_selectors.my_targets(views_request), faces, strict=False):
        answering.target_check_in(
            actor=actor,
            context=SYSTEM_CONTEXT,
            views_request=views_request,
            target=target,
            face=face,
        )
    response = answering.views_request_finish(
        actor=actor, context=SYSTEM_CONTEXT, views_request=views_request
    )
    if "review" in entry:
        said = entry["review"]
        response = review.response_review(
            actor=senco,
            context=SYSTEM_CONTEXT,
            response=response,
            gathered_how=said["gathered_how"],
            helped_by=said.get("helped_by") or "",
            wordings={
                answer.pk: Wording.PARAPHRASE if answer.pk in paraphrased else Wording.OWN_WORDS
                for answer in response.answers.all()
            },
            note=" ".join((said.get("note") or "").split()),
        )
    return response


def _live(entry: dict, *, pupil: Pupil, question_set: QuestionSet, senco: User) -> ViewsRequest:
    """The pupil's request that still works for this set, or a new one."""
    for views_request in ViewsRequest.objects.filter(
        pupil=pupil,
        question_set=question_set,
        status__in=(RequestStatus.WAITING, RequestStatus.STARTED),
    ).order_by("-created_at", "-id"):
        if request_is_open(views_request):
            return views_request
    return asking.views_request_create(
        actor=senco,
        context=SYSTEM_CONTEXT,
        pupil=pupil,
        question_set=question_set,
        meeting=_meeting(pupil, entry.get("meeting")),
    )
