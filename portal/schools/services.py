"""Writes to a school's own record and its calendar (its terms and the days it is closed).

Each service takes the person acting (`actor`) and an audit context (`SYSTEM_CONTEXT` where
there is no request, as in the demo seed). A school's calendar changes one writer at a time:
the school's row is locked first.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.i18n import format_date
from portal.lib.school_days import bank_holidays, school_year_bounds
from portal.people.models import User
from portal.schools.models import ClosureKind, School, SchoolClosure, TermDate, Trust
from portal.schools.selectors import forget_school_calendar

MAX_TERM_DAYS = 366


@dataclass(frozen=True)
class TermSpec:
    """A term to be written: its name and its first and last day, inclusive."""

    name: str
    starts_on: datetime.date
    ends_on: datetime.date


def _lock(school: School) -> None:
    School.objects.select_for_update().filter(pk=school.pk).first()


def _check_term_shape(term: TermSpec) -> None:
    if not term.name.strip():
        raise ValidationError({"name": _("Enter the name of the term")})
    if term.ends_on < term.starts_on:
        raise ValidationError(
            {"ends_on": _("The last day of term must be on or after the first day")}
        )
    if (term.ends_on - term.starts_on).days >= MAX_TERM_DAYS:
        raise ValidationError({"ends_on": _("A term must be shorter than a year")})


def _clash_message(other) -> str:
    return _("These dates overlap %(name)s, %(start)s to %(end)s") % {
        "name": other.name,
        "start": format_date(other.starts_on),
        "end": format_date(other.ends_on),
    }


def _check_no_overlap(terms: Sequence[TermSpec | TermDate]) -> None:
    ordered = sorted(terms, key=lambda term: term.starts_on)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.starts_on <= earlier.ends_on:
            raise ValidationError({"starts_on": _clash_message(earlier)})


def _term_detail(verb: str, term: TermSpec | TermDate) -> str:
    return f"{verb} {term.name}: {term.starts_on.isoformat()} to {term.ends_on.isoformat()}"


def term_add(
    *,
    actor: User,
    school: School,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    context: AuditContext,
) -> TermDate:
    """Add one term to a school's calendar.

    Caller: the school's SENCO or school administrator (access_school_calendar). Raises
    ValidationError, keyed by field, when the term ends before it starts or overlaps a term the
    school already has. Audited as TERM_DATES_CHANGED.
    """
    spec = TermSpec(name.strip(), starts_on, ends_on)
    _check_term_shape(spec)
    with transaction.atomic():
        _lock(school)
        existing = TermDate.objects.filter(
            school=school, starts_on__lte=spec.ends_on, ends_on__gte=spec.starts_on
        ).first()
        if existing is not None:
            raise ValidationError({"starts_on": _clash_message(existing)})
        term = TermDate.objects.create(
            school=school, name=spec.name, starts_on=spec.starts_on, ends_on=spec.ends_on
        )
        audit_record(
            action=AuditAction.TERM_DATES_CHANGED,
            context=context,
            actor=actor,
            obj=term,
            detail=_term_detail("added", term),
        )
    forget_school_calendar(school)
    return term


def term_remove(*, actor: User, term: TermDate, context: AuditContext) -> None:
    """Remove a term from its school's calendar. Caller: the school's SENCO or school
    administrator (access_term_to_remove). Audited as TERM_DATES_CHANGED."""
    with transaction.atomic():
        audit_record(
            action=AuditAction.TERM_DATES_CHANGED,
            context=context,
            actor=actor,
            obj=term,
            detail=_term_detail("removed", term),
        )
        term.delete()
    forget_school_calendar(term.school)


def _check_school_year(school_year: int, terms: Sequence[TermSpec]) -> None:
    first, last = school_year_bounds(school_year)
    for term in terms:
        if not (first <= term.starts_on <= last and term.ends_on <= last):
            raise ValidationError(
                _("Every term must fall between %(first)s and %(last)s")
                % {"first": format_date(first), "last": format_date(last)}
            )


def term_dates_set(
    *,
    actor: User,
    school: School,
    school_year: int,
    terms: Sequence[TermSpec],
    context: AuditContext,
) -> list[TermDate]:
    """Replace a school's terms for one school year (1 September `school_year` to 31 August
    the year after) with `terms`; other years are untouched.

    Caller: the school's SENCO or school administrator, a SEND lead of the school's trust
    (through trust_term_dates_set), or the demo seed. Raises ValidationError when a term is
    malformed, falls outside the school year, or two terms overlap. Audited once, as
    TERM_DATES_CHANGED.
    """
    terms = [TermSpec(term.name.strip(), term.starts_on, term.ends_on) for term in terms]
    for term in terms:
        _check_term_shape(term)
    _check_school_year(school_year, terms)
    _check_no_overlap(terms)
    first, last = school_year_bounds(school_year)
    with transaction.atomic():
        _lock(school)
        TermDate.objects.filter(school=school, starts_on__range=(first, last)).delete()
        # A term of the year before that runs into this one (rare, but possible) must not clash.
        kept = list(TermDate.objects.filter(school=school, ends_on__gte=first, starts_on__lt=first))
        _check_no_overlap([*kept, *terms])
        created = TermDate.objects.bulk_create(
            [
                TermDate(school=school, name=t.name, starts_on=t.starts_on, ends_on=t.ends_on)
                for t in terms
            ]
        )
        audit_record(
            action=AuditAction.TERM_DATES_CHANGED,
            context=context,
            actor=actor,
            school_id=school.pk,
            detail=f"set {school_year}-{school_year + 1}: "
            + "; ".join(f"{t.starts_on.isoformat()} to {t.ends_on.isoformat()}" for t in terms),
        )
    forget_school_calendar(school)
    return created


def trust_term_dates_set(
    *,
    actor: User,
    trust: Trust,
    school_year: int,
    terms: Sequence[TermSpec],
    context: AuditContext,
) -> list[School]:
    """Give every school of the trust the same terms for one school year, replacing what each
    had for that year (see term_dates_set). All schools or none: one transaction.

    Caller: a SEND lead of the trust (access_trust_calendar). Audited once per school.
    """
    schools = list(trust.schools.order_by("name"))
    with transaction.atomic():
        for school in schools:
            term_dates_set(
                actor=actor, school=school, school_year=school_year, terms=terms, context=context
            )
    return schools


def closure_add(
    *,
    actor: User,
    school: School,
    date: datetime.date,
    kind: ClosureKind,
    reason: str = "",
    context: AuditContext,
) -> SchoolClosure:
    """Record a day the school is closed to pupils: an INSET day or another closure.

    Caller: the school's SENCO or school administrator (access_school_calendar). Raises
    ValidationError on `date` for a weekend, a bank holiday of the school's region, or a day
    already recorded as closed. Audited as CLOSURE_ADDED.
    """
    kind = ClosureKind(kind)
    when = format_date(date, "full")
    if date.weekday() >= 5:
        raise ValidationError(
            {"date": _("%(date)s is at a weekend. Enter a weekday") % {"date": when}}
        )
    region = school.local_authority.bank_holiday_region
    if date in bank_holidays(region, [date.year]):
        raise ValidationError(
            {"date": _("%(date)s is a bank holiday. Enter another day") % {"date": when}}
        )
    with transaction.atomic():
        _lock(school)
        if SchoolClosure.objects.filter(school=school, date=date).exists():
            raise ValidationError(
                {"date": _("The school is already closed on %(date)s") % {"date": when}}
            )
        try:
            with transaction.atomic():
                closure = SchoolClosure.objects.create(
                    school=school, date=date, kind=kind, reason=reason.strip()
                )
        except IntegrityError as error:
            raise ValidationError(
                {"date": _("The school is already closed on %(date)s") % {"date": when}}
            ) from error
        audit_record(
            action=AuditAction.CLOSURE_ADDED,
            context=context,
            actor=actor,
            obj=closure,
            detail=f"{kind.value} {date.isoformat()}",
        )
    forget_school_calendar(school)
    return closure


def closure_remove(*, actor: User, closure: SchoolClosure, context: AuditContext) -> None:
    """Remove a closure. Caller: the school's SENCO or school administrator
    (access_closure_to_remove). Audited as CLOSURE_REMOVED."""
    with transaction.atomic():
        audit_record(
            action=AuditAction.CLOSURE_REMOVED,
            context=context,
            actor=actor,
            obj=closure,
            detail=f"{closure.kind} {closure.date.isoformat()}",
        )
        closure.delete()
    forget_school_calendar(closure.school)


def school_report_review_record(
    *, school_id: int, reviewed_on: datetime.date | None, url: str
) -> None:
    """Record that the school's SEN information report was published with this review date.

    Caller: the public pages, when a report is published (the core never reads page content).
    The dashboards flag the report as overdue from this date (COP-6.79).
    """
    with transaction.atomic():
        School.objects.filter(pk=school_id).update(
            sen_report_reviewed_on=reviewed_on, sen_report_url=url
        )


def school_report_review_clear(*, school_id: int) -> None:
    """Record that the school has no published SEN information report (unpublished or deleted).

    Caller: the public pages. The dashboards then flag the report as missing.
    """
    with transaction.atomic():
        School.objects.filter(pk=school_id).update(sen_report_reviewed_on=None, sen_report_url="")
