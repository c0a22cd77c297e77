"""Concerns in the demo data and in the scale data: the demo parent has a concern in every
status (one overdue, with its notice), and the scale data's concerns render the SENCO's list,
the governors' report, the trust's counts and the parent's concern page for the benchmark."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from messaging.concerns.models import (
    ComplaintStage,
    Concern,
    ConcernEvent,
    ConcernEventKind,
    ConcernStatus,
)
from messaging.concerns.services import local_today
from portal.notifications.models import Notification
from portal.people.models import GuardianLink, User
from portal.schools.models import LocalAuthority, School
from tests.conftest import count_queries, sign_in
from tests.portal.test_seed_scale import seed as seed_scale

pytestmark = pytest.mark.django_db


def _seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_gives_the_demo_parent_a_concern_in_every_status_once():
    output = _seed_demo()
    counts = (Concern.objects.count(), ConcernEvent.objects.count(), ComplaintStage.objects.count())
    _seed_demo()

    assert (
        Concern.objects.count(),
        ConcernEvent.objects.count(),
        ComplaintStage.objects.count(),
    ) == counts
    parent = User.objects.get(email="parent@example.org")
    concerns = Concern.objects.filter(raised_by=parent)
    assert {c.pupil.legal_first_name for c in concerns} == {"Aisha"}
    assert set(concerns.values_list("status", flat=True)) == set(ConcernStatus.values)
    today = local_today()
    overdue = [c for c in concerns if c.acknowledge_overdue(today)]
    assert len(overdue) == 1
    assert overdue[0].status == ConcernStatus.RECEIVED
    assert (
        ConcernEvent.objects.filter(
            concern=overdue[0], kind=ConcernEventKind.ACKNOWLEDGE_OVERDUE
        ).count()
        == 1
    )
    assert (
        Notification.objects.filter(
            recipient=parent, url=overdue[0].get_absolute_url(), text__contains="in time"
        ).count()
        == 1
    )
    # Timelines written by the services: each step by the SENCO or the assigned teacher.
    in_progress = concerns.get(status=ConcernStatus.IN_PROGRESS)
    kinds = list(in_progress.events.values_list("kind", flat=True))
    assert kinds == ["raised", "acknowledged", "assigned", "in_progress", "reply"]
    assert in_progress.assigned_to.email == "teacher@riverside1.example.org"
    assert concerns.get(status=ConcernStatus.ESCALATED).events.last().author == parent
    assert "Demo concerns about Aisha" in output

    school = School.objects.get(urn="100001")
    assert [s.name for s in school.concern_policy.stages.all()][0].startswith("Stage 1")
    authority = LocalAuthority.objects.get(name="Northshire County Council")
    assert authority.disagreement_resolution_name
    assert authority.disagreement_resolution_phone


def test_the_demo_parent_sees_the_next_stage_on_the_escalated_concern(client):
    _seed_demo()
    parent = User.objects.get(email="parent@example.org")
    escalated = Concern.objects.get(raised_by=parent, status=ConcernStatus.ESCALATED)
    client.force_login(parent)

    page = client.get(escalated.get_absolute_url()).content.decode()

    assert "Stage 2: formal complaint to the headteacher" in page
    assert "Northshire SEND Disagreement Resolution Service" in page


def test_seed_scale_adds_concerns_in_every_status_to_every_school(tmp_path):
    manifest = seed_scale(tmp_path)

    for school in School.objects.exclude(urn__startswith="1000"):
        concerns = Concern.objects.filter(school=school)
        links = GuardianLink.objects.filter(pupil__school=school).count()
        assert concerns.count() >= max(1, links // 10)
        assert not concerns.exclude(pupil__school=school).exists()
    statuses = set(Concern.objects.values_list("status", flat=True))
    assert len(statuses) >= 3
    assert statuses & {"received", "acknowledged", "in_progress"}
    assert statuses & {"answered", "closed", "escalated"}
    for concern in Concern.objects.prefetch_related("events"):
        assert 1 <= len(concern.events.all()) <= 5
        assert concern.events.all()[0].kind == ConcernEventKind.RAISED
    today = local_today()
    assert any(c.overdue(today) for c in Concern.objects.all())
    assert Concern.objects.filter(assigned_to__isnull=False).exists()
    for concern in Concern.objects.order_by("?")[:10]:
        concern.full_clean()

    targets = {
        target["name"]: target for target in manifest["journeys"]["messaging.concerns"]["targets"]
    }
    assert set(targets) == {
        "concern_list_senco",
        "concern_report_senco",
        "concern_list_big",
        "trust_concern_counts",
        "concern_parent",
    }
    parent_concern = Concern.objects.get(pk=int(targets["concern_parent"]["path"].split("/")[3]))
    assert parent_concern.raised_by_id == manifest["parent"]["user_id"]
    assert targets["concern_list_big"]["account"] == "senco_big"
    assert targets["concern_list_big"]["growth"] is False


def test_the_scale_datas_concern_pages_answer_for_the_benchmarks_accounts(tmp_path, client):
    manifest = seed_scale(tmp_path)
    targets = manifest["journeys"]["messaging.concerns"]["targets"]
    for target in targets:
        sign_in(client, User.objects.get(pk=manifest[target["account"]]["user_id"]))
        response = client.get(target["path"])
        assert response.status_code == 200, target["name"]


def test_the_concern_list_and_report_make_as_many_queries_at_one_school_as_at_two(tmp_path, client):
    def queries(schools: int) -> list[int]:
        manifest = seed_scale(tmp_path, schools=schools)
        sign_in(client, User.objects.get(pk=manifest["senco"]["user_id"]))
        found = []
        for name in ("concern_list_senco", "concern_report_senco"):
            target = next(
                t
                for t in manifest["journeys"]["messaging.concerns"]["targets"]
                if t["name"] == name
            )
            client.get(target["path"])  # the session's first request
            found.append(count_queries(lambda path=target["path"]: client.get(path)))
        return found

    at_one = queries(1)
    at_two = queries(2)

    assert at_one == at_two
