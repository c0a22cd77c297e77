"""Reads for the provision map and the Code of Practice checklist, already scoped by the caller's
access_* check. The queries are the same however many pupils, cycles and meetings a school has:
each page reads its facts for the whole school in a fixed number of queries and computes in
Python. Selectors named `*_audited` write the read to the audit trail, one row per pupil they
show (as the SEN register does).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from portal import i18n
from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record, audit_record_each
from portal.lib.school_days import SchoolCalendar, bank_holidays
from portal.people.models import User
from portal.pupils.models import Pupil, SenStatus
from portal.schools.models import School, SchoolClosure, TermDate, Trust
from portal.schools.selectors import school_calendar
from portal.support.consent.models import ConsentRequest
from portal.support.meetings.models import (
    Attendee,
    AttendeeKind,
    DateStatus,
    Meeting,
    ParentViews,
    RecordStatus,
)
from portal.support.notices.models import FormalNotice
from portal.support.plans.models import (
    Cycle,
    CycleStatus,
    Intervention,
    OutcomeProgress,
    ProgressScore,
    ProvisionType,
    SupportItem,
)

from .checks import (
    CHECKS,
    CheckResult,
    CheckState,
    ConsentFact,
    CycleFact,
    MeetingFact,
    PupilFacts,
    evaluate,
)
from .models import PupilViewsRecord

PAGE_SIZE = 50
# Pupils named under each check of the governors' report; the rest are a link away, on the
# school summary filtered to that check (which is paged, so a read stays a bounded audit).
NAMES_PER_CHECK = 5
# An intervention is marked "no progress shown" when more than this share of its reviewed
# pupils mostly scored 1 or 2 (no progress yet, a little progress).
NO_PROGRESS_SHARE = 0.5
LOW_SCORES = frozenset({ProgressScore.NONE, ProgressScore.LITTLE})
CHECKLIST_STATUSES = (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN)


def _page_number(page, page_count: int) -> int:
    try:
        number = int(str(page))
    except ValueError:
        return 1
    return number if 1 <= number <= page_count else 1


def _format_date(value: datetime.date) -> str:
    return i18n.format_date(value, "long")


# Provision map ---------------------------------------------------------------------------------


@dataclass
class InterventionFigures:
    """One intervention on the map: who is on it now, the staff time it takes, and how the
    pupils who had it progressed at their reviews."""

    intervention: Intervention
    pupils: int = 0
    reviewed_pupils: int = 0
    reviews: int = 0
    # score -> how many outcome scores at reviews
    distribution: dict[int, int] = field(default_factory=dict)
    no_progress_pupils: int = 0

    @property
    def groups(self) -> int:
        size = self.intervention.group_size or 1
        return -(-self.pupils // size)

    @property
    def staff_hours(self) -> Decimal:
        minutes = self.groups * self.intervention.staff_minutes_per_week
        return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def scores(self) -> int:
        return sum(self.distribution.values())

    @property
    def average(self) -> Decimal | None:
        if not self.scores:
            return None
        total = sum(score * count for score, count in self.distribution.items())
        return (Decimal(total) / self.scores).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def no_progress(self) -> bool:
        """Most of the pupils reviewed on it scored 1 or 2 on most of their outcomes."""
        return (
            self.reviewed_pupils > 0
            and self.no_progress_pupils / self.reviewed_pupils > NO_PROGRESS_SHARE
        )

    @property
    def score_rows(self) -> list[tuple[int, str, int]]:
        return [
            (score, str(label), self.distribution.get(score, 0))
            for score, label in ProgressScore.choices
        ]


@dataclass
class ProvisionMap:
    school: School
    active: list[InterventionFigures]
    archived: list[InterventionFigures]

    @property
    def staff_hours(self) -> Decimal:
        return sum((row.staff_hours for row in self.active), Decimal("0"))

    @property
    def pupils(self) -> int:
        return sum(row.pupils for row in self.active)


def _figures(school: School, interventions: list[Intervention]) -> dict[int, InterventionFigures]:
    """Figures for the interventions of one school, in two queries."""
    figures = {i.pk: InterventionFigures(intervention=i) for i in interventions}
    on_now = (
        SupportItem.objects.filter(
            intervention__school=school,
            intervention__in=[i.pk for i in interventions],
            cycle__status=CycleStatus.ACTIVE,
        )
        .order_by()
        .values_list("intervention_id", "cycle__pupil_id")
        .distinct()
    )
    for intervention_id, _pupil_id in on_now:
        figures[intervention_id].pupils += 1
    # Each outcome's progress at a review, for every intervention a support item of that
    # outcome's cycle used (COP-6.72-6.78: the effectiveness of provision over time).
    progress = (
        OutcomeProgress.objects.filter(
            outcome__cycle__support_items__intervention__school=school,
            outcome__cycle__support_items__intervention__in=[i.pk for i in interventions],
        )
        .order_by()
        .values_list(
            "pk",
            "score",
            "review_id",
            "outcome__cycle__pupil_id",
            "outcome__cycle__support_items__intervention_id",
        )
        .distinct()
    )
    reviews: dict[int, set[int]] = defaultdict(set)
    pupil_scores: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for _pk, score, review_id, pupil_id, intervention_id in progress:
        row = figures[intervention_id]
        row.distribution[score] = row.distribution.get(score, 0) + 1
        reviews[intervention_id].add(review_id)
        pupil_scores[intervention_id][pupil_id].append(score)
    for intervention_id, by_pupil in pupil_scores.items():
        row = figures[intervention_id]
        row.reviews = len(reviews[intervention_id])
        row.reviewed_pupils = len(by_pupil)
        row.no_progress_pupils = sum(
            1
            for scores in by_pupil.values()
            if sum(score in LOW_SCORES for score in scores) * 2 > len(scores)
        )
    return figures


def provision_map_audited(*, actor: User, context: AuditContext, school: School) -> ProvisionMap:
    """The school's provision map: every intervention with the pupils on it now (support items
    of cycles under way), the staff hours a week that takes, and the progress of the outcomes
    of the cycles that used it. Names no pupil. Audited (SUPPORT_VIEWED, one row), since its
    figures come from pupils' records. Three queries and the audit, however many pupils."""
    interventions = list(Intervention.objects.filter(school=school).order_by("name", "pk"))
    figures = _figures(school, interventions)
    audit_record(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        school_id=school.pk,
        detail="provision map",
    )
    rows = [figures[i.pk] for i in interventions]
    return ProvisionMap(
        school=school,
        active=[row for row in rows if row.intervention.archived_at is None],
        archived=[row for row in rows if row.intervention.archived_at is not None],
    )


