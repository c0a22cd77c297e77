"""The school calendar: a SENCO or school administrator keeps terms and closures, a trust SEND
lead sets term dates for every school, and deadlines count only school days."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.audit.actors import SYSTEM_CONTEXT
from portal.audit.models import AuditAction, AuditEvent
from portal.lib.school_days import add_school_days, bank_holidays, school_year_of
from portal.schools import services as calendar_services
from portal.schools.models import BankHolidayRegion, ClosureKind, School, SchoolClosure, TermDate
from portal.schools.selectors import school_calendar
from tests.conftest import count_queries, sign_in

D = datetime.date
# Dates in next school year, so they are always on the pages whatever today is.
NEXT = school_year_of(timezone.localdate()) + 1


def _weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


AUTUMN_START = _weekday_on_or_after(D(NEXT, 9, 2), 0)  # a Monday in early September
AUTUMN_END = AUTUMN_START + datetime.timedelta(days=53)  # a Friday in late October
INSET_DAY = AUTUMN_START + datetime.timedelta(days=2)  # a Wednesday


def _date(prefix: str, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _term_post(name="Autumn 1", starts_on=AUTUMN_START, ends_on=AUTUMN_END) -> dict:
    return {"name": name, **_date("starts_on", starts_on), **_date("ends_on", ends_on)}


def _calendar_url(school) -> str:
    return f"/portal/schools/{school.pk}/calendar/"


def _page(response) -> str:
    return response.content.decode()


# A school's own calendar ----------------------------------------------------------------------


def test_senco_adds_a_term_and_sees_it_on_the_school_calendar(world, client):
    client = sign_in(client, world.senco_a)
    response = client.post(_calendar_url(world.school_a) + "terms/new/", _term_post())
    assert response.status_code == 302
    assert response["Location"] == _calendar_url(world.school_a)
    page = _page(client.get(_calendar_url(world.school_a)))
    assert "Autumn 1 added." in page
    assert f"School year {NEXT} to {NEXT + 1}" in page
    assert f"{AUTUMN_START.day} September {NEXT}" in page
    term = TermDate.objects.get(school=world.school_a)
    assert (term.starts_on, term.ends_on) == (AUTUMN_START, AUTUMN_END)
    event = AuditEvent.objects.filter(action=AuditAction.TERM_DATES_CHANGED).last()
    assert (event.actor_id, event.school_id) == (world.senco_a.pk, world.school_a.pk)
    assert event.detail.startswith("added Autumn 1")


def test_a_year_without_terms_says_every_weekday_counts(world, client):
    page = _page(sign_in(client, world.senco_a).get(_calendar_url(world.school_a)))
    assert page.count("No term dates entered for this school year.") == 2


def test_school_administrator_adds_an_inset_day(world, client):
    client = sign_in(client, world.admin_a)
    response = client.post(
        _calendar_url(world.school_a) + "closures/new/",
        {**_date("date", INSET_DAY), "kind": ClosureKind.INSET, "reason": "Staff training"},
    )
    assert response.status_code == 302
    page = _page(client.get(_calendar_url(world.school_a)))
    assert "INSET day (staff training)" in page
    assert "Staff training" in page
    closure = SchoolClosure.objects.get(school=world.school_a)
    assert (closure.date, closure.kind) == (INSET_DAY, ClosureKind.INSET)
    assert AuditEvent.objects.filter(
        action=AuditAction.CLOSURE_ADDED, actor=world.admin_a, school_id=world.school_a.pk
    ).exists()


@pytest.mark.parametrize(
    ("post", "messages"),
    [
        (
            {"name": "", **_date("starts_on", None), **_date("ends_on", None)},
            [
                "Enter the name of the term",
                "Enter the first day of term",
                "Enter the last day of term",
            ],
        ),
        (
            _term_post(starts_on=AUTUMN_END, ends_on=AUTUMN_START),
            ["The last day of term must be on or after the first day"],
        ),
        (
            {**_term_post(), "starts_on_1": ""},
            ["The first day of term must include a day, month and year"],
        ),
        (
            {**_term_post(), "ends_on_0": "31", "ends_on_1": "2"},
            ["The last day of term must be a real date"],
        ),
        (
            _term_post(starts_on=D(NEXT + 2, 9, 1), ends_on=D(NEXT + 2, 10, 1)),
            ["The first day of term must be between", "The last day of term must be between"],
        ),
    ],
    ids=["empty", "ends-before-start", "incomplete", "not-a-date", "too-far-ahead"],
)
def test_term_form_errors_name_the_field_and_nothing_is_saved(world, client, post, messages):
    response = sign_in(client, world.senco_a).post(
        _calendar_url(world.school_a) + "terms/new/", post
    )
    assert response.status_code == 200
    page = _page(response)
    assert "There is a problem" in page
    for message in messages:
        assert message in page
    assert "govuk-input--error" in page  # the date boxes in error turn red
    assert not TermDate.objects.exists()


def test_an_overlapping_term_is_refused_naming_the_term_it_overlaps(world, client):
    client = sign_in(client, world.senco_a)
    client.post(_calendar_url(world.school_a) + "terms/new/", _term_post())
    response = client.post(
        _calendar_url(world.school_a) + "terms/new/",
        _term_post("Autumn 2", AUTUMN_END, AUTUMN_END + datetime.timedelta(days=40)),
    )
    assert response.status_code == 200
    assert "These dates overlap Autumn 1" in _page(response)
    assert TermDate.objects.count() == 1


def test_closures_at_weekends_on_bank_holidays_or_twice_are_refused(world, client):
    client = sign_in(client, world.senco_a)
    url = _calendar_url(world.school_a) + "closures/new/"
    saturday = _weekday_on_or_after(D(NEXT, 10, 1), 5)
    page = _page(client.post(url, {**_date("date", saturday), "kind": "other"}))
    assert "is at a weekend. Enter a weekday" in page
    spring_bank_holiday = next(
        day
        for day, name in bank_holidays("ENG", [NEXT + 1]).items()
        if name == "Spring Bank Holiday"
    )
    page = _page(client.post(url, {**_date("date", spring_bank_holiday), "kind": "other"}))
    assert "is a bank holiday. Enter another day" in page
    client.post(url, {**_date("date", INSET_DAY), "kind": "inset"})
    page = _page(client.post(url, {**_date("date", INSET_DAY), "kind": "other"}))
    assert "The school is already closed on" in page
    page = _page(client.post(url, _date("date", None)))
    assert "Enter the date the school is closed" in page
    assert "Select whether it is an INSET day or another closure" in page
    assert SchoolClosure.objects.count() == 1


def test_removing_a_term_and_a_closure_asks_first_then_removes_and_audits(world, client):
    term = TermDate.objects.create(
        school=world.school_a, name="Autumn 1", starts_on=AUTUMN_START, ends_on=AUTUMN_END
    )
    closure = SchoolClosure.objects.create(school=world.school_a, date=INSET_DAY, kind="inset")
    client = sign_in(client, world.senco_a)
    term_url = f"{_calendar_url(world.school_a)}terms/{term.pk}/remove/"
    assert "Remove Autumn 1?" in _page(client.get(term_url))
    assert TermDate.objects.exists()
    assert client.post(term_url).status_code == 302
    closure_url = f"{_calendar_url(world.school_a)}closures/{closure.pk}/remove/"
    assert "The day will count as a school day again." in _page(client.get(closure_url))
    client.post(closure_url)
    assert not TermDate.objects.exists()
    assert not SchoolClosure.objects.exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.TERM_DATES_CHANGED, detail__startswith="removed Autumn 1"
    ).exists()
    assert AuditEvent.objects.filter(action=AuditAction.CLOSURE_REMOVED).exists()


def test_nobody_removes_another_schools_term_even_through_their_own_schools_address(world, client):
    term = TermDate.objects.create(
        school=world.school_a, name="Autumn 1", starts_on=AUTUMN_START, ends_on=AUTUMN_END
    )
    client = sign_in(client, world.senco_b)
    own_school_url = f"{_calendar_url(world.school_b)}terms/{term.pk}/remove/"
    assert client.post(own_school_url).status_code == 404
    assert client.post(f"{_calendar_url(world.school_a)}terms/{term.pk}/remove/").status_code == (
        404
    )
    assert TermDate.objects.filter(pk=term.pk).exists()
    refusal = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).last()
    assert (refusal.actor_id, refusal.detail) == (world.senco_b.pk, f"term {term.pk}")


def test_the_bank_holidays_shown_are_those_of_the_local_authoritys_region(world, client):
    client = sign_in(client, world.senco_a)
    page = _page(client.get(_calendar_url(world.school_a)))
    assert "Bank holidays in England" in page
    assert "Christmas Day" in page
    assert "Spring bank holiday" in page
    world.authority.bank_holiday_region = BankHolidayRegion.WALES
    world.authority.save()
    assert "Bank holidays in Wales" in _page(client.get(_calendar_url(world.school_a)))


# Links ----------------------------------------------------------------------------------------


def test_the_dashboard_links_to_the_calendar_for_those_who_keep_it(world, client):
    link = f'href="{_calendar_url(world.school_a)}"'
    assert link in _page(sign_in(client, world.senco_a).get("/portal/"))
    assert link in _page(sign_in(client, world.admin_a).get("/portal/"))
    assert link not in _page(sign_in(client, world.teacher_a).get("/portal/"))
    assert link not in _page(sign_in(client, world.head_a).get("/portal/"))
    trust_page = _page(sign_in(client, world.trust_lead).get("/portal/"))
    assert f'href="/portal/trusts/{world.trust.pk}/calendar/"' in trust_page
    assert "Term dates across Riverside Learning Trust" in trust_page


def test_the_register_page_links_to_the_calendar_for_the_senco_only(world, client):
    link = f'href="{_calendar_url(world.school_a)}"'
    register = f"/portal/schools/{world.school_a.pk}/"
    assert link in _page(sign_in(client, world.senco_a).get(register))
    assert link not in _page(sign_in(client, world.head_a).get(register))


# A trust's term dates -------------------------------------------------------------------------


def _trust_post(year=NEXT, terms=()) -> dict:
    data = {"school_year": year}
    for index in range(1, 7):
        starts_on, ends_on = terms[index - 1] if index <= len(terms) else (None, None)
        data |= _date(f"term_{index}_starts_on", starts_on)
        data |= _date(f"term_{index}_ends_on", ends_on)
    return data


AUTUMN_2 = (AUTUMN_END + datetime.timedelta(days=10), AUTUMN_END + datetime.timedelta(days=55))


def test_trust_lead_sets_the_same_terms_for_every_trust_school_replacing_theirs(world, client):
    TermDate.objects.create(
        school=world.school_a, name="Old autumn", starts_on=AUTUMN_START, ends_on=AUTUMN_END
    )
    client = sign_in(client, world.trust_lead)
    url = f"/portal/trusts/{world.trust.pk}/calendar/term-dates/"
    response = client.post(url, _trust_post(terms=[(AUTUMN_START, AUTUMN_END), AUTUMN_2]))
    assert response.status_code == 302
    page = _page(client.get(response["Location"]))
    assert f"Term dates for {NEXT} to {NEXT + 1} set for 2 schools." in page
    for school in (world.school_a, world.school_b):
        terms = list(TermDate.objects.filter(school=school).values_list("name", "starts_on"))
        assert terms == [("Autumn 1", AUTUMN_START), ("Autumn 2", AUTUMN_2[0])]
    assert not TermDate.objects.filter(school=world.school_c).exists()
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.TERM_DATES_CHANGED, actor=world.trust_lead
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (_trust_post(), "Enter the first and last day of at least one term"),
        (_trust_post(terms=[(AUTUMN_START, None)]), "Enter the last day of Autumn 1"),
        (
            _trust_post(terms=[(AUTUMN_START, AUTUMN_END), (AUTUMN_END, AUTUMN_2[1])]),
            "Autumn 2 must start after Autumn 1 ends",
        ),
        (
            _trust_post(terms=[(AUTUMN_END, AUTUMN_START)]),
            "The last day of Autumn 1 must be on or after the first day",
        ),
        (
            _trust_post(year=NEXT - 1, terms=[(AUTUMN_START, AUTUMN_END)]),
            "The first day of Autumn 1 must be between",
        ),
        ({k: v for k, v in _trust_post().items() if k != "school_year"}, "Select the school year"),
    ],
    ids=["no-terms", "no-last-day", "overlap", "backwards", "wrong-year", "no-year"],
)
def test_trust_term_dates_errors_name_the_half_term(world, client, post, message):
    response = sign_in(client, world.trust_lead).post(
        f"/portal/trusts/{world.trust.pk}/calendar/term-dates/", post
    )
    assert response.status_code == 200
    assert message in _page(response)
    assert not TermDate.objects.exists()


def test_trust_page_shows_each_schools_terms_in_a_fixed_number_of_queries(world, client):
    client = sign_in(client, world.trust_lead)
    url = f"/portal/trusts/{world.trust.pk}/calendar/"
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for school in (world.school_a, world.school_b):
        calendar_services.term_dates_set(
            context=SYSTEM_CONTEXT,
            actor=world.trust_lead,
            school=school,
            school_year=NEXT,
            terms=[
                calendar_services.TermSpec("Autumn 1", AUTUMN_START, AUTUMN_END),
                calendar_services.TermSpec("Autumn 2", *AUTUMN_2),
            ],
        )
    many = count_queries(lambda: client.get(url))
    assert many == few
    assert "Autumn 2" in _page(client.get(url))


# The calendar as the school-day arithmetic reads it ---------------------------------------------


def test_deadlines_from_the_database_skip_holidays_and_inset_days(world):
    calendar_services.term_dates_set(
        context=SYSTEM_CONTEXT,
        actor=world.senco_a,
        school=world.school_a,
        school_year=NEXT,
        terms=[
            calendar_services.TermSpec("Autumn 1", AUTUMN_START, AUTUMN_END),
            calendar_services.TermSpec("Autumn 2", *AUTUMN_2),
        ],
    )
    calendar_services.closure_add(
        context=SYSTEM_CONTEXT,
        actor=world.senco_a,
        school=world.school_a,
        date=INSET_DAY,
        kind=ClosureKind.INSET,
    )
    cal = school_calendar(
        School.objects.select_related("local_authority").get(pk=world.school_a.pk)
    )
    # Received on the Monday with two school days to answer: Wednesday is an INSET day.
    assert add_school_days(cal, AUTUMN_START, 2) == INSET_DAY + datetime.timedelta(days=1)
    # Received on the last Friday before half-term: the next school day is after the holiday.
    assert add_school_days(cal, AUTUMN_END, 1) == AUTUMN_2[0]


def test_the_school_calendar_is_read_in_two_queries_and_kept_until_it_changes(world):
    school = School.objects.select_related("local_authority").get(pk=world.school_a.pk)
    TermDate.objects.bulk_create(
        TermDate(
            school=school,
            name=f"Term {n}",
            starts_on=D(NEXT, 9, 1) + datetime.timedelta(days=10 * n),
            ends_on=D(NEXT, 9, 5) + datetime.timedelta(days=10 * n),
        )
        for n in range(12)
    )
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        first = school_calendar(school)
        again = school_calendar(school)
    assert len(queries) == 2
    assert first is again and len(first.terms) == 12
    calendar_services.closure_add(
        context=SYSTEM_CONTEXT,
        actor=world.senco_a,
        school=school,
        date=INSET_DAY,
        kind=ClosureKind.OTHER,
    )
    assert INSET_DAY in school_calendar(school).closures


# The demo ---------------------------------------------------------------------------------


def test_the_demo_seed_gives_every_demo_school_the_2026_to_2027_terms_once(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    for school in School.objects.all():
        terms = list(TermDate.objects.filter(school=school).values_list("starts_on", "ends_on"))
        assert len(terms) == 6
        assert terms[0] == (D(2026, 9, 1), D(2026, 10, 23))
        assert terms[1][0] == D(2026, 11, 2)  # after the half-term of 26 to 30 October
        assert SchoolClosure.objects.filter(school=school, kind=ClosureKind.INSET).exists()
    riverside = School.objects.select_related("local_authority").get(urn="100001")
    cal = school_calendar(riverside)
    # Friday 18 December 2026 + 1: past Christmas and the INSET day on Monday 4 January.
    assert add_school_days(cal, D(2026, 12, 18), 1) == D(2027, 1, 5)
