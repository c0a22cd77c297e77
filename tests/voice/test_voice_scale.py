"""Pupil voice in the scale data: every school has its question sets, requests in every state,
answers of every kind, flags in every status; the manifest names this issue's pages for the
benchmark, they answer for its accounts, and their query counts are the same at 1 school and at
50."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from bench.sessions import sessions_for_manifest
from portal.people.models import StaffMembership, StaffRole, User
from portal.pupils.models import SenStatus
from portal.schools.models import School
from portal.support.checklist.models import PupilViewsRecord
from tests.conftest import count_queries, sign_in
from tests.portal.test_seed_scale import seed as seed_scale
from voice.models import (
    Answer,
    CommunicationNote,
    FlagNote,
    FlagStatus,
    QuestionKind,
    QuestionSet,
    RequestStatus,
    Response,
    ReviewStatus,
    SafeguardingFlag,
    SetScope,
    TargetCheckIn,
    ViewsRequest,
)

pytestmark = pytest.mark.django_db

PAGES = (
    "voice_question_pupil",
    "voice_response_senco",
    "voice_responses_senco",
    "voice_safeguarding_dsl",
    "voice_sets_senco",
    "voice_pupil_views_senco",
    "voice_child_parent",
)


def _targets(manifest: dict) -> dict[str, dict]:
    return {t["name"]: t for t in manifest["journeys"]["voice"]["targets"]}


def test_every_scale_school_has_pupil_voice_in_every_state(tmp_path):
    seed_scale(tmp_path)

    for school in School.objects.all():
        sets = QuestionSet.objects.filter(school=school, scope=SetScope.SCHOOL)
        assert sets.count() == 2
        kinds = set(sets.first().questions.values_list("kind", flat=True))
        assert kinds == set(QuestionKind.values)
        requests = ViewsRequest.objects.filter(school=school)
        assert requests.exists()
        # Every request belongs to one school: its pupil's and its set's.
        assert not requests.exclude(pupil__school=school).exists()
        assert not requests.exclude(question_set__school=school).exists()
    statuses = set(ViewsRequest.objects.values_list("status", flat=True))
    assert statuses == set(RequestStatus.values)
    assert ViewsRequest.objects.filter(
        status=RequestStatus.WAITING, expires_at__lt=timezone.now()
    ).exists()
    answered_kinds = set(Answer.objects.values_list("question__kind", flat=True))
    assert answered_kinds == set(QuestionKind.values)
    assert Answer.objects.filter(just_for_teacher=True).exists()
    assert set(Response.objects.values_list("review_status", flat=True)) == set(ReviewStatus.values)
    assert set(SafeguardingFlag.objects.values_list("status", flat=True)) == set(FlagStatus.values)
    for flag in SafeguardingFlag.objects.select_related("answer", "response"):
        assert flag.matched.lower() in flag.answer.text.lower()
        assert flag.answer.response_id == flag.response_id
        assert not flag.answer.just_for_teacher
    assert FlagNote.objects.exists()
    assert CommunicationNote.objects.exists()
    assert TargetCheckIn.objects.exists()
    # Reviewing records the checklist's "pupil views gathered" for pupils on SEN Support.
    reviewed = Response.objects.filter(review_status=ReviewStatus.REVIEWED).exclude(
        pupil__sen_status=SenStatus.MONITORING
    )
    assert PupilViewsRecord.objects.filter(source="voice").count() == reviewed.count()
    # A started request has answers up to where the pupil stopped, and no further.
    for response in Response.objects.filter(request__status=RequestStatus.STARTED)[:5]:
        assert response.answers.count() == response.request.position
    for model in (ViewsRequest, Response, Answer, SafeguardingFlag, TargetCheckIn):
        for row in model.objects.order_by("?")[:5]:
            row.full_clean()


def test_the_manifest_names_the_pages_and_the_visits_the_benchmark_needs(tmp_path):
    manifest = seed_scale(tmp_path)

    voice = manifest["journeys"]["voice"]
    targets = _targets(manifest)
    assert set(PAGES) <= set(targets)
    first = School.objects.get(pk=manifest["senco"]["school_id"])
    dsl = voice["accounts"]["dsl"]
    assert StaffMembership.objects.filter(
        user_id=dsl["user_id"], school=first, role=StaffRole.DSL
    ).exists()
    codes = voice["visits"]["pupil"]["codes"]
    assert len(codes) == 10 == len(set(codes))
    assert set(ViewsRequest.objects.filter(code__in=codes).values_list("school_id", "status")) == {
        (first.pk, RequestStatus.STARTED)
    }
    # The parent's child has a reviewed response for the parent's panel.
    child = manifest["parent"]["pupil_id"]
    assert Response.objects.filter(pupil_id=child, review_status=ReviewStatus.REVIEWED).exists()
    assert targets["voice_responses_big"]["growth"] is False
    # The benchmark makes a session for the journey's own account as for the core's.
    sessions = sessions_for_manifest(manifest)
    assert {"dsl", "senco", "parent"} <= set(sessions)


def _client_for(manifest: dict, account: str) -> Client:
    """A browser as the benchmark's account: a pupil who typed one of the visits' codes at
    /voice/, or a person signed in."""
    voice = manifest["journeys"]["voice"]
    client = Client()
    if account in voice.get("visits", {}):
        visit = voice["visits"][account]
        entered = client.post(visit["path"], {visit["field"]: visit["codes"][0]})
        assert entered.status_code == 302
        return client
    entry = manifest.get(account) or voice["accounts"][account]
    return sign_in(client, User.objects.get(pk=entry["user_id"]))


def _queries(manifest: dict) -> dict[str, int]:
    found = {}
    for target in manifest["journeys"]["voice"]["targets"]:
        if target.get("growth") is False:
            continue
        client = _client_for(manifest, target["account"])
        client.get(target["path"])  # the session's first request
        found[target["name"]] = count_queries(lambda c=client, t=target: c.get(t["path"]))
    return found


def _seed(tmp_path, *, schools: int, pupils: int) -> dict:
    import json

    from django.core.management import call_command

    manifest = tmp_path / "scale.json"
    call_command(
        "seed_scale",
        f"--schools={schools}",
        f"--pupils={pupils}",
        "--big-school-pupils=0",
        "--small-school-pupils=0",
        f"--manifest={manifest}",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    return json.loads(manifest.read_text())


def test_the_voice_pages_make_as_many_queries_at_one_school_as_at_fifty(tmp_path):
    at_one = _queries(_seed(tmp_path, schools=1, pupils=50))
    # 49 more schools, each with its register, requests, answers and flags.
    at_fifty = _queries(_seed(tmp_path, schools=50, pupils=5))

    assert School.objects.count() == 50
    assert set(at_one) == set(PAGES)
    assert at_one == at_fifty


def test_the_parents_page_shows_the_reviewed_views_of_the_scale_child(tmp_path):
    manifest = _seed(tmp_path, schools=1, pupils=50)
    child = manifest["parent"]["pupil_id"]
    client = _client_for(manifest, "parent")
    page = client.get(_targets(manifest)["voice_child_parent"]["path"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="voice-pupil-panel"' in html
    # The note on how the child communicates, and a link to the views the school shared.
    assert CommunicationNote.objects.get(pupil_id=child).text in html
    assert f'href="/portal/pupils/{child}/pupil-views/"' in html
