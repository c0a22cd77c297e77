"""The evidence pack: everything recorded about one pupil's SEN Support, read straight from the
records of plans, meetings, consent, notices and the passport, for a parent (only what parents
may see) or for the school (everything). The number of queries is fixed, however many cycles,
meetings or requests there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.pupils.models import Pupil
from portal.pupils.selectors import choice_labels
from portal.support.consent.models import ConsentEvent, ConsentEventKind, ConsentRequest
from portal.support.meetings.models import (
    Addendum,
    Attendee,
    Meeting,
    MeetingKind,
    NextStep,
    ParentResponse,
    ParentViews,
    RecordStatus,
)
from portal.support.notices.models import FormalNotice
from portal.support.passports.selectors import Section, passport_page
from portal.support.plans.models import (
    AssessmentStillHolds,
    Cycle,
    CycleStatus,
    OutcomeProgress,
    PlanVersion,
    ProgressScore,
    ProvisionType,
    SupportItem,
)
from portal.support.plans.selectors import outcome_progress_history

PARENT = "parent"
SCHOOL = "school"


@dataclass
class OutcomeRow:
    parent_wording: str
    child_wording: str = ""
    success_looks_like: str = ""


@dataclass
class SupportRow:
    description: str
    provision_type: str = ""
    provision_label: str = ""
    how_often: str = ""
    delivered_by: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    intervention: str = ""


@dataclass
class ProgressRow:
    outcome: str
    score: int
    score_label: str
    comment: str


@dataclass
class ReviewView:
    held_on: datetime.date
    assessment_still_holds: str
    assessment_note: str
    summary: str
    progress: list[ProgressRow]


@dataclass
class CycleView:
    """One cycle as the reader may see it: a section is None when it is not for this reader
    (staff only, for a parent) or was not in what the parents were shown."""

    number: int
    status_label: str
    started_on: datetime.date | None
    review_date: datetime.date | None
    assessment: dict[str, str] | None
    outcomes: list[OutcomeRow] | None
    support: list[SupportRow] | None
    expected_impact: str | None
    staff_notes: str = ""
    staff_only: list[str] = field(default_factory=list)
    shared_version: int | None = None
    shared_at: datetime.datetime | None = None
    review: ReviewView | None = None


@dataclass
class EvidencePack:
    pupil: Pupil
    audience: str
    made_at: datetime.datetime
    areas_of_need: list[str]
    cycles: list[CycleView]
    meetings: list[Meeting]
    parent_views: list[ParentViews]
    consents: list[ConsentRequest]
    notices: list[FormalNotice]
    passport: list[Section]

    @property
    def for_parent(self) -> bool:
        return self.audience == PARENT


def _how_often(item: SupportItem) -> str:
    parts = []
    if item.sessions_per_week:
        parts.append(_("%(count)s a week") % {"count": item.sessions_per_week})
    if item.minutes_per_session:
        parts.append(_("%(minutes)s minutes each") % {"minutes": item.minutes_per_session})
    if item.frequency_note:
        parts.append(item.frequency_note)
    return ", ".join(parts)


def _text(value) -> str:
    if isinstance(value, dict):
        value = value.get("text", "")
    return value if isinstance(value, str) else ""


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return parse_date(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _section(content: dict, name: str):
    """A section of a shared plan's snapshot: absent, or marked staff only, gives None."""
    value = content.get(name)
    if isinstance(value, dict) and value.get("staff_only"):
        return None
    return value


def _from_snapshot(version: PlanVersion, provisions: dict) -> dict:
    """What the parents were shown of a cycle, from the shared version's copy. Reads the copy
    leniently: each section either at the top level or under its own key, lists of dicts named
    as the models' fields; a section the copy leaves out stays out."""
    content = version.content if isinstance(version.content, dict) else {}
    assessment = _section(content, "assessment")
    if not isinstance(assessment, dict):
        assessment = {
            k: content.get(k) for k in ("needs", "strengths", "evidence", "outside_advice")
        }
    assessment = {
        k: _text(assessment.get(k)) for k in ("needs", "strengths", "evidence", "outside_advice")
    }
    outcomes_raw = _section(content, "outcomes")
    if isinstance(outcomes_raw, dict):
        outcomes_raw = outcomes_raw.get("items")
    support_raw = _section(content, "support_items")
    if support_raw is None:
        support_raw = _section(content, "support")
    if isinstance(support_raw, dict):
        support_raw = support_raw.get("items")
    outcomes = None
    if isinstance(outcomes_raw, list):
        outcomes = [
            OutcomeRow(
                parent_wording=_text(o.get("parent_wording") or o.get("text")),
                child_wording=_text(o.get("child_wording")),
                success_looks_like=_text(o.get("success_looks_like")),
            )
            for o in outcomes_raw
            if isinstance(o, dict)
        ]
    support = None
    if isinstance(support_raw, list):
        support = []
        for s in support_raw:
            if not isinstance(s, dict):
                continue
            kind = _text(s.get("provision_type"))
            intervention = s.get("intervention")
            if isinstance(intervention, dict):
                intervention = intervention.get("name")
            how_often = _text(s.get("how_often") or s.get("frequency_note"))
            if not how_often and (s.get("sessions_per_week") or s.get("minutes_per_session")):
                item = SupportItem(
                    sessions_per_week=s.get("sessions_per_week"),
                    minutes_per_session=s.get("minutes_per_session"),
                    frequency_note="",
                )
                how_often = _how_often(item)
            support.append(
                SupportRow(
                    description=_text(s.get("description")),
                    provision_type=kind,
                    provision_label=provisions.get(kind, ""),
                    how_often=how_often,
                    delivered_by=_text(s.get("delivered_by")),
                    starts_on=_date(s.get("starts_on")),
                    ends_on=_date(s.get("ends_on")),
                    intervention=intervention if isinstance(intervention, str) else "",
                )
            )
    impact = _section(content, "expected_impact")
    return {
        "assessment": assessment if any(assessment.values()) else None,
        "outcomes": outcomes,
        "support": support,
        "expected_impact": _text(impact) or None,
        "review_date": _date(_section(content, "review_date")),
    }


