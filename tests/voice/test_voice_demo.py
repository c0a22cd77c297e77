"""Pupil voice in the demo data: `seed_demo` prints a live code the demo pupil can type, keeps it
while it works and makes a new one once it does not; her answered views reach the meeting
record, her profile and the checklist; another pupil's flagged words wait in the DSL's queue;
nothing is made twice."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from portal.notifications.models import Notification, NotificationKind
from portal.people.models import User
from portal.pupils.models import Pupil
from portal.support.checklist.models import PupilViewsRecord
from tests.conftest import sign_in
from voice.models import (
    Answer,
    FlagStatus,
    QuestionSet,
    RequestStatus,
    Response,
    ReviewStatus,
    SafeguardingFlag,
    SetScope,
    SetStatus,
    TargetCheckIn,
    ViewsRequest,
)

pytestmark = pytest.mark.django_db

CODE_LINE = re.compile(r"Pupil voice: go to /voice/ and type ([0-9A-Z]{4} [0-9A-Z]{4})")


def _seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _code(output: str) -> str:
    found = CODE_LINE.search(output)
    assert found, output[-2000:]
    return found.group(1)


def _aisha() -> Pupil:
    return Pupil.objects.get(school__urn="100001", legal_first_name="Aisha")


def test_the_printed_code_comes_after_the_sign_ins_and_opens_the_demo_pupils_questions():
    output = _seed_demo()
    code = _code(output)

    # After the sign-ins, so `make run` ends with what to type.
    assert output.rindex("Pupil voice:") > output.index("Every demo account's password")
    pupil = Client()
    entered = pupil.post("/voice/", {"code": code})
    assert entered.status_code == 302
    start = pupil.get("/voice/start/")
    assert start.status_code == 200
    views_request = ViewsRequest.objects.get(code=code.replace(" ", ""))
    assert views_request.pupil == _aisha()
    # The school's own copy, for her next review.
    assert views_request.question_set.scope == SetScope.SCHOOL
    assert views_request.meeting is not None and views_request.meeting.kind == "review"


def test_running_it_again_keeps_the_code_and_makes_nothing_twice_until_the_code_is_used_up():
    first = _code(_seed_demo())
    counts = (Response.objects.count(), Answer.objects.count(), SafeguardingFlag.objects.count())

    assert _code(_seed_demo()) == first
    assert counts == (
        Response.objects.count(),
        Answer.objects.count(),
        SafeguardingFlag.objects.count(),
    )
    assert QuestionSet.objects.filter(scope=SetScope.SCHOOL).count() == 1

    ViewsRequest.objects.filter(code=first.replace(" ", "")).update(status=RequestStatus.FINISHED)
    again = _code(_seed_demo())
    assert again != first
    assert ViewsRequest.objects.get(code=again.replace(" ", "")).status == RequestStatus.WAITING


def test_the_school_copy_has_one_question_in_the_schools_words_and_is_ready():
    _seed_demo()
    copy = QuestionSet.objects.get(scope=SetScope.SCHOOL)
    assert copy.status == SetStatus.READY
    assert copy.based_on.key == "before_my_review"
    theirs = list(copy.questions.order_by("order").values_list("text", flat=True))
    built_in = list(copy.based_on.questions.order_by("order").values_list("text", flat=True))
    assert len(theirs) == len(built_in)
    assert [a == b for a, b in zip(theirs, built_in, strict=True)].count(False) == 1
    assert "Is there a thing you want your teacher to know?" in theirs


def test_the_demo_pupils_reviewed_views_reach_the_meeting_record_the_profile_and_checklist():
    _seed_demo()
    aisha = _aisha()
    reviewed = Response.objects.filter(pupil=aisha, review_status=ReviewStatus.REVIEWED)
    assert reviewed.count() == 2
    for_meeting = reviewed.get(request__meeting__isnull=False)
    assert PupilViewsRecord.objects.filter(pupil=aisha, source="voice").count() == 2
    senco = User.objects.get(email="senco@riverside1.example.org")
    client = sign_in(Client(), senco)

    record = client.get(f"/portal/meetings/{for_meeting.request.meeting_id}/record/")
    assert record.status_code == 200
    assert "Miss Clarke reads with me" in record.content.decode()

    passport = client.get(f"/portal/pupils/{aisha.pk}/passport/")
    assert passport.status_code == 200
    assert "I am good at drawing cats" in passport.content.decode()

    # Her targets, said with faces, and one response still waiting for the SENCO.
    assert TargetCheckIn.objects.filter(pupil=aisha).exists()
    assert Response.objects.filter(
        pupil=aisha, review_status=ReviewStatus.NOT_REVIEWED, finished_at__isnull=False
    ).exists()


def test_the_flagged_words_wait_in_the_demo_dsls_queue_and_the_dsl_was_told():
    _seed_demo()
    flag = SafeguardingFlag.objects.get()
    assert flag.pupil.legal_first_name == "Leo"
    assert flag.status == FlagStatus.NEW
    assert "hurts me" in flag.matched
    dsl = User.objects.get(email="dsl@riverside1.example.org")
    assert Notification.objects.filter(recipient=dsl, kind=NotificationKind.SAFEGUARDING).exists()
    queue = sign_in(Client(), dsl).get(f"/portal/schools/{flag.school_id}/safeguarding/")
    assert queue.status_code == 200
    assert f"/portal/safeguarding/{flag.pk}/" in queue.content.decode()


def test_the_demo_parent_never_reads_the_answer_marked_just_for_the_teacher():
    _seed_demo()
    aisha = _aisha()
    secret = Answer.objects.get(response__pupil=aisha, just_for_teacher=True)
    parent = sign_in(Client(), User.objects.get(email="parent@example.org"))
    shared = parent.get(f"/portal/pupils/{aisha.pk}/pupil-views/")
    assert shared.status_code == 200
    # The parent reads her reviewed views, but not the answer just for her teacher.
    assert "I am good at drawing cats" in shared.content.decode()
    assert secret.text not in shared.content.decode()
    for path in (f"/portal/pupils/{aisha.pk}/", f"/portal/pupils/{aisha.pk}/passport/"):
        page = parent.get(path)
        assert page.status_code == 200
        assert secret.text not in page.content.decode()
