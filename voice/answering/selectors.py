"""Reads for the pupil's own pages. Each is scoped to the pupil's open visit (the caller has it
from `voice.access.access_visit`) and makes a fixed number of queries, however many questions,
cards or answers there are. The pupil reading their own questions and answers is not audited
as a read of a pupil's record: the answers are audited as they are given."""

from __future__ import annotations

from django.db.models import Prefetch

from portal.support.plans.selectors import current_cycle, latest_shared_version
from voice.models import Answer, Question, QuestionOption, Response, ViewsRequest

from .services import Target


def questions_of(views_request: ViewsRequest) -> list[Question]:
    """The request's questions in order, each with its cards (two queries)."""
    return list(
        Question.objects.filter(question_set_id=views_request.question_set_id)
        .order_by("order", "id")
        .prefetch_related(
            Prefetch("options", queryset=QuestionOption.objects.order_by("order", "id"))
        )
    )


def question_count(views_request: ViewsRequest) -> int:
    return Question.objects.filter(question_set_id=views_request.question_set_id).count()


def answers_by_question(views_request: ViewsRequest) -> dict[int, Answer]:
    """The answers given so far, by question id (one query)."""
    return {
        answer.question_id: answer
        for answer in Answer.objects.filter(response__request=views_request)
    }


def response_of(views_request: ViewsRequest) -> Response | None:
    return Response.objects.filter(request=views_request).first()


def my_targets(views_request: ViewsRequest) -> list[Target]:
    """The pupil's current targets in their own words: the outcomes of their newest cycle as
    the parents were last shown them (the latest shared version), never an unshared draft or
    outcomes kept for staff. Outcomes with no child wording are left out. Two queries."""
    cycle = current_cycle(views_request.pupil)
    if cycle is None:
        return []
    version = latest_shared_version(cycle)
    if version is None:
        return []
    return [
        Target(outcome_id=outcome["id"], wording=outcome["child_wording"].strip())
        for outcome in version.content.get("outcomes") or []
        if outcome.get("id") and (outcome.get("child_wording") or "").strip()
    ]
