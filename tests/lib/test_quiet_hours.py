"""When quiet hours end, with no database: evenings, nights, weekends, holidays and the changes
to and from summer time."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from portal.lib.quiet_hours import QuietRule, is_quiet, quiet_hours_end
from portal.lib.school_days import SchoolCalendar

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC
EVENINGS_AND_WEEKENDS = QuietRule(
    starts=datetime.time(18, 0), ends=datetime.time(7, 30), weekends=True
)
EVENINGS_ONLY = QuietRule(starts=datetime.time(18, 0), ends=datetime.time(7, 30), weekends=False)


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def test_a_message_in_the_working_day_is_not_held():
    # Tuesday 1 December 2026, 10:00
    assert quiet_hours_end(EVENINGS_AND_WEEKENDS, london(2026, 12, 1, 10, 0), LONDON) is None


def test_quiet_hours_start_on_the_minute():
    assert not is_quiet(EVENINGS_AND_WEEKENDS, london(2026, 12, 1, 17, 59), LONDON)
    assert is_quiet(EVENINGS_AND_WEEKENDS, london(2026, 12, 1, 18, 0), LONDON)


def test_a_message_in_the_evening_waits_for_the_next_morning():
    end = quiet_hours_end(EVENINGS_AND_WEEKENDS, london(2026, 12, 1, 21, 15), LONDON)

    assert end == london(2026, 12, 2, 7, 30)


def test_a_message_overnight_waits_until_half_past_seven_the_same_morning():
    end = quiet_hours_end(EVENINGS_AND_WEEKENDS, london(2026, 12, 2, 3, 0), LONDON)

    assert end == london(2026, 12, 2, 7, 30)


def test_quiet_hours_end_exactly_at_their_end_time():
    assert not is_quiet(EVENINGS_AND_WEEKENDS, london(2026, 12, 2, 7, 30), LONDON)


def test_a_message_on_friday_evening_waits_for_monday_morning():
    end = quiet_hours_end(EVENINGS_AND_WEEKENDS, london(2026, 12, 4, 19, 0), LONDON)

    assert end == london(2026, 12, 7, 7, 30)


def test_a_message_on_sunday_afternoon_waits_for_monday_morning():
    end = quiet_hours_end(EVENINGS_AND_WEEKENDS, london(2026, 12, 6, 14, 0), LONDON)

    assert end == london(2026, 12, 7, 7, 30)


def test_without_quiet_weekends_saturday_daytime_is_not_quiet():
    assert quiet_hours_end(EVENINGS_ONLY, london(2026, 12, 5, 11, 0), LONDON) is None
    assert quiet_hours_end(EVENINGS_ONLY, london(2026, 12, 4, 19, 0), LONDON) == london(
        2026, 12, 5, 7, 30
    )


def test_weekends_only_end_at_midnight_on_monday():
    rule = QuietRule(starts=datetime.time(0, 0), ends=datetime.time(0, 0), weekends=True)

    assert quiet_hours_end(rule, london(2026, 12, 5, 11, 0), LONDON) == london(2026, 12, 7, 0, 0)
    assert quiet_hours_end(rule, london(2026, 12, 4, 23, 0), LONDON) is None


def test_hours_that_do_not_cross_midnight():
    lunch = QuietRule(starts=datetime.time(12, 0), ends=datetime.time(13, 0), weekends=False)

    assert quiet_hours_end(lunch, london(2026, 12, 1, 12, 20), LONDON) == london(2026, 12, 1, 13)
    assert quiet_hours_end(lunch, london(2026, 12, 1, 13, 0), LONDON) is None


def test_holidays_and_closures_are_quiet_when_weekends_are():
    calendar = SchoolCalendar(
        terms=((datetime.date(2026, 11, 2), datetime.date(2026, 12, 18)),
               (datetime.date(2027, 1, 4), datetime.date(2027, 2, 12))),
        closures=frozenset({datetime.date(2027, 1, 4)}),
        bank_holidays=frozenset({datetime.date(2026, 12, 25), datetime.date(2026, 12, 28)}),
    )  # fmt: skip
    rule = QuietRule(
        starts=datetime.time(18, 0), ends=datetime.time(7, 30), weekends=True, calendar=calendar
    )

    # Last day of term, Friday 18 December, in the evening: the holidays, then an INSET day.
    end = quiet_hours_end(rule, london(2026, 12, 18, 18, 30), LONDON)

    assert end == london(2027, 1, 5, 7, 30)


def test_the_end_after_the_clocks_go_forward_is_half_past_seven_summer_time():
    # Clocks go forward at 01:00 GMT on Sunday 29 March 2026.
    end = quiet_hours_end(EVENINGS_AND_WEEKENDS, london(2026, 3, 27, 20, 0), LONDON)

    assert end == london(2026, 3, 30, 7, 30)
    assert end.astimezone(UTC) == datetime.datetime(2026, 3, 30, 6, 30, tzinfo=UTC)


def test_the_end_after_the_clocks_go_back_is_half_past_seven_winter_time():
    # Clocks go back at 02:00 BST on Sunday 25 October 2026.
    end = quiet_hours_end(EVENINGS_ONLY, london(2026, 10, 24, 22, 0), LONDON)

    assert end == london(2026, 10, 25, 7, 30)
    assert end.astimezone(UTC) == datetime.datetime(2026, 10, 25, 7, 30, tzinfo=UTC)


def test_an_end_time_skipped_by_the_clocks_going_forward_reads_as_the_hour_after():
    rule = QuietRule(starts=datetime.time(22, 0), ends=datetime.time(1, 30), weekends=False)

    end = quiet_hours_end(rule, london(2026, 3, 28, 23, 0), LONDON)

    assert end.astimezone(UTC) == datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert end.astimezone(LONDON).hour == 2


MOMENTS = st.datetimes(
    min_value=datetime.datetime(2026, 1, 1), max_value=datetime.datetime(2027, 12, 31)
).map(lambda naive: naive.replace(tzinfo=UTC))
TIMES = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@given(moment=MOMENTS, starts=TIMES, ends=TIMES, weekends=st.booleans())
def test_the_end_is_later_and_not_quiet_and_everything_before_it_is(moment, starts, ends, weekends):
    rule = QuietRule(starts=starts, ends=ends, weekends=weekends)

    end = quiet_hours_end(rule, moment, LONDON)

    if end is None:
        assert not is_quiet(rule, moment, LONDON)
        return
    assert end > moment
    assert not is_quiet(rule, end, LONDON)
    # A minute before the end (when that is after the moment asked about) is still quiet.
    just_before = end - datetime.timedelta(minutes=1)
    if just_before >= moment:
        assert is_quiet(rule, just_before, LONDON)
