"""The checklist's and the provision map's queries do not grow with the school: the same count
at 10 and 300 pupils, and at 1 and 30 cycles of one pupil."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from portal.audit.models import AuditAction, AuditEvent
from portal.pupils.models import Pupil, SenStatus
from portal.schools.models import SchoolClosure, TermDate
from portal.support.checklist.models import PupilViewsRecord
from portal.support.consent.models import ConsentRequest, ConsentStatus
from portal.support.meetings.models import (
    Attendee,
    AttendeeKind,
    DateStatus,
    Meeting,
    MeetingKind,
    RecordStatus,
)
from portal.support.notices.models import FormalNotice
from portal.support.plans.models import (
    AssessmentStillHolds,
    Cycle,
    CycleStatus,
    Outcome,
    OutcomeProgress,
    ProvisionType,
    Review,
    SupportItem,
)
from tests.conftest import count_queries, sign_in
from tests.factories import SchoolFactory

from . import builders as b

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _support_records(pupils: list[Pupil], intervention, *, index_from: int = 0) -> None:
    """For each pupil: a reviewed cycle with progress, a cycle under way on the intervention,
    a shared meeting with an outside professional, a notice, consent and views; in bulk."""
    now = timezone.now()
    today = timezone.localdate()
    school = pupils[0].school
    reviewed = Cycle.objects.bulk_create(
        [
            Cycle(
                school=school,
                pupil=p,
                number=1,
                status=CycleStatus.REVIEWED,
                started_on=today - 120 * DAY,
                review_date=today - 30 * DAY,
            )
            for p in pupils
        ]
    )
    current = Cycle.objects.bulk_create(
        [
            Cycle(
                school=school,
                pupil=p,
                number=2,
                previous=previous,
                status=CycleStatus.ACTIVE,
                started_on=today - 20 * DAY,
                review_date=today + 40 * DAY,
            )
            for p, previous in zip(pupils, reviewed, strict=True)
        ]
    )
    outcomes = Outcome.objects.bulk_create(
        [Outcome(cycle=c, parent_wording="Read a page aloud") for c in reviewed + current]
    )
    SupportItem.objects.bulk_create(
        [
            SupportItem(
                cycle=c,
                description="Reading group",
                provision_type=ProvisionType.ADDITIONAL,
                intervention=intervention,
            )
            for c in reviewed + current
        ]
    )
    reviews = Review.objects.bulk_create(
        [
            Review(
                cycle=c, held_on=today - 30 * DAY, assessment_still_holds=AssessmentStillHolds.YES
            )
            for c in reviewed
        ]
    )
    OutcomeProgress.objects.bulk_create(
        [
            OutcomeProgress(review=r, outcome=o, score=1 + (i + index_from) % 5)
            for i, (r, o) in enumerate(zip(reviews, outcomes[: len(reviewed)], strict=True))
        ]
    )
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                school=school,
                pupil=p,
                cycle=c,
                kind=MeetingKind.REVIEW if i % 3 else MeetingKind.EARLY_DISCUSSION,
                starts_at=now - (i % 9 + 1) * DAY,
                date_status=DateStatus.ACCEPTED,
                parent_views="Going well." if i % 2 else "",
                record_status=RecordStatus.SHARED,
                shared_at=now - (i % 9) * DAY,
            )
            for i, (p, c) in enumerate(zip(pupils, current, strict=True))
        ]
    )
    Attendee.objects.bulk_create(
        [
            Attendee(meeting=m, kind=AttendeeKind.PROFESSIONAL, name="Dr Ellis", role="EP")
            for m in meetings[::2]
        ]
    )
    FormalNotice.objects.bulk_create(
        [
            FormalNotice(
                school=school,
                pupil=p,
                sen_status=p.sen_status,
                senco_name="Ms Patel",
                senco_email="senco@example.org",
                senco_phone="01234 567890",
                iass_name="SENDIASS",
                iass_phone="01234 000000",
                iass_email="iass@example.org",
                iass_website="https://iass.example.org",
                sent_at=now - 100 * DAY,
            )
            for p in pupils[::2]
        ]
    )
    ConsentRequest.objects.bulk_create(
        [
            ConsentRequest(
                school=school,
                pupil=p,
                service="ep",
                purpose="Assessment",
                information_shared="The plan",
                answer_needed_by=today,
                status=ConsentStatus.GIVEN,
                referral_sent_at=now,
            )
            for p in pupils[::3]
        ]
    )
    PupilViewsRecord.objects.bulk_create(
        [
            PupilViewsRecord(
                school=school, pupil=p, gathered_on=today, source="voice", source_id=f"q{p.pk}"
            )
            for p in pupils[::4]
        ]
    )


def _add_pupils(school, count: int, intervention, *, start: int = 0) -> None:
    pupils = Pupil.objects.bulk_create(
        [
            Pupil(
                school=school,
                legal_first_name=f"Pupil{start + i}",
                legal_last_name=f"Family{start + i:04d}",
                date_of_birth=datetime.date(2016, 3, 4),
                year_group=4,
                sen_status=SenStatus.EHC_PLAN if i % 5 == 0 else SenStatus.SEN_SUPPORT,
            )
            for i in range(count)
        ]
    )
    _support_records(pupils, intervention, index_from=start)


def _pages(world, intervention) -> dict[str, tuple[object, str]]:
    school = world.school_a.pk
    return {
        "school summary": (world.senco_a, f"/portal/schools/{school}/checklist/"),
        "governors' report": (world.head_a, f"/portal/schools/{school}/checklist/governors/"),
        "provision map": (world.senco_a, f"/portal/schools/{school}/provision-map/"),
        "intervention": (world.senco_a, f"/portal/interventions/{intervention.pk}/"),
        "trust counts": (world.trust_lead, f"/portal/trusts/{world.trust.pk}/checklist/"),
    }


def _clients(pages) -> dict[str, Client]:
    clients: dict[int, Client] = {}
    for user, _url in pages.values():
        if user.pk not in clients:
            clients[user.pk] = sign_in(Client(), user)
    return {name: clients[user.pk] for name, (user, _url) in pages.items()}


def _measure(clients, pages) -> dict[str, int]:
    for name, (_user, url) in pages.items():
        clients[name].get(url)  # warm: the session, the second factor, the roles
    return {
        name: count_queries(lambda name=name, url=url: clients[name].get(url))
        for name, (_user, url) in pages.items()
    }


def _assert_same(clients, pages, small, django_assert_num_queries) -> None:
    for name, (_user, url) in pages.items():
        with django_assert_num_queries(small[name]):
            response = clients[name].get(url)
        assert response.status_code == 200, name


def test_queries_are_the_same_at_10_and_300_pupils(world, django_assert_num_queries):
    intervention = b.intervention(world.school_a)
    _add_pupils(world.school_a, 8, intervention)  # with Aisha and Leo: ten
    pages = _pages(world, intervention)
    clients = _clients(pages)
    small = _measure(clients, pages)
    _add_pupils(world.school_a, 290, intervention, start=1000)
    assert Pupil.objects.filter(school=world.school_a).count() == 300
    _assert_same(clients, pages, small, django_assert_num_queries)
    governors = clients["governors' report"].get(pages["governors' report"][1]).context["report"]
    assert governors.sen_support + governors.ehc_plan == 300


def test_queries_are_the_same_at_1_and_30_cycles(world, django_assert_num_queries):
    intervention = b.intervention(world.school_a)
    pupil = world.pupil_a1
    first = b.cycle(pupil, support=((ProvisionType.ADDITIONAL, intervention),))
    pages = _pages(world, intervention) | {
        "pupil": (world.senco_a, f"/portal/pupils/{pupil.pk}/checklist/"),
        "pupil page": (world.senco_a, f"/portal/pupils/{pupil.pk}/"),
    }
    clients = _clients(pages)
    small = _measure(clients, pages)
    previous = first
    for number in range(2, 31):
        b.review(previous, scores=(2,))
        b.meeting(pupil, made_cycle=previous, days_ago=number)
        previous = b.cycle(
            pupil,
            number=number,
            previous=previous,
            support=((ProvisionType.ADDITIONAL, intervention),),
        )
    assert pupil.support_cycles.count() == 30
    _assert_same(clients, pages, small, django_assert_num_queries)


def _trust_school(world, number: int):
    school = SchoolFactory(
        name=f"Riverside School {number}",
        local_authority=world.school_a.local_authority,
        trust=world.trust,
    )
    today = timezone.localdate()
    TermDate.objects.create(
        school=school, name="This term", starts_on=today - 60 * DAY, ends_on=today + 30 * DAY
    )
    SchoolClosure.objects.create(school=school, date=today - 3 * DAY, kind="inset")
    _add_pupils(school, 3, b.intervention(school), start=number * 100)
    return school


def test_the_trust_page_makes_the_same_queries_at_2_and_8_schools(world, django_assert_num_queries):
    _add_pupils(world.school_b, 3, b.intervention(world.school_b))
    url = f"/portal/trusts/{world.trust.pk}/checklist/"
    client = sign_in(Client(), world.trust_lead)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    made = [_trust_school(world, number) for number in range(1, 7)]
    with django_assert_num_queries(few):
        response = client.get(url)
    reports = response.context["reports"]
    assert len(reports) == 8
    counts = {r.school.pk: r.sen_support + r.ehc_plan for r in reports}
    assert all(counts[school.pk] == 3 for school in made)
    viewed = AuditEvent.objects.filter(
        action=AuditAction.CHECKLIST_VIEWED, detail="trust counts"
    ).order_by("-id")[:8]
    assert {event.school_id for event in viewed} == {r.school.pk for r in reports}


def test_the_trust_page_counts_as_each_schools_own_report_does(world, client_as):
    school = _trust_school(world, 1)
    _add_pupils(world.school_a, 4, b.intervention(world.school_a), start=500)
    trust = client_as(world.trust_lead).get(f"/portal/trusts/{world.trust.pk}/checklist/")
    for report in trust.context["reports"]:
        own = client_as(world.trust_lead).get(
            f"/portal/schools/{report.school.pk}/checklist/governors/"
        )
        assert own.context["report"].checks == report.checks, report.school.name
    assert school.pk in {r.school.pk for r in trust.context["reports"]}
