"""Reads for question sets. The built-in sets come from the post_migrate handler
(voice/sets/signals.py), so these never write."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from django.db.models import Count, Prefetch, Q

from portal.schools.models import School, Trust
from voice.models import Question, QuestionSet, SetScope, SetStatus, ViewsRequest

from .builtin import SYMBOLS

SCOPE_ORDER = {SetScope.BUILT_IN: 0, SetScope.TRUST: 1, SetScope.SCHOOL: 2}


@dataclass(frozen=True)
class Symbol:
    code: str
    label: str


@cache
def symbol_palette() -> tuple[Symbol, ...]:
    """The symbols a set may use (voice/data/symbols.json), in the file's order."""
    with SYMBOLS.open(encoding="utf-8") as handle:
        return tuple(Symbol(code=item["code"], label=item["label"]) for item in json.load(handle))


def symbol_codes() -> frozenset[str]:
    return frozenset(symbol.code for symbol in symbol_palette())


def symbol_label(code: str) -> str:
    return next((s.label for s in symbol_palette() if s.code == code), "")


def _ordered(sets) -> list[QuestionSet]:
    return sorted(sets, key=lambda s: (SCOPE_ORDER[s.scope], s.title.casefold(), s.pk))


def sets_for_school(school: School) -> list[QuestionSet]:
    """The sets a school may use or look at: the built-in ones, its trust's published (ready)
    ones and its own that are not archived; built-in first, then the trust's, then the school's.
    Each has `question_count`. One query, however many sets."""
    visible = Q(scope=SetScope.BUILT_IN, status=SetStatus.READY) | Q(
        scope=SetScope.SCHOOL, school=school, status__in=[SetStatus.DRAFT, SetStatus.READY]
    )
    if school.trust_id is not None:
        visible |= Q(scope=SetScope.TRUST, trust_id=school.trust_id, status=SetStatus.READY)
    return _ordered(QuestionSet.objects.filter(visible).annotate(question_count=Count("questions")))


def ready_sets_for_school(school: School) -> list[QuestionSet]:
    """The sets staff may ask a pupil to answer now: those of `sets_for_school` that are ready."""
    return [s for s in sets_for_school(school) if s.status == SetStatus.READY]


def sets_for_trust(trust: Trust) -> list[QuestionSet]:
    """A trust's list: the built-in sets and the trust's own that are not archived. One query."""
    return _ordered(
        QuestionSet.objects.filter(
            Q(scope=SetScope.BUILT_IN, status=SetStatus.READY)
            | Q(scope=SetScope.TRUST, trust=trust, status__in=[SetStatus.DRAFT, SetStatus.READY])
        ).annotate(question_count=Count("questions"))
    )


def set_in_use(question_set: QuestionSet) -> bool:
    """A views request uses the set: its questions must not change under a pupil."""
    return ViewsRequest.objects.filter(question_set=question_set).exists()


def set_questions(question_set: QuestionSet) -> list[Question]:
    """The set's questions in order with their cards: two queries, however many."""
    return list(
        question_set.questions.prefetch_related(Prefetch("options")).order_by("order", "pk")
    )
