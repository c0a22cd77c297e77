"""Pupil voice fixtures: a question set of every kind, a views request for pupil A1, and a
client holding the pupil's visit (as if the code had been typed)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from voice.models import (
    Question,
    QuestionKind,
    QuestionOption,
    QuestionSet,
    SetPurpose,
    SetScope,
    SetStatus,
    ViewsRequest,
)

# Symbols named here are in voice/data/symbols.json, so the build copies them.
EVERY_KIND = [
    (QuestionKind.FEELINGS, "How do you feel about school?", {"scale_size": 5, "symbol": "2B50"}),
    (QuestionKind.SORT, "Sort these cards.", {"options": ["Reading", "Football", "Painting"]}),
    (
        QuestionKind.CHOICE,
        "Where do you like to work?",
        {"options": ["At my table", "In a quiet room"]},
    ),
    (QuestionKind.YES_NO, "Do you like your group?", {}),
    (
        QuestionKind.HELPS,
        "What helps you learn?",
        {"options": ["A timer", "Pictures", "A quiet place"]},
    ),
    (QuestionKind.FREE_TEXT, "What else do you want to say?", {"allow_audio": True}),
    (QuestionKind.WHO_HELPED, "Who helped you answer?", {}),
]

OPTION_SYMBOLS = ["1F4DA", "26BD", "1F3A8"]


def make_question_set(*, kinds=None, school=None, count=None) -> QuestionSet:
    """A ready school set with one question of each kind (or of `kinds`), each card with a
    symbol; or `count` feelings questions."""
    question_set = QuestionSet.objects.create(
        scope=SetScope.SCHOOL if school else SetScope.BUILT_IN,
        school=school,
        key="" if school else f"test-{QuestionSet.objects.count()}",
        purpose=SetPurpose.OTHER,
        title="Test set",
        introduction="Tell us about school.",
        status=SetStatus.READY,
    )
    rows = EVERY_KIND if count is None else [EVERY_KIND[0]] * count
    if kinds is not None:
        rows = [row for row in EVERY_KIND if row[0] in kinds]
    for order, (kind, text, extra) in enumerate(rows):
        extra = dict(extra)
        options = extra.pop("options", [])
        question = Question.objects.create(
            question_set=question_set, order=order, kind=kind, text=text, **extra
        )
        QuestionOption.objects.bulk_create(
            QuestionOption(
                question=question,
                order=index,
                text=words,
                symbol=OPTION_SYMBOLS[index % len(OPTION_SYMBOLS)],
            )
            for index, words in enumerate(options)
        )
    return question_set


def make_views_request(pupil, question_set, *, created_by=None, code="ABCDEFGH", **extra):
    return ViewsRequest.objects.create(
        school=pupil.school,
        pupil=pupil,
        question_set=question_set,
        code=code,
        expires_at=timezone.now() + datetime.timedelta(days=14),
        created_by=created_by,
        **extra,
    )


def give_visit(client, views_request) -> None:
    """Hold the pupil's visit in the client's session, as typing the code does."""
    from django.contrib.sessions.backends.db import SessionStore

    from voice.access import SESSION_KEY, SUPERVISED_KEY

    session = client.session
    if not session.session_key:
        session = SessionStore()
        session.create()
    session[SESSION_KEY] = views_request.pk
    session[SUPERVISED_KEY] = None
    session.save()
    from django.conf import settings

    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


@pytest.fixture
def question_set(db):
    return make_question_set()


@pytest.fixture
def views_request(world, question_set):
    return make_views_request(world.pupil_a1, question_set, created_by=world.senco_a)


@pytest.fixture
def pupil_client(client, views_request):
    give_visit(client, views_request)
    return client
