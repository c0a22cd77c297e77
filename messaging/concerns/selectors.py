"""Reads about concerns, each in a fixed number of queries however many concerns there are."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.lib.school_days import school_days_between, school_year_bounds, school_year_of
from portal.people.models import StaffMembership, User
from portal.pupils.access import is_parent_of
from portal.pupils.models import Pupil
from portal.pupils.selectors import pupils_shown_audited
from portal.schools.models import School, TermDate, Trust
from portal.schools.selectors import school_calendar

from .access import can_manage_concern, oversees_concerns
from .models import (
    OPEN_STATUSES,
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernPolicy,
    ConcernStatus,
)
from .services import local_today

PAGE_SIZE = 50


def _overdue_q(today: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES) & (
        Q(acknowledged_at__isnull=True, acknowledge_by__lt=today)
        | Q(answered_at__isnull=True, answer_by__lt=today)
    )


def with_overdue_first(concerns, today: datetime.date):
    return concerns.annotate(
        overdue_rank=Case(
            When(_overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("overdue_rank", "answer_by", "-received_at", "-id")


@dataclass
class ConcernPage:
    concern: Concern
    events: list[ConcernEvent]
    policy: ConcernPolicy | None
    stages: list = field(default_factory=list)


def concern_page(*, actor: Actor, context: AuditContext, concern: Concern) -> ConcernPage:
    """The concern's timeline (and, once the parent said it was not resolved, the school's
    complaints stages), for someone access_concern let in. Audits the read."""
    audit_record(action=AuditAction.CONCERN_VIEWED, actor=actor, context=context, obj=concern)
    events = list(concern.events.select_related("author", "assignee").order_by("created_at", "id"))
    policy = ConcernPolicy.objects.filter(school_id=concern.school_id).first()
    stages = list(policy.stages.all()) if policy else []
    return ConcernPage(concern=concern, events=events, policy=policy, stages=stages)


def assignable_staff(*, school: School) -> list[tuple[User, str]]:
    """The school's staff, each with the roles they hold there, for choosing an assignee."""
    roles: dict[int, list[str]] = defaultdict(list)
    users: dict[int, User] = {}
    for membership in (
        StaffMembership.objects.filter(school=school, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    ):
        users.setdefault(membership.user_id, membership.user)
        roles[membership.user_id].append(str(membership.get_role_display()))
    return [(user, f"{user} ({', '.join(roles[pk])})") for pk, user in users.items()]


def school_concerns_audited(
    *,
    actor: User,
    context: AuditContext,
    school: School,
    status: str | None,
    page_number,
    today: datetime.date | None = None,
):
    """One page (50) of the school's concerns, those past a date first. For the school's SENCO
    and headteacher (access_school_concerns). Audited: each child named on the page is written
    to the audit trail once (PUPIL_LISTED, detail "concerns"). A fixed number of queries: the
    count, the page with its pupils, and the audit rows in one insert."""
    today = today or local_today()
    concerns = Concern.objects.filter(school=school).select_related("pupil", "assigned_to")
    if status:
        concerns = concerns.filter(status=status)
    paginator = Paginator(with_overdue_first(concerns, today), PAGE_SIZE)
    page = paginator.get_page(page_number)
    pupils = list({concern.pupil_id: concern.pupil for concern in page.object_list}.values())
    pupils_shown_audited(actor=actor, context=context, pupils=pupils, where="concerns")
    return page


@dataclass
class StatusCounts:
    by_status: list[tuple[str, str, int]]
    overdue: int
    total: int


def concern_counts(*, school_id: int, today: datetime.date | None = None) -> StatusCounts:
    """How many of the school's concerns are in each status, and how many are past a date. One
    query."""
    today = today or local_today()
    aggregates = {f"n_{value}": Count("id", filter=Q(status=value)) for value in ConcernStatus}
    row = Concern.objects.filter(school_id=school_id).aggregate(
        overdue=Count("id", filter=_overdue_q(today)), total=Count("id"), **aggregates
    )
    return StatusCounts(
        by_status=[
            (choice.value, choice.label, row[f"n_{choice.value}"]) for choice in ConcernStatus
        ],
        overdue=row["overdue"],
        total=row["total"],
    )


def pupil_concerns_for(*, actor: User, pupil: Pupil) -> list[Concern]:
    """The concerns about this pupil the actor may see: a parent's own, while still linked to
    the child; for the school's SENCO and headteacher all of them; for other staff those
    assigned to them. Two queries (roles are loaded once per request)."""
    concerns = Concern.objects.filter(pupil=pupil).select_related("assigned_to")
    if oversees_concerns(actor, pupil.school_id):
        return list(concerns)
    linked = is_parent_of(actor, pupil)
    found = list(concerns.filter(Q(raised_by=actor) | Q(assigned_to=actor)))
    return [
        c for c in found if (linked and c.raised_by_id == actor.pk) or can_manage_concern(actor, c)
    ]


# The governors' report ------------------------------------------------------------------------


@dataclass
class PeriodFigures:
    label: str
    first_day: datetime.date
    last_day: datetime.date
    raised: int = 0
    acknowledged_in_time: int = 0
    answered_in_time: int = 0
    days_to_acknowledge: list[int] = field(default_factory=list)
    days_to_answer: list[int] = field(default_factory=list)
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def median_to_acknowledge(self) -> float | None:
        return statistics.median(self.days_to_acknowledge) if self.days_to_acknowledge else None

    @property
    def median_to_answer(self) -> float | None:
        return statistics.median(self.days_to_answer) if self.days_to_answer else None

    @property
    def categories(self) -> list[tuple[str, int]]:
        return [(choice.label, self.by_category.get(choice.value, 0)) for choice in ConcernCategory]


def _periods(
    terms: list[TermDate], concerns: list[dict]
) -> tuple[list[PeriodFigures], list[PeriodFigures]]:
    """The school's terms, and the school years of concerns outside every term."""
    periods = [PeriodFigures(term.name, term.starts_on, term.ends_on) for term in terms]
    years: dict[int, PeriodFigures] = {}
    for concern in concerns:
        day = concern["counts_from"]
        if not any(period.first_day <= day <= period.last_day for period in periods):
            year = school_year_of(day)
            if year not in years:
                first, last = school_year_bounds(year)
                years[year] = PeriodFigures(f"{year} to {year + 1}", first, last)
    return periods, list(years.values())


def _period_of(day: datetime.date, terms: list[PeriodFigures], years: list[PeriodFigures]):
    for period in (*terms, *years):
        if period.first_day <= day <= period.last_day:
            return period
    raise LookupError(day)


def concern_report(*, school: School) -> list[PeriodFigures]:
    """Per term (the school's term dates; the school year for concerns outside them): concerns
    raised, acknowledged and answered within the school's limits (the limits as set now, counted
    in school days from the day each concern counts from, so a revised date does not make a late
    step count as in time), median school days to acknowledge and to answer, and the concerns by
    category. Five queries however many concerns: the calendar, the limits, terms, concerns.
    For the headteacher and SENCO (access_school_concerns)."""
    calendar = school_calendar(school)
    limits = ConcernPolicy.objects.filter(school=school).first() or ConcernPolicy()
    terms = list(TermDate.objects.filter(school=school).order_by("starts_on"))
    concerns = list(
        Concern.objects.filter(school=school).values(
            "category",
            "counts_from",
            "acknowledge_by",
            "answer_by",
            "acknowledged_at",
            "answered_at",
        )
    )
    term_periods, year_periods = _periods(terms, concerns)
    from .services import local_zone

    for concern in concerns:
        day = concern["counts_from"]
        period = _period_of(day, term_periods, year_periods)
        period.raised += 1
        period.by_category[concern["category"]] = period.by_category.get(concern["category"], 0) + 1
        if concern["acknowledged_at"] is not None:
            done = concern["acknowledged_at"].astimezone(local_zone()).date()
            days = max(school_days_between(calendar, day, done), 0)
            period.days_to_acknowledge.append(days)
            period.acknowledged_in_time += days <= limits.acknowledge_within_days
        if concern["answered_at"] is not None:
            done = concern["answered_at"].astimezone(local_zone()).date()
            days = max(school_days_between(calendar, day, done), 0)
            period.days_to_answer.append(days)
            period.answered_in_time += days <= limits.answer_within_days
    periods = sorted(
        [*term_periods, *year_periods], key=lambda period: (period.last_day, period.first_day)
    )
    return [period for period in periods if period.raised]


@dataclass
class SchoolReport:
    school: School
    periods: list[PeriodFigures]


def trust_concern_reports(*, trust: Trust) -> list[SchoolReport]:
    """The governors' figures for each school of the trust: counts only, never a concern. A
    fixed number of queries a school, however many concerns."""
    return [
        SchoolReport(school=school, periods=concern_report(school=school))
        for school in trust.schools.select_related("local_authority").order_by("name")
    ]
