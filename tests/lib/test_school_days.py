"""School-day arithmetic on the 2026 to 2027 English calendar, with no database."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.lib.school_days import (
    SchoolCalendar,
    add_school_days,
    bank_holidays,
    is_school_day,
    next_school_day,
    school_days_between,
    school_year_bounds,
    school_year_of,
)

D = datetime.date

# Six half-terms; the half-term holidays are the gaps between them.
TERMS_2026_27 = (
    (D(2026, 9, 1), D(2026, 10, 23)),
    (D(2026, 11, 2), D(2026, 12, 18)),
    (D(2027, 1, 4), D(2027, 2, 12)),
    (D(2027, 2, 22), D(2027, 3, 25)),
    (D(2027, 4, 12), D(2027, 5, 28)),
    (D(2027, 6, 7), D(2027, 7, 21)),
)
INSET_DAYS = frozenset({D(2026, 9, 1), D(2026, 9, 2), D(2027, 1, 4)})
ENGLAND = frozenset(bank_holidays("ENG", [2026, 2027]))
CAL = SchoolCalendar(terms=TERMS_2026_27, closures=INSET_DAYS, bank_holidays=ENGLAND)
NO_TERMS = SchoolCalendar(bank_holidays=ENGLAND)


def test_weekends_are_never_school_days():
    assert not is_school_day(CAL, D(2026, 9, 5))  # Saturday in term
    assert not is_school_day(CAL, D(2026, 9, 6))  # Sunday in term
    assert add_school_days(CAL, D(2026, 9, 4), 1) == D(2026, 9, 7)  # Friday + 1 is Monday


def test_a_concern_received_on_saturday_with_two_days_is_due_on_tuesday():
    assert add_school_days(CAL, D(2026, 9, 12), 2) == D(2026, 9, 15)


def test_received_on_a_school_day_the_count_starts_the_day_after():
    assert add_school_days(CAL, D(2026, 9, 14), 2) == D(2026, 9, 16)  # Monday + 2 is Wednesday
    assert add_school_days(CAL, D(2026, 9, 14), 0) == D(2026, 9, 14)


def test_a_bank_holiday_in_term_is_skipped():
    may_day = D(2027, 5, 3)
    assert may_day in ENGLAND
    assert not is_school_day(CAL, may_day)
    assert add_school_days(CAL, D(2027, 4, 30), 1) == D(2027, 5, 4)  # Friday + 1 is Tuesday
    assert school_days_between(CAL, D(2027, 4, 30), D(2027, 5, 7)) == 4


def test_half_term_is_skipped():
    assert not is_school_day(CAL, D(2026, 10, 28))
    assert add_school_days(CAL, D(2026, 10, 23), 1) == D(2026, 11, 2)
    assert school_days_between(CAL, D(2026, 10, 22), D(2026, 11, 3)) == 3


def test_inset_days_are_not_school_days():
    assert is_school_day(NO_TERMS, D(2026, 9, 1))
    assert not is_school_day(CAL, D(2026, 9, 1))
    assert next_school_day(CAL, D(2026, 9, 1)) == D(2026, 9, 3)


def test_across_a_term_boundary_and_the_easter_holiday():
    last_day_of_spring = D(2027, 3, 25)
    assert is_school_day(CAL, last_day_of_spring)
    assert add_school_days(CAL, last_day_of_spring, 1) == D(2027, 4, 12)
    assert next_school_day(CAL, D(2027, 4, 12)) == D(2027, 4, 12)  # first day of term counts


def test_christmas_holiday_and_an_inset_day_after_it():
    assert add_school_days(CAL, D(2026, 12, 18), 1) == D(2027, 1, 5)
    assert school_days_between(CAL, D(2026, 12, 17), D(2027, 1, 5)) == 2


def test_with_no_terms_every_weekday_but_bank_holidays_and_closures_counts():
    # Christmas Day is a Friday and Boxing Day's holiday is observed on Monday 28 December.
    assert add_school_days(NO_TERMS, D(2026, 12, 24), 1) == D(2026, 12, 29)
    closed = SchoolCalendar(closures=frozenset({D(2026, 12, 29)}), bank_holidays=ENGLAND)
    assert add_school_days(closed, D(2026, 12, 24), 1) == D(2026, 12, 30)


def test_beyond_the_last_term_entered_weekdays_count_again():
    assert is_school_day(CAL, D(2027, 7, 22))  # the calendar for 2027 to 2028 is not known
    assert is_school_day(CAL, D(2026, 8, 28))  # nor the one before it
    assert not is_school_day(CAL, D(2027, 8, 30))  # the late summer bank holiday still is not


def test_school_days_between_counts_after_the_start_up_to_and_including_the_end():
    assert school_days_between(CAL, D(2026, 9, 14), D(2026, 9, 14)) == 0
    assert school_days_between(CAL, D(2026, 9, 14), D(2026, 9, 18)) == 4
    assert school_days_between(CAL, D(2026, 9, 18), D(2026, 9, 14)) == -4


def test_a_calendar_refuses_terms_that_overlap_or_end_before_they_start():
    with pytest.raises(ValueError, match="overlap"):
        SchoolCalendar(terms=((D(2026, 9, 1), D(2026, 10, 1)), (D(2026, 10, 1), D(2026, 11, 1))))
    with pytest.raises(ValueError, match="before it starts"):
        SchoolCalendar(terms=((D(2026, 9, 2), D(2026, 9, 1)),))
    with pytest.raises(ValueError):
        add_school_days(CAL, D(2026, 9, 14), -1)


def test_school_years_run_from_september_to_august():
    assert school_year_of(D(2026, 9, 1)) == 2026
    assert school_year_of(D(2027, 8, 31)) == 2026
    assert school_year_bounds(2026) == (D(2026, 9, 1), D(2027, 8, 31))


def test_bank_holidays_come_by_region_with_their_names():
    england = bank_holidays("ENG", [2026])
    assert england[D(2026, 12, 28)] == "Boxing Day (observed)"
    assert D(2026, 8, 31) in bank_holidays("WLS", [2026])
    assert list(england) == sorted(england)


# Properties -------------------------------------------------------------------------------

START = D(2026, 1, 1)
SPAN_DAYS = 900


@st.composite
def calendars(draw):
    """Random non-overlapping terms, closures and bank holidays over about two and a half
    years, sometimes with no terms at all."""
    cuts = sorted(draw(st.sets(st.integers(0, SPAN_DAYS), max_size=12)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    terms = tuple(
        (START + datetime.timedelta(days=a), START + datetime.timedelta(days=b)) for a, b in pairs
    )
    some_days = st.frozensets(
        st.integers(0, SPAN_DAYS).map(lambda n: START + datetime.timedelta(days=n)), max_size=40
    )
    return SchoolCalendar(terms=terms, closures=draw(some_days), bank_holidays=draw(some_days))


any_day = st.integers(-30, SPAN_DAYS + 30).map(lambda n: START + datetime.timedelta(days=n))


@given(calendars(), any_day, st.integers(0, 60))
def test_adding_school_days_always_lands_on_a_school_day(cal, day, n):
    assert is_school_day(cal, add_school_days(cal, day, n))


@given(calendars(), any_day, st.integers(1, 60))
def test_counting_back_the_days_added_gives_n(cal, day, n):
    assert school_days_between(cal, day, add_school_days(cal, day, n)) == n


@given(calendars(), any_day, st.integers(0, 60))
def test_from_a_school_day_adding_then_counting_round_trips(cal, day, n):
    day = next_school_day(cal, day)
    assert school_days_between(cal, day, add_school_days(cal, day, n)) == n
    assert add_school_days(cal, day, 0) == day


@given(calendars(), any_day, st.integers(1, 60))
def test_one_more_day_is_always_later(cal, day, n):
    assert add_school_days(cal, day, n + 1) > add_school_days(cal, day, n)


@given(calendars(), any_day)
def test_from_a_non_school_day_the_next_school_day_is_the_first_counted(cal, day):
    if not is_school_day(cal, day):
        assert add_school_days(cal, day, 0) == add_school_days(cal, day, 1)


@given(calendars(), any_day, any_day)
def test_counting_between_two_days_is_antisymmetric(cal, a, b):
    assert school_days_between(cal, a, b) == -school_days_between(cal, b, a)
