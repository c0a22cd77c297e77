"""Quiet hours, with no database: when a school's staff are not to be alerted to messages.

Rules (the tests in tests/lib/test_quiet_hours.py hold them):

- Each day, the hours from `starts` to `ends` are quiet. When `starts` is later than `ends`
  (18:00 to 07:30) the quiet hours cross midnight: the evening of one day and the early morning
  of the next are quiet. `starts` equal to `ends` means no quiet hours in the day.
- With `weekends` on, a whole day is quiet when it is not a school day: Saturdays and Sundays,
  and, when the school's calendar is given, bank holidays, closures (INSET days) and the
  holidays between terms (see `portal.lib.school_days` for what a school day is).
- Times are wall-clock times in the school's time zone, so quiet hours end at 07:30 local time
  on either side of a change to or from summer time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from portal.lib.school_days import SATURDAY, SchoolCalendar, is_school_day

ONE_DAY = datetime.timedelta(days=1)
MIDNIGHT = datetime.time(0, 0)
# A calendar where every weekday is a school day still has one within a week; a year is far
# beyond any real calendar, so the search always ends.
_SEARCH_DAYS = 400


@dataclass(frozen=True)
class QuietRule:
    """A school's quiet hours as plain values."""

    starts: datetime.time
    ends: datetime.time
    weekends: bool
    calendar: SchoolCalendar | None = None


def _quiet_day(rule: QuietRule, day: datetime.date) -> bool:
    if not rule.weekends:
        return False
    if rule.calendar is None:
        return day.weekday() >= SATURDAY
    return not is_school_day(rule.calendar, day)


def _in_nightly_hours(rule: QuietRule, moment: datetime.time) -> bool:
    if rule.starts == rule.ends:
        return False
    if rule.starts < rule.ends:
        return rule.starts <= moment < rule.ends
    return moment >= rule.starts or moment < rule.ends


def is_quiet(rule: QuietRule, moment: datetime.datetime, zone: ZoneInfo) -> bool:
    """Whether `moment` (an aware datetime) falls in the quiet hours."""
    local = moment.astimezone(zone)
    return _quiet_day(rule, local.date()) or _in_nightly_hours(rule, local.time())


def _at(day: datetime.date, time: datetime.time, zone: ZoneInfo) -> datetime.datetime:
    # A wall-clock time that the change to summer time skips reads as the hour after.
    return (
        datetime.datetime.combine(day, time, tzinfo=zone).astimezone(datetime.UTC).astimezone(zone)
    )


def quiet_hours_end(
    rule: QuietRule, moment: datetime.datetime, zone: ZoneInfo
) -> datetime.datetime | None:
    """The first moment after `moment` that is not quiet, in the zone; None when `moment` is
    not in quiet hours (people may be told at once)."""
    if not is_quiet(rule, moment, zone):
        return None
    local = moment.astimezone(zone)
    day = local.date()
    time = local.time()
    for _ in range(_SEARCH_DAYS):
        if not _quiet_day(rule, day):
            if not _in_nightly_hours(rule, time):
                return _at(day, time, zone)
            # In the nightly hours of a working day: they end at `ends`, unless that is
            # tomorrow (the evening part of hours that cross midnight).
            if rule.starts < rule.ends or time < rule.ends:
                return _at(day, rule.ends, zone)
        day += ONE_DAY
        time = MIDNIGHT
    raise ValueError("Quiet hours never end on this calendar.")