def _parent_progress(pupil: Pupil) -> dict[int, list[ProgressRow]]:
    """The progress at each review as the parents' own pages show it, by cycle number: read
    through the plans' `outcome_progress_history(for_parents=True)` (the progress chart on the
    child's page), so the pack and those pages never disagree about what a parent is told.
    One query."""
    by_cycle: dict[int, list[ProgressRow]] = {}
    for history in outcome_progress_history(pupil, for_parents=True):
        for point in history.points:
            by_cycle.setdefault(point.cycle_number, []).append(
                ProgressRow(
                    outcome=history.parent_wording,
                    score=point.score,
                    score_label=point.score_label,
                    comment=point.comment,
                )
            )
    return by_cycle


def _cycles(pupil: Pupil, audience: str) -> list[CycleView]:
    """Every cycle for the school; for a parent, only those shared with them, as last shared,
    with each review as the parent's plan page shows it (the note on the assessment left out
    when the assessment is for staff only; progress as the parents' progress chart has it).
    Five queries."""
    prefetches = [
        "outcomes",
        Prefetch("support_items", queryset=SupportItem.objects.select_related("intervention")),
        Prefetch("versions", queryset=PlanVersion.objects.order_by("number")),
    ]
    if audience != PARENT:
        prefetches.append(
            Prefetch("review__progress", queryset=OutcomeProgress.objects.select_related("outcome"))
        )
    cycles = (
        Cycle.objects.filter(pupil=pupil)
        .select_related("review")
        .prefetch_related(*prefetches)
        .order_by("number")
    )
    statuses = choice_labels(CycleStatus.choices)
    provisions = choice_labels(ProvisionType.choices)
    scores = choice_labels(ProgressScore.choices)
    holds = choice_labels(AssessmentStillHolds.choices)
    parent_progress = _parent_progress(pupil) if audience == PARENT else {}
    views = []
    for cycle in cycles:
        versions = list(cycle.versions.all())
        if audience == PARENT and (cycle.status == CycleStatus.DRAFT or not versions):
            continue
        review = getattr(cycle, "review", None) if cycle.status == CycleStatus.REVIEWED else None
        review_view = None
        if review is not None:
            if audience == PARENT:
                progress = parent_progress.get(cycle.number, [])
                # What changed in the needs is part of the assessment (as on the plan page).
                note = "" if cycle.assessment_staff_only else review.assessment_note
            else:
                progress = [
                    ProgressRow(
                        outcome=p.outcome.parent_wording,
                        score=p.score,
                        score_label=scores.get(p.score, ""),
                        comment=p.comment,
                    )
                    for p in review.progress.all()
                ]
                note = review.assessment_note
            review_view = ReviewView(
                held_on=review.held_on,
                assessment_still_holds=holds.get(review.assessment_still_holds, ""),
                assessment_note=note,
                summary=review.summary,
                progress=progress,
            )
        latest = versions[-1] if versions else None
        if audience == PARENT:
            shown = _from_snapshot(latest, provisions)
            views.append(
                CycleView(
                    number=cycle.number,
                    status_label=statuses.get(cycle.status, ""),
                    started_on=cycle.started_on,
                    # As shared: a review date changed since is not what the parents were shown.
                    review_date=shown["review_date"],
                    assessment=shown["assessment"],
                    outcomes=shown["outcomes"],
                    support=shown["support"],
                    expected_impact=shown["expected_impact"],
                    shared_version=latest.number,
                    shared_at=latest.shared_at,
                    review=review_view,
                )
            )
            continue
        staff_only = [
            label
            for flag, label in [
                (cycle.assessment_staff_only, _("Assessment")),
                (cycle.outcomes_staff_only, _("Outcomes")),
                (cycle.support_staff_only, _("Support")),
                (cycle.expected_impact_staff_only, _("Expected impact")),
            ]
            if flag
        ]
        views.append(
            CycleView(
                number=cycle.number,
                status_label=statuses.get(cycle.status, ""),
                started_on=cycle.started_on,
                review_date=cycle.review_date,
                assessment={
                    "needs": cycle.needs,
                    "strengths": cycle.strengths,
                    "evidence": cycle.evidence,
                    "outside_advice": cycle.outside_advice,
                },
                outcomes=[
                    OutcomeRow(o.parent_wording, o.child_wording, o.success_looks_like)
                    for o in cycle.outcomes.all()
                ],
                support=[
                    SupportRow(
                        description=s.description,
                        provision_type=s.provision_type,
                        provision_label=provisions.get(s.provision_type, ""),
                        how_often=_how_often(s),
                        delivered_by=s.delivered_by,
                        starts_on=s.starts_on,
                        ends_on=s.ends_on,
                        intervention=s.intervention.name if s.intervention else "",
                    )
                    for s in cycle.support_items.all()
                ],
                expected_impact=cycle.expected_impact,
                staff_notes=cycle.staff_notes,
                staff_only=staff_only,
                shared_version=latest.number if latest else None,
                shared_at=latest.shared_at if latest else None,
                review=review_view,
            )
        )
    return views


