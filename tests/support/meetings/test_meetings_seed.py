"""Meetings in the demo data and in the scale data: the demo parent has shared records of an
early discussion, a planning and a review meeting (one step overdue, a response the SENCO
answered, the views they gave), a draft they cannot see and a meeting to come; the scale data's
meetings render the SENCO's list and the parent's record for the benchmark."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.people.models import User
from portal.schools.models import School
from portal.support.meetings.models import (
    Meeting,
    MeetingKind,
    NextStep,
    ParentResponse,
    ParentViews,
    RecordStatus,
)
from tests.conftest import count_queries, sign_in
from tests.portal.test_seed_scale import seed as seed_scale

pytestmark = pytest.mark.django_db
JOURNEY = "portal.support.meetings"


def _seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_demo_meetings_fall_on_school_days():
    from portal.lib.school_days import is_school_day
    from portal.schools.selectors import school_calendar
    from portal.support.meetings.services import local_zone

    _seed_demo()
    meetings = list(Meeting.objects.select_related("school"))
    assert meetings
    for meeting in meetings:
        day = meeting.starts_at.astimezone(local_zone()).date()
        assert is_school_day(school_calendar(meeting.school), day), (meeting.kind, day)


def test_seed_demo_gives_the_demo_parent_shared_and_draft_meetings_once():
    _seed_demo()
    counts = (Meeting.objects.count(), NextStep.objects.count(), ParentResponse.objects.count())
    _seed_demo()
    assert (
        Meeting.objects.count(),
        NextStep.objects.count(),
        ParentResponse.objects.count(),
    ) == counts

    meetings = Meeting.objects.filter(pupil__legal_first_name="Aisha", school__urn="100001")
    shared = meetings.filter(record_status=RecordStatus.SHARED)
    assert {m.kind for m in shared} == {
        MeetingKind.EARLY_DISCUSSION,
        MeetingKind.PLANNING,
        MeetingKind.REVIEW,
    }
    assert (
        meetings.filter(record_status=RecordStatus.DRAFT, starts_at__lt=timezone.now()).count() == 1
    )
    assert meetings.filter(starts_at__gt=timezone.now()).count() == 1
    today = timezone.localdate()
    overdue = NextStep.objects.filter(meeting__in=shared, done_at__isnull=True, due_on__lt=today)
    assert overdue.count() == 1
    assert ParentResponse.objects.filter(replied_at__isnull=False).count() == 1
    assert ParentViews.objects.filter(answered_at__isnull=False, meeting__in=shared).count() == 1


def test_the_demo_parent_reads_the_review_record_and_not_the_draft(client):
    _seed_demo()
    parent = User.objects.get(email="parent@example.org")
    sign_in(client, parent)
    meetings = Meeting.objects.filter(pupil__guardian_links__parent=parent)
    review = meetings.get(kind=MeetingKind.REVIEW, record_status=RecordStatus.SHARED)
    page = client.get(f"/portal/meetings/{review.pk}/record/").content.decode()
    assert "football comics" in page
    draft = meetings.get(record_status=RecordStatus.DRAFT, starts_at__lt=timezone.now())
    assert client.get(f"/portal/meetings/{draft.pk}/record/").status_code == 404


def test_seed_scale_adds_shared_meetings_with_steps_to_every_school(tmp_path):
    manifest = seed_scale(tmp_path)
    for school in School.objects.exclude(urn__startswith="1000"):
        meetings = Meeting.objects.filter(school=school)
        assert meetings.filter(record_status=RecordStatus.SHARED).exists(), school.urn
        assert not meetings.exclude(pupil__school=school).exists()
    assert NextStep.objects.filter(done_at__isnull=True).exists()
    for meeting in Meeting.objects.order_by("?")[:10]:
        meeting.full_clean()
    targets = {t["name"]: t for t in manifest["journeys"][JOURNEY]["targets"]}
    assert set(targets) == {"meeting_list_senco", "meeting_record_parent"}


def test_the_scale_datas_meeting_pages_answer_for_the_benchmarks_accounts(tmp_path, client):
    manifest = seed_scale(tmp_path)
    for target in manifest["journeys"][JOURNEY]["targets"]:
        sign_in(client, User.objects.get(pk=manifest[target["account"]]["user_id"]))
        assert client.get(target["path"]).status_code == 200, target["name"]


def test_the_meeting_pages_make_as_many_queries_at_one_school_as_at_two(tmp_path, client):
    def queries(schools: int) -> list[int]:
        manifest = seed_scale(tmp_path, schools=schools)
        found = []
        for target in manifest["journeys"][JOURNEY]["targets"]:
            sign_in(client, User.objects.get(pk=manifest[target["account"]]["user_id"]))
            client.get(target["path"])  # the session's first request
            found.append(count_queries(lambda path=target["path"]: client.get(path)))
        return found

    assert queries(1) == queries(2)
