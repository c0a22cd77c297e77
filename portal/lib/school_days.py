"""School-day arithmetic, with no database: the calendar is passed in as a plain value.

Rules (the tests in tests/lib/test_school_days.py hold them):

- Saturdays and Sundays are never school days; nor is a bank holiday or a closure (an INSET
  day or any other day the school is shut).
- Between the first day of the earliest term entered and the last day of the latest term, a
  weekday is a school day only if it falls inside a term: the gaps between terms are the
  holidays (half-terms included).
- Outside that span, and for a school that has entered no terms at all, every weekday that is
  not a bank holiday or a closure counts as a school day. The calendar is then unknown, and
  counting those weekdays makes a deadline fall sooner rather than later: nobody waits through
  a summer holiday because next year's term dates were never entered. It also means there is
  always a next school day, so every function here ends.

Counting (`add_school_days`, `school_days_between`): the day something is received never
counts. Received on a school day D, `add_school_days(cal, D, 2)` is the second school day after
D. Received on a non-school day (a Saturday, a holiday), the first school day after it is the
first day counted: a concern received on Saturday with two school days to answer is due on
Tuesday when Monday and Tuesday are school days. So for any day d and any n >= 1,
`school_days_between(cal, d, add_school_days(cal, d, n)) == n`.
"""

from __future__ import annotations

import bisect
import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)
SATURDAY = 5
# The English school year runs from 1 September to 31 August.
SCHOOL_YEAR_START_MONTH = 9


@dataclass(frozen=True)
class SchoolCalendar:
    """A school's calendar as plain values.

    terms: (first day, last day) pairs, both days inclusive; they need not be sorted but must
    not overlap. closures: INSET days and other days the school is shut. bank_holidays: the
    bank holidays of the school's region.
    """

    terms: tuple[tuple[datetime.date, datetime.date], ...] = ()
    closures: frozenset[datetime.date] = field(default_factory=frozenset)
    bank_holidays: frozenset[datetime.date] = field(default_factory=frozenset)

    def __post_init__(self):
        terms = tuple(sorted((start, end) for start, end in self.terms))
        for start, end in terms:
            if end < start:
                raise ValueError(f"A term cannot end ({end}) before it starts ({start}).")
        for (_, earlier_end), (later_start, _) in zip(terms, terms[1:], strict=False):
            if later_start <= earlier_end:
                raise ValueError(f"Terms overlap on {later_start}.")
        object.__setattr__(self, "terms", terms)
        object.__setattr__(self, "closures", frozenset(self.closures))
        object.__setattr__(self, "bank_holidays", frozenset(self.bank_holidays))
        object.__setattr__(self, "_starts", tuple(start for start, _ in terms))

    def in_term(self, day: datetime.date) -> bool:
        """True inside a term, or anywhere outside the span of the terms entered."""
        if not self.terms or day < self.terms[0][0] or day > self.terms[-1][1]:
            return True
        index = bisect.bisect_right(self._starts, day) - 1
        return index >= 0 and self.terms[index][1] >= day


def is_school_day(cal: SchoolCalendar, day: datetime.date) -> bool:
    """A weekday, in term (see the module's rules), not a bank holiday, not a closure."""
    return (
        day.weekday() < SATURDAY
        and day not in cal.bank_holidays
        and day not in cal.closures
        and cal.in_term(day)
    )


def next_school_day(cal: SchoolCalendar, day: datetime.date) -> datetime.date:
    """`day` itself when it is a school day, otherwise the first school day after it."""
    while not is_school_day(cal, day):
        day += ONE_DAY
    return day


def add_school_days(cal: SchoolCalendar, start: datetime.date, n: int) -> datetime.date:
    """The n-th school day after `start`, which never counts itself (see the module's rules).

    n = 0 gives `next_school_day(cal, start)`: the same day when it is a school day.
    """
    if n < 0:
        raise ValueError("n must be 0 or more.")
    day = next_school_day(cal, start)
    counted = 0 if day == start else 1
    while counted < n:
        day = next_school_day(cal, day + ONE_DAY)
        counted += 1
    return day


def school_days_between(cal: SchoolCalendar, start: datetime.date, end: datetime.date) -> int:
    """How many school days fall after `start` and on or before `end`.

    0 when end == start; negative (the same count, signed) when end is before start, so that
    "school days overdue" reads naturally.
    """
    if end < start:
        return -school_days_between(cal, end, start)
    count = 0
    day = start + ONE_DAY
    while day <= end:
        count += is_school_day(cal, day)
        day += ONE_DAY
    return count


def school_year_of(day: datetime.date) -> int:
    """The calendar year in which the school year holding `day` began (2026 for 2026 to 2027)."""
    return day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1


def school_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the school year that begins in `year`: 1 September to 31 August."""
    return datetime.date(year, SCHOOL_YEAR_START_MONTH, 1), datetime.date(year + 1, 8, 31)


@functools.lru_cache(maxsize=64)
def _bank_holidays_in(subdivision: str, year: int) -> tuple[tuple[datetime.date, str], ...]:
    import holidays

    found = holidays.country_holidays("GB", subdiv=subdivision, years=year)
    return tuple(sorted(found.items()))


def bank_holidays(subdivision: str, years: Iterable[int]) -> dict[datetime.date, str]:
    """The UK bank holidays of a subdivision ("ENG" England, "WLS" Wales), date to name, sorted,
    for the given calendar years (from the `holidays` package's tables)."""
    result: dict[datetime.date, str] = {}
    for year in sorted(set(years)):
        result.update(_bank_holidays_in(subdivision, year))
    return result