def _meetings(pupil: Pupil, audience: str, actor) -> list[Meeting]:
    """Meeting records, oldest first: for a parent only those shared with them, each with only
    that parent's own responses (as on the record page: families can be separated); for the
    school every response, with who wrote it. Five queries."""
    meetings = Meeting.objects.filter(pupil=pupil)
    responses = ParentResponse.objects.select_related("parent").order_by("created_at", "id")
    if audience == PARENT:
        meetings = meetings.filter(record_status=RecordStatus.SHARED)
        responses = responses.filter(parent=actor)
    meetings = meetings.prefetch_related(
        Prefetch("attendees", queryset=Attendee.objects.order_by("kind", "id")),
        Prefetch("next_steps", queryset=NextStep.objects.order_by("order", "id")),
        Prefetch("addenda", queryset=Addendum.objects.order_by("created_at", "id")),
        Prefetch("responses", queryset=responses),
    ).order_by("starts_at", "id")
    kinds = choice_labels(MeetingKind.choices)
    shown = list(meetings)
    for meeting in shown:
        meeting.kind_label = kinds.get(meeting.kind, "")
    return shown


def evidence_pack_audited(
    *, actor, context: AuditContext, pupil: Pupil, audience: str, form: str
) -> EvidencePack:
    """The evidence pack of one pupil for `audience` (PARENT: only what parents may see, as it
    was shared with them; SCHOOL: everything, drafts and staff-only sections marked), for a
    reader the access check let through. A parent's pack holds what that parent's own pages
    show: their own responses, the views they gave and their own copies of the formal notices,
    never another parent's (families can be separated); consent requests are the pupil's, seen
    by every linked parent. Audited: each pack made is written to the audit trail
    (EVIDENCE_PACK_MADE, detail the audience and `form`, html or pdf). About twenty queries
    however many records the pupil has."""
    areas = [area.get_area_display() for area in pupil.areas_of_need.all()]
    cycles = _cycles(pupil, audience)
    meetings = _meetings(pupil, audience, actor)
    parent_views = ParentViews.objects.filter(pupil=pupil, answered_at__isnull=False)
    notices = FormalNotice.objects.filter(pupil=pupil)
    if audience == PARENT:
        parent_views = parent_views.filter(answered_by=actor)
        notices = notices.filter(recipients__parent=actor)
    parent_views = list(parent_views.select_related("answered_by").order_by("answered_at", "id"))
    consents = list(
        ConsentRequest.objects.filter(pupil=pupil)
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ConsentEvent.objects.exclude(kind=ConsentEventKind.REMINDED).order_by(
                    "created_at", "id"
                ),
            )
        )
        .order_by("requested_at", "id")
    )
    notices = list(notices.prefetch_related("recipients").order_by("sent_at", "id"))
    passport = passport_page(pupil=pupil)
    audit_record(
        action=AuditAction.EVIDENCE_PACK_MADE,
        actor=actor,
        context=context,
        obj=pupil,
        detail=f"{form} for {audience}",
    )
    return EvidencePack(
        pupil=pupil,
        audience=audience,
        made_at=timezone.now(),
        areas_of_need=areas,
        cycles=cycles,
        meetings=meetings,
        parent_views=parent_views,
        consents=consents,
        notices=notices,
        passport=passport.written,
    )