@dataclass(frozen=True)
class InterventionPupil:
    pupil: Pupil
    cycle_number: int
    review_date: datetime.date | None
    how_often: str
    delivered_by: str


@dataclass(frozen=True)
class InterventionPage:
    figures: InterventionFigures
    pupils: list[InterventionPupil]
    number: int
    page_count: int
    total: int


def intervention_page_audited(
    *, actor: User, context: AuditContext, intervention: Intervention, page=1
) -> InterventionPage:
    """One intervention: its figures and one page of the pupils on it now. Audited: one
    SUPPORT_VIEWED row for the page and one per pupil shown."""
    figures = _figures(intervention.school, [intervention])[intervention.pk]
    items = (
        SupportItem.objects.filter(intervention=intervention, cycle__status=CycleStatus.ACTIVE)
        .select_related("cycle__pupil")
        .order_by("cycle__pupil__legal_last_name", "cycle__pupil__legal_first_name", "pk")
    )
    total = items.count()
    page_count = max(1, -(-total // PAGE_SIZE))
    number = _page_number(page, page_count)
    shown = list(items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    audit_record(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        obj=intervention,
        detail=f"intervention page={number}",
    )
    audit_record_each(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        objects=[item.cycle.pupil for item in shown],
        detail=f"intervention {intervention.pk}",
    )
    pupils = [
        InterventionPupil(
            pupil=item.cycle.pupil,
            cycle_number=item.cycle.number,
            review_date=item.cycle.review_date,
            how_often=item.frequency_note
            or (
                f"{item.sessions_per_week} × {item.minutes_per_session}"
                if item.sessions_per_week and item.minutes_per_session
                else ""
            ),
            delivered_by=item.delivered_by,
        )
        for item in shown
    ]
    return InterventionPage(
        figures=figures, pupils=pupils, number=number, page_count=page_count, total=total
    )


# The checklist ---------------------------------------------------------------------------------


@dataclass
class PupilChecklist:
    pupil: Pupil
    results: list[CheckResult]

    @property
    def not_met(self) -> int:
        return sum(result.not_met for result in self.results)

    @property
    def met(self) -> int:
        return sum(result.met for result in self.results)

    def state_of(self, key: str) -> str:
        return next(r.state for r in self.results if r.check.key == key)


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _facts(pupils: QuerySet[Pupil]) -> dict[int, PupilFacts]:
    """The checklist's facts for every pupil of `pupils` (a queryset, used as a subquery), in
    seven queries however many there are."""
    facts: dict[int, PupilFacts] = defaultdict(PupilFacts)
    now = timezone.now()
    for pupil_id in FormalNotice.objects.filter(pupil__in=pupils).values_list(
        "pupil_id", flat=True
    ):
        facts[pupil_id].notified = True
    cycles = (
        Cycle.objects.filter(pupil__in=pupils)
        .exclude(status=CycleStatus.REVIEWED)
        .annotate(
            n_outcomes=Count("outcomes", distinct=True),
            n_support=Count("support_items", distinct=True),
            n_unmarked=Count(
                "support_items",
                filter=~Q(support_items__provision_type__in=ProvisionType.values),
                distinct=True,
            ),
        )
        .values(
            "pk",
            "pupil_id",
            "number",
            "status",
            "started_on",
            "created_at",
            "review_date",
            "previous_id",
            "previous__review__held_on",
            "previous__review__assessment_still_holds",
            "n_outcomes",
            "n_support",
            "n_unmarked",
        )
    )
    for row in cycles:
        facts[row["pupil_id"]].cycle = CycleFact(
            id=row["pk"],
            number=row["number"],
            status=row["status"],
            started_on=row["started_on"] or _local_date(row["created_at"]),
            review_date=row["review_date"],
            outcomes=row["n_outcomes"],
            support_items=row["n_support"],
            unmarked_support_items=row["n_unmarked"],
            previous_id=row["previous_id"],
            previous_review_on=row["previous__review__held_on"],
            previous_assessment=row["previous__review__assessment_still_holds"] or "",
        )
    meetings = (
        Meeting.objects.filter(pupil__in=pupils)
        .exclude(date_status=DateStatus.CANCELLED)
        .annotate(
            has_parent_views=Case(
                When(parent_views="", then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )
        .values_list(
            "pupil_id",
            "kind",
            "starts_at",
            "cycle_id",
            "date_status",
            "record_status",
            "shared_at",
            "has_parent_views",
        )
    )
    for pupil_id, kind, starts_at, cycle_id, date_status, record, shared_at, views in meetings:
        shared = record == RecordStatus.SHARED
        facts[pupil_id].meetings.append(
            MeetingFact(
                kind=kind,
                on=_local_date(starts_at),
                cycle_id=cycle_id,
                held=starts_at <= now and (shared or date_status == DateStatus.ACCEPTED),
                shared_on=_local_date(shared_at) if shared else None,
                has_parent_views=bool(views),
            )
        )
    for pupil_id, cycle_id, answered_at in ParentViews.objects.filter(
        pupil__in=pupils, answered_at__isnull=False
    ).values_list("pupil_id", "cycle_id", "answered_at"):
        facts[pupil_id].parent_views.append((cycle_id, _local_date(answered_at)))
    for pupil_id, cycle_id, gathered_on in PupilViewsRecord.objects.filter(
        pupil__in=pupils
    ).values_list("pupil_id", "cycle_id", "gathered_on"):
        facts[pupil_id].pupil_views.append((cycle_id, gathered_on))
    for pupil_id, service, other, status, sent_at in ConsentRequest.objects.filter(
        pupil__in=pupils
    ).values_list("pupil_id", "service", "service_other", "status", "referral_sent_at"):
        facts[pupil_id].consents.append(
            ConsentFact(
                service=service,
                service_other=other,
                status=status,
                referral_sent=sent_at is not None,
            )
        )
    for pupil_id, name, role in (
        Attendee.objects.filter(meeting__pupil__in=pupils, kind=AttendeeKind.PROFESSIONAL)
        .exclude(meeting__date_status=DateStatus.CANCELLED)
        .values_list("meeting__pupil_id", "name", "role")
    ):
        facts[pupil_id].professionals.append((name, role))
    return facts


def _checklists(school: School, pupils: QuerySet[Pupil]) -> list[PupilChecklist]:
    """Every check for every pupil of `pupils` (all of one school), in a fixed number of
    queries: the pupils, the seven of `_facts`, and the school's calendar."""
    today = timezone.localdate()
    listed = list(pupils)
    facts = _facts(pupils)
    calendar = school_calendar(school)
    return [
        PupilChecklist(
            pupil=pupil,
            results=evaluate(
                facts[pupil.pk], today=today, calendar=calendar, date_format=_format_date
            ),
        )
        for pupil in listed
    ]


def checklist_pupils(school: School) -> QuerySet[Pupil]:
    """The pupils the checklist applies to: on SEN Support or with an EHC plan."""
    return Pupil.objects.filter(school=school, sen_status__in=CHECKLIST_STATUSES).order_by(
        "legal_last_name", "legal_first_name", "pk"
    )


def applies_to(pupil: Pupil) -> bool:
    return pupil.sen_status in CHECKLIST_STATUSES


def pupil_checklist(*, pupil: Pupil) -> PupilChecklist | None:
    """One pupil's checklist, unaudited (for a panel that shows only a count); None when the
    checklist does not apply to them."""
    if not applies_to(pupil):
        return None
    return _checklists(pupil.school, Pupil.objects.filter(pk=pupil.pk))[0]


def pupil_checklist_audited(
    *, actor: User, context: AuditContext, pupil: Pupil
) -> PupilChecklist | None:
    """One pupil's checklist (None when it does not apply to them). Audited: CHECKLIST_VIEWED
    on the pupil."""
    audit_record(
        action=AuditAction.CHECKLIST_VIEWED,
        actor=actor,
        context=context,
        obj=pupil,
        detail="pupil checklist",
    )
    return pupil_checklist(pupil=pupil)


@dataclass(frozen=True)
class CheckCounts:
    key: str
    check: object
    sen_support_met: int = 0
    sen_support_not_met: int = 0
    ehc_plan_met: int = 0
    ehc_plan_not_met: int = 0
    not_applicable: int = 0

    @property
    def met(self) -> int:
        return self.sen_support_met + self.ehc_plan_met

    @property
    def not_met(self) -> int:
        return self.sen_support_not_met + self.ehc_plan_not_met


def _counts(checklists: list[PupilChecklist]) -> list[CheckCounts]:
    tally: dict[tuple[str, str, str], int] = Counter()
    for checklist in checklists:
        status = checklist.pupil.sen_status
        for result in checklist.results:
            tally[(result.check.key, status, result.state)] += 1
    counts = []
    for check in CHECKS:
        key = check.key
        counts.append(
            CheckCounts(
                key=key,
                check=check,
                sen_support_met=tally[(key, SenStatus.SEN_SUPPORT, CheckState.MET)],
                sen_support_not_met=tally[(key, SenStatus.SEN_SUPPORT, CheckState.NOT_MET)],
                ehc_plan_met=tally[(key, SenStatus.EHC_PLAN, CheckState.MET)],
                ehc_plan_not_met=tally[(key, SenStatus.EHC_PLAN, CheckState.NOT_MET)],
                not_applicable=sum(
                    tally[(key, status, CheckState.NOT_APPLICABLE)] for status in CHECKLIST_STATUSES
                ),
            )
        )
    return counts


@dataclass(frozen=True)
class SchoolChecklist:
    school: School
    counts: list[CheckCounts]
    rows: list[PupilChecklist]
    number: int
    page_count: int
    total: int  # pupils matching the filter
    pupils: int  # pupils the checklist applies to
    check: str
    state: str


def school_checklist_audited(
    *,
    actor: User,
    context: AuditContext,
    school: School,
    check: str = "",
    state: str = "",
    page=1,
) -> SchoolChecklist:
    """The school summary: counts per check for every pupil on SEN Support or with an EHC
    plan, and one page of pupils by checks, optionally only those whose `check` is in `state`.
    Audited: one CHECKLIST_VIEWED row for the page and one per pupil shown. The same queries
    however many pupils and cycles."""
    checklists = _checklists(school, checklist_pupils(school))
    keys = {c.key for c in CHECKS}
    check = check if check in keys else ""
    state = state if state in CheckState.values else ""
    state = state if check else ""
    rows = checklists
    if check and state:
        rows = [c for c in checklists if c.state_of(check) == state]
    page_count = max(1, -(-len(rows) // PAGE_SIZE))
    number = _page_number(page, page_count)
    shown = rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    audit_record(
        action=AuditAction.CHECKLIST_VIEWED,
        actor=actor,
        context=context,
        school_id=school.pk,
        detail=f"school summary check={check} state={state} page={number}",
    )
    audit_record_each(
        action=AuditAction.CHECKLIST_VIEWED,
        actor=actor,
        context=context,
        objects=[c.pupil for c in shown],
        detail="school summary",
    )
    return SchoolChecklist(
        school=school,
        counts=_counts(checklists),
        rows=shown,
        number=number,
        page_count=page_count,
        total=len(rows),
        pupils=len(checklists),
        check=check,
        state=state,
    )


@dataclass(frozen=True)
class GovernorsCheck:
    counts: CheckCounts
    # The first pupils who have not met it (only for the school's own staff).
    pupils_not_met: list[Pupil]


@dataclass(frozen=True)
class GovernorsReport:
    school: School
    checks: list[GovernorsCheck]
    sen_support: int
    ehc_plan: int
    with_pupils: bool
    on: datetime.date


def _governors_report(
    school: School, *, with_pupils: bool, checklists: list[PupilChecklist] | None = None
) -> GovernorsReport:
    if checklists is None:
        checklists = _checklists(school, checklist_pupils(school))
    checks = []
    for counts in _counts(checklists):
        named = []
        if with_pupils:
            named = [c.pupil for c in checklists if c.state_of(counts.key) == CheckState.NOT_MET][
                :NAMES_PER_CHECK
            ]
        checks.append(GovernorsCheck(counts=counts, pupils_not_met=named))
    statuses = Counter(c.pupil.sen_status for c in checklists)
    return GovernorsReport(
        school=school,
        checks=checks,
        sen_support=statuses[SenStatus.SEN_SUPPORT],
        ehc_plan=statuses[SenStatus.EHC_PLAN],
        with_pupils=with_pupils,
        on=timezone.localdate(),
    )


def governors_report_audited(
    *, actor: User, context: AuditContext, school: School, with_pupils: bool
) -> GovernorsReport:
    """The governors' report: per check, how many pupils on SEN Support and with an EHC plan
    meet it and how many do not. With `with_pupils` (the school's own staff), the first pupils
    behind each "not met" count are named. Audited: one CHECKLIST_VIEWED row, and one per pupil
    named. The same queries however many pupils and cycles."""
    report = _governors_report(school, with_pupils=with_pupils)
    audit_record(
        action=AuditAction.CHECKLIST_VIEWED,
        actor=actor,
        context=context,
        school_id=school.pk,
        detail="governors report" + ("" if with_pupils else " counts only"),
    )
    named = {p.pk: p for check in report.checks for p in check.pupils_not_met}
    audit_record_each(
        action=AuditAction.CHECKLIST_VIEWED,
        actor=actor,
        context=context,
        objects=list(named.values()),
        detail="governors report",
    )
    return report


def _calendars(schools: list[School]) -> dict[int, SchoolCalendar]:
    """Each school's calendar, as `school_calendar` gives it, in two queries however many
    schools (the schools need their local authority loaded)."""
    ids = [school.pk for school in schools]
    terms: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for school_id, starts_on, ends_on in TermDate.objects.filter(school_id__in=ids).values_list(
        "school_id", "starts_on", "ends_on"
    ):
        terms[school_id].append((starts_on, ends_on))
    closures: dict[int, set[datetime.date]] = defaultdict(set)
    for school_id, day in SchoolClosure.objects.filter(school_id__in=ids).values_list(
        "school_id", "date"
    ):
        closures[school_id].add(day)
    today = timezone.localdate()
    calendars = {}
    for school in schools:
        own = terms[school.pk]
        years = set(range(today.year - 1, today.year + 3))
        years.update(day.year for term in own for day in term)
        calendars[school.pk] = SchoolCalendar(
            terms=tuple(own),
            closures=frozenset(closures[school.pk]),
            bank_holidays=frozenset(
                bank_holidays(school.local_authority.bank_holiday_region, years)
            ),
        )
    return calendars


def trust_checklist_audited(
    *, actor: User, context: AuditContext, trust: Trust
) -> list[GovernorsReport]:
    """Each school of the trust with its counts per check; no pupil named. Audited: one
    CHECKLIST_VIEWED row per school, in one insert. The same queries however many schools and
    pupils: the schools, the pupils, the facts of all of them, and two for the calendars."""
    schools = list(
        School.objects.filter(trust=trust).select_related("local_authority").order_by("name")
    )
    pupils = Pupil.objects.filter(
        school__in=[school.pk for school in schools], sen_status__in=CHECKLIST_STATUSES
    ).order_by("legal_last_name", "legal_first_name", "pk")
    facts = _facts(pupils)
    calendars = _calendars(schools)
    today = timezone.localdate()
    by_school: dict[int, list[PupilChecklist]] = defaultdict(list)
    for pupil in pupils:
        by_school[pupil.school_id].append(
            PupilChecklist(
                pupil=pupil,
                results=evaluate(
                    facts[pupil.pk],
                    today=today,
                    calendar=calendars[pupil.school_id],
                    date_format=_format_date,
                ),
            )
        )
    reports = [
        _governors_report(school, with_pupils=False, checklists=by_school[school.pk])
        for school in schools
    ]
    for school in schools:
        # Each school's own row in its audit trail, as its governors' report writes one.
        school.school_id = school.pk
    audit_record_each(
        action=AuditAction.CHECKLIST_VIEWED,
        actor=actor,
        context=context,
        objects=schools,
        detail="trust counts",
    )
    return reports
