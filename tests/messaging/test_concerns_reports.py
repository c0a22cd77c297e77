"""The concern lists, panels and the governors' figures: right numbers, and query counts that do
not grow with the number of concerns."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest

from messaging.concerns.models import Concern, ConcernStatus
from messaging.concerns.selectors import concern_report
from portal.schools.models import TermDate
from tests.conftest import count_queries, sign_in

LONDON = ZoneInfo("Europe/London")
_references = itertools.count(1)


def when(day: str | None, hour: int = 10) -> datetime.datetime | None:
    if day is None:
        return None
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=LONDON
    )


def build(world, *, counts_from: str, category="support", acknowledged=None, answered=None,
          status=ConcernStatus.RECEIVED) -> Concern:  # fmt: skip
    start = datetime.date.fromisoformat(counts_from)
    return Concern(
        school=world.school_a,
        pupil=world.pupil_a1,
        raised_by=world.parent_1,
        category=category,
        what_happened="What happened",
        would_like="What would help",
        reference=f"C-T{next(_references):06d}",
        status=status,
        received_at=when(counts_from),
        counts_from=start,
        acknowledge_by=start + datetime.timedelta(days=2),
        answer_by=start + datetime.timedelta(days=14),
        acknowledged_at=when(acknowledged),
        answered_at=when(answered),
    )


@pytest.fixture
def autumn(world):
    TermDate.objects.create(
        school=world.school_a,
        name="Autumn 1",
        starts_on=datetime.date(2026, 9, 2),
        ends_on=datetime.date(2026, 10, 23),
    )
    TermDate.objects.create(
        school=world.school_a,
        name="Autumn 2",
        starts_on=datetime.date(2026, 11, 2),
        ends_on=datetime.date(2026, 12, 18),
    )
    return world


def test_the_governors_figures_match_hand_counted_concerns(autumn):
    w = autumn
    Concern.objects.bulk_create(
        [
            # One school day to acknowledge, nine to answer: both in time.
            build(
                w,
                counts_from="2026-09-14",
                category="learning",
                acknowledged="2026-09-15",
                answered="2026-09-25",
            ),
            # Three to acknowledge (limit 2), thirteen to answer (limit 10): both late.
            build(w, counts_from="2026-10-05", acknowledged="2026-10-08", answered="2026-10-22"),
            # Never acknowledged.
            build(w, counts_from="2026-10-19"),
            # The half-term week is no school days: acknowledged the day it counts from.
            build(w, counts_from="2026-11-02", category="wellbeing", acknowledged="2026-11-02"),
            # Outside every term entered: counted in its school year.
            build(w, counts_from="2027-06-07", category="other"),
        ]
    )

    periods = {period.label: period for period in concern_report(school=w.school_a)}

    assert list(periods) == ["Autumn 1", "Autumn 2", "2026 to 2027"]
    first = periods["Autumn 1"]
    assert (first.raised, first.acknowledged_in_time, first.answered_in_time) == (3, 1, 1)
    assert (first.median_to_acknowledge, first.median_to_answer) == (2, 11)
    assert dict(first.categories)["Learning and progress"] == 1
    assert dict(first.categories)["Support not happening"] == 2
    second = periods["Autumn 2"]
    assert (second.raised, second.acknowledged_in_time, second.median_to_acknowledge) == (1, 1, 0)
    assert second.median_to_answer is None
    assert periods["2026 to 2027"].raised == 1


def queries_for(client, url: str) -> int:
    """Queries of one visit, right after another: the session's last-seen time (written at
    most every 30 seconds) is then never written during the counted visit."""
    client.get(url)
    return count_queries(lambda: client.get(url))


def _many(world, count: int) -> None:
    statuses = list(ConcernStatus)
    Concern.objects.bulk_create(
        [
            build(
                world,
                counts_from=(
                    datetime.date(2026, 9, 7) + datetime.timedelta(days=index % 90)
                ).isoformat(),
                category=["learning", "support", "wellbeing"][index % 3],
                acknowledged="2026-12-01" if index % 2 else None,
                status=statuses[index % len(statuses)],
            )
            for index in range(count)
        ]
    )


def test_the_report_takes_the_same_queries_for_10_and_1000_concerns(autumn, client):
    sign_in(client, autumn.head_a)
    url = f"/portal/schools/{autumn.school_a.pk}/concerns/report/"
    _many(autumn, 10)
    few = queries_for(client, url)
    _many(autumn, 990)
    many = queries_for(client, url)

    assert few == many


def test_the_staff_list_takes_the_same_queries_for_10_and_1000_concerns(autumn, client):
    sign_in(client, autumn.senco_a)
    url = f"/portal/schools/{autumn.school_a.pk}/concerns/"
    _many(autumn, 10)
    few = queries_for(client, url)
    _many(autumn, 990)
    many = queries_for(client, url)
    second_page = client.get(url, {"page": 2}).content.decode()

    assert few == many
    assert "Page 2 of 20" in second_page


def test_the_trust_lead_sees_counts_per_school_and_never_a_concern(autumn, client):
    _many(autumn, 12)
    sign_in(client, autumn.trust_lead)

    page = client.get(f"/portal/trusts/{autumn.trust.pk}/concerns/").content.decode()

    assert "Riverside Primary" in page and "Riverside Academy" in page
    assert "Concerns raised" in page
    assert "C-T" not in page
    assert "What happened" not in page


def test_the_dashboard_panel_counts_by_status_with_the_overdue(autumn, client):
    _many(autumn, 10)
    sign_in(client, autumn.senco_a)

    few = queries_for(client, "/portal/")
    _many(autumn, 50)
    page = client.get("/portal/").content.decode()
    many = queries_for(client, "/portal/")

    assert "Parents&#x27; concerns" in page or "Parents' concerns" in page
    assert "Overdue" in page
    assert few == many


def test_the_status_filter_shows_only_that_status(autumn, client):
    Concern.objects.bulk_create(
        [
            build(autumn, counts_from="2026-11-02", status=ConcernStatus.CLOSED),
            build(autumn, counts_from="2026-11-03", status=ConcernStatus.ANSWERED),
        ]
    )
    closed, answered = Concern.objects.order_by("counts_from")
    sign_in(client, autumn.senco_a)

    page = client.get(
        f"/portal/schools/{autumn.school_a.pk}/concerns/", {"status": "closed"}
    ).content.decode()

    assert closed.reference in page
    assert answered.reference not in page
