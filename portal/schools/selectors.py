"""Reads about schools: overdue reports, and each school's calendar of school days."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.lib.school_days import SchoolCalendar, bank_holidays, school_year_bounds, school_year_of
from portal.people.models import User
from portal.people.roles import roles_for
from portal.schools.models import School, SchoolClosure, TermDate, Trust

_CACHE_ATTRIBUTE = "_school_calendar"
# Years of bank holidays loaded either side of today, besides the years the terms cover.
_YEARS_BEFORE, _YEARS_AFTER = 1, 2

# The `holidays` package names bank holidays in English only; these go through gettext.
_BANK_HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Good Friday": _("Good Friday"),
    "Easter Monday": _("Easter Monday"),
    "May Day": _("Early May bank holiday"),
    "Spring Bank Holiday": _("Spring bank holiday"),
    "Late Summer Bank Holiday": _("Summer bank holiday"),
    "Christmas Day": _("Christmas Day"),
    "Boxing Day": _("Boxing Day"),
}
_OBSERVED_SUFFIX = " (observed)"


def bank_holiday_name(name: str) -> str:
    """A bank holiday's name in the reader's language where the portal knows it."""
    if name.endswith(_OBSERVED_SUFFIX):
        base = _BANK_HOLIDAY_NAMES.get(name.removesuffix(_OBSERVED_SUFFIX))
        if base is not None:
            return str(_("%(holiday)s (substitute day)") % {"holiday": base})
        return name
    return str(_BANK_HOLIDAY_NAMES.get(name, name))


def _years_needed(terms, today: datetime.date) -> set[int]:
    years = set(range(today.year - _YEARS_BEFORE, today.year + _YEARS_AFTER + 1))
    years.update(day.year for term in terms for day in term)
    return years


def school_calendar(school: School) -> SchoolCalendar:
    """The school's calendar for the school-day arithmetic in `portal.lib.school_days`.

    Two queries (three when the school was fetched without its local authority), however many
    terms. The result is kept on the `school` object, so the calendar is read once per request
    for that object; the calendar services drop it when they change the school's calendar.
    Bank holidays cover the year before today to two years after, and every year a term touches.
    """
    cached = getattr(school, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    terms = tuple(TermDate.objects.filter(school=school).values_list("starts_on", "ends_on"))
    closures = frozenset(SchoolClosure.objects.filter(school=school).values_list("date", flat=True))
    region = school.local_authority.bank_holiday_region
    calendar = SchoolCalendar(
        terms=terms,
        closures=closures,
        bank_holidays=frozenset(bank_holidays(region, _years_needed(terms, timezone.localdate()))),
    )
    setattr(school, _CACHE_ATTRIBUTE, calendar)
    return calendar


def forget_school_calendar(school: School) -> None:
    """Drop the calendar kept on this school object, after a change to it."""
    if hasattr(school, _CACHE_ATTRIBUTE):
        delattr(school, _CACHE_ATTRIBUTE)


@dataclass
class BankHoliday:
    date: datetime.date
    name: str


@dataclass
class SchoolYearCalendar:
    """One school year (1 September to 31 August) of a school's calendar, for a page."""

    start_year: int
    first_day: datetime.date
    last_day: datetime.date
    terms: list[TermDate] = field(default_factory=list)
    closures: list[SchoolClosure] = field(default_factory=list)
    bank_holidays: list[BankHoliday] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(
            _("%(start)s to %(end)s") % {"start": self.start_year, "end": self.start_year + 1}
        )

    def holds(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day


def school_years_shown(today: datetime.date | None = None) -> list[int]:
    """This school year and the next: the years the calendar pages show and accept."""
    this_year = school_year_of(today or timezone.localdate())
    return [this_year, this_year + 1]


def _empty_years(today: datetime.date | None) -> list[SchoolYearCalendar]:
    return [
        SchoolYearCalendar(year, *school_year_bounds(year)) for year in school_years_shown(today)
    ]


def _place_terms(years: list[SchoolYearCalendar], terms) -> None:
    # A term belongs to the school year it starts in.
    for term in terms:
        for year in years:
            if year.holds(term.starts_on):
                year.terms.append(term)


def school_calendar_years(
    *, school: School, today: datetime.date | None = None
) -> list[SchoolYearCalendar]:
    """This school year and the next for the school's calendar page: terms, closures and the
    bank holidays of the school's region. Two queries."""
    years = _empty_years(today)
    first, last = years[0].first_day, years[-1].last_day
    _place_terms(
        years,
        TermDate.objects.filter(school=school, starts_on__range=(first, last)).order_by(
            "starts_on"
        ),
    )
    for closure in SchoolClosure.objects.filter(school=school, date__range=(first, last)):
        for year in years:
            if year.holds(closure.date):
                year.closures.append(closure)
    holidays = bank_holidays(school.local_authority.bank_holiday_region, [first.year, last.year])
    for day, name in holidays.items():
        for year in years:
            if year.holds(day):
                year.bank_holidays.append(BankHoliday(day, bank_holiday_name(name)))
    return years


@dataclass
class TrustSchoolCalendar:
    school: School
    years: list[SchoolYearCalendar]


def trust_calendars(
    *, trust: Trust, today: datetime.date | None = None
) -> list[TrustSchoolCalendar]:
    """Every school of the trust with its terms for this school year and the next. Two queries,
    however many schools."""
    template = _empty_years(today)
    first, last = template[0].first_day, template[-1].last_day
    terms = TermDate.objects.filter(starts_on__range=(first, last)).order_by("starts_on")
    schools = trust.schools.order_by("name").prefetch_related(
        Prefetch("terms", queryset=terms, to_attr="shown_terms")
    )
    result = []
    for school in schools:
        years = _empty_years(today)
        _place_terms(years, school.shown_terms)
        result.append(TrustSchoolCalendar(school, years))
    return result


def schools_with_overdue_reports(*, user: User) -> list[School]:
    """Schools the user works for (every school, for a superuser) whose SEN information report
    review is overdue (COP-6.79)."""
    schools = School.objects.all()
    if not user.is_superuser:
        schools = schools.filter(pk__in=roles_for(user).school_roles.keys())
    return [school for school in schools if school.sen_report_review_overdue()]
