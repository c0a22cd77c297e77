"""Reads of a pupil's support plan, already scoped to who asks. The query counts do not grow with
the number of cycles, outcomes or reviews.

For the other parts of the portal (the checklist, meetings, the evidence pack):

- `current_cycle(pupil)`: the pupil's newest cycle, whatever its state, or None (one query).
- `latest_shared_version(cycle)`: what the parents were last shown of a cycle, or None (one query).
- `outcome_progress_history(pupil, for_parents=...)`: each outcome's progress across reviews,
  following `carried_from` from cycle to cycle; for parents only the outcomes they were shown,
  worded as shown (one query for staff, two for parents).

None of those three audits: a page that shows what they return to a person audits the read, as
`parent_plan_audited`, `staff_plan_audited` and `plan_panel_audited` do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.pupils.models import Pupil

from . import services as _services
from .chart import ProgressChart, progress_chart
from .models import (
    AssessmentStillHolds,
    Cycle,
    CycleStatus,
    Intervention,
    OutcomeProgress,
    PlanVersion,
    ProgressScore,
    ProvisionType,
)
from .services import cycle_snapshot, plan_snapshot

# Shared helpers for the other parts -------------------------------------------------------------


def current_cycle(pupil: Pupil) -> Cycle | None:
    """The pupil's newest cycle (draft, under way or reviewed), or None. One query. Not audited."""
    return Cycle.objects.filter(pupil=pupil).order_by("-number").first()


def latest_shared_version(cycle: Cycle) -> PlanVersion | None:
    """The last version of the cycle shared with the parents, or None. One query. Not audited."""
    return PlanVersion.objects.filter(cycle=cycle).order_by("-number").first()


@dataclass(frozen=True)
class ProgressPoint:
    cycle_number: int
    held_on: datetime.date
    score: int
    score_label: str
    comment: str


@dataclass
class OutcomeHistory:
    """One outcome followed across reviews (through `carried_from`), oldest point first,
    worded as at its latest review."""

    outcome_id: int
    parent_wording: str
    child_wording: str
    points: list[ProgressPoint] = field(default_factory=list)

    @property
    def chart(self) -> ProgressChart:
        return progress_chart([(point.cycle_number, point.score) for point in self.points])


def _progress_rows(
    pupil: Pupil, *, for_parents: bool, versions: dict[int, PlanVersion] | None = None
) -> list[OutcomeProgress]:
    """The pupil's progress rows, oldest cycle first, each with `parent_wording` and
    `child_wording` to show. Staff see the outcomes as they are. Parents see each outcome worded
    as in its cycle's last shared copy (`versions`, by cycle id), and only outcomes that copy
    showed them: what a parent was shown is never silently changed. One query."""
    rows = OutcomeProgress.objects.filter(review__cycle__pupil=pupil).select_related(
        "outcome", "review__cycle"
    )
    if for_parents:
        rows = rows.filter(review__cycle__outcomes_staff_only=False)
    rows = list(rows.order_by("review__cycle__number", "outcome__order", "outcome_id"))
    if not for_parents:
        for row in rows:
            row.parent_wording = row.outcome.parent_wording
            row.child_wording = row.outcome.child_wording
        return rows
    shared = {
        outcome["id"]: outcome
        for version in (versions or {}).values()
        for outcome in version.content.get("outcomes") or []
    }
    shown = []
    for row in rows:
        outcome = shared.get(row.outcome_id)
        if outcome is None:
            continue
        row.parent_wording = outcome.get("parent_wording", "")
        row.child_wording = outcome.get("child_wording", "")
        shown.append(row)
    return shown


def _histories(rows: list[OutcomeProgress]) -> list[OutcomeHistory]:
    labels = dict(ProgressScore.choices)
    by_outcome = {row.outcome_id: row for row in rows}

    def root(outcome_id: int) -> int:
        seen = set()
        while outcome_id not in seen:
            seen.add(outcome_id)
            parent = by_outcome[outcome_id].outcome.carried_from_id
            if parent is None or parent not in by_outcome:
                return outcome_id
            outcome_id = parent
        return outcome_id

    histories: dict[int, OutcomeHistory] = {}
    for row in rows:  # oldest cycle first, so each history's last row is its latest wording
        history = histories.setdefault(root(row.outcome_id), OutcomeHistory(row.outcome_id, "", ""))
        history.outcome_id = row.outcome_id
        history.parent_wording = row.parent_wording
        history.child_wording = row.child_wording
        history.points.append(
            ProgressPoint(
                cycle_number=row.review.cycle.number,
                held_on=row.review.held_on,
                score=row.score,
                score_label=str(labels.get(row.score, row.score)),
                comment=row.comment,
            )
        )
    return list(histories.values())


def outcome_progress_history(pupil: Pupil, *, for_parents: bool) -> list[OutcomeHistory]:
    """Each outcome's progress at every review, following an outcome carried from one cycle to
    the next. For parents, only outcomes the parents were shown, worded as shown (outcomes of a
    cycle whose outcomes are staff-only are left out). One query for staff, two for parents.
    Not audited: the caller audits what it shows."""
    versions = _latest_versions(pupil) if for_parents else None
    return _histories(_progress_rows(pupil, for_parents=for_parents, versions=versions))


# Reading a shared copy --------------------------------------------------------------------------


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def readable(content: dict | None) -> dict | None:
    """A shared copy ready for a template: dates as dates and each piece of support's core or
    additional label (COP-6.40)."""
    if content is None:
        return None
    provision = dict(ProvisionType.choices)
    shown = dict(content)
    shown["review_date"] = _date(content.get("review_date"))
    if content.get("support") is not None:
        shown["support"] = [
            {
                **item,
                "starts_on": _date(item.get("starts_on")),
                "ends_on": _date(item.get("ends_on")),
                "is_additional": item.get("provision_type") == ProvisionType.ADDITIONAL.value,
                "provision_label": str(provision.get(item.get("provision_type"), "")),
            }
            for item in content["support"]
        ]
    return shown


@dataclass
class PlanChanges:
    """What changed between the last shared plan of the previous cycle and the current one."""

    outcomes_added: list[dict] = field(default_factory=list)
    outcomes_removed: list[dict] = field(default_factory=list)
    outcomes_changed: list[tuple[dict, dict]] = field(default_factory=list)
    support_added: list[dict] = field(default_factory=list)
    support_ended: list[dict] = field(default_factory=list)
    support_changed: list[tuple[dict, dict]] = field(default_factory=list)
    review_date: tuple[datetime.date | None, datetime.date | None] | None = None

    @property
    def any(self) -> bool:
        return bool(
            self.outcomes_added
            or self.outcomes_removed
            or self.outcomes_changed
            or self.support_added
            or self.support_ended
            or self.support_changed
            or self.review_date
        )


OUTCOME_FIELDS = ("parent_wording", "child_wording", "success_looks_like")
SUPPORT_FIELDS = (
    "description",
    "provision_type",
    "intervention",
    "sessions_per_week",
    "minutes_per_session",
    "frequency_note",
    "delivered_by",
    "starts_on",
    "ends_on",
)


def _support_key(item: dict) -> tuple:
    if item.get("intervention_id"):
        return ("intervention", item["intervention_id"])
    return ("description", " ".join(str(item.get("description", "")).lower().split()))


def plan_changes(before: dict | None, after: dict | None) -> PlanChanges | None:
    """Compare two shared copies (as `readable` gives them). Outcomes are the same outcome when
    the new one was carried from the old; support is the same when it is the same intervention
    or has the same description. A section either copy hides from parents is not compared."""
    if before is None or after is None:
        return None
    changes = PlanChanges()
    old_outcomes, new_outcomes = before.get("outcomes"), after.get("outcomes")
    if old_outcomes is not None and new_outcomes is not None:
        old_by_id = {outcome["id"]: outcome for outcome in old_outcomes}
        kept = set()
        for outcome in new_outcomes:
            old = old_by_id.get(outcome.get("carried_from"))
            if old is None:
                changes.outcomes_added.append(outcome)
                continue
            kept.add(old["id"])
            if any(old.get(name) != outcome.get(name) for name in OUTCOME_FIELDS):
                changes.outcomes_changed.append((old, outcome))
        changes.outcomes_removed = [o for o in old_outcomes if o["id"] not in kept]
    old_support, new_support = before.get("support"), after.get("support")
    if old_support is not None and new_support is not None:
        old_by_key = {_support_key(item): item for item in old_support}
        kept_keys = set()
        for item in new_support:
            key = _support_key(item)
            old = old_by_key.get(key)
            if old is None:
                changes.support_added.append(item)
                continue
            kept_keys.add(key)
            if any(old.get(name) != item.get(name) for name in SUPPORT_FIELDS):
                changes.support_changed.append((old, item))
        changes.support_ended = [i for i in old_support if _support_key(i) not in kept_keys]
    if before.get("review_date") != after.get("review_date"):
        changes.review_date = (before.get("review_date"), after.get("review_date"))
    return changes


# Pages ------------------------------------------------------------------------------------------


def _audit(actor: Actor, context: AuditContext, pupil: Pupil, detail: str) -> None:
    audit_record(
        action=AuditAction.SUPPORT_VIEWED, actor=actor, context=context, obj=pupil, detail=detail
    )


def _latest_versions(pupil: Pupil) -> dict[int, PlanVersion]:
    """The latest shared version of each of the pupil's cycles, by cycle id. One query."""
    newest = (
        PlanVersion.objects.filter(cycle=OuterRef("cycle")).order_by("-number").values("number")[:1]
    )
    versions = PlanVersion.objects.filter(cycle__pupil=pupil, number=Subquery(newest))
    return {version.cycle_id: version for version in versions}


@dataclass
class EarlierCycle:
    cycle: Cycle
    plan: dict | None
    version: PlanVersion | None
    progress: list[OutcomeProgress]
    assessment_label: str
    # What changed in the needs, as the review says; for parents only when the cycle's
    # assessment is not for staff only.
    assessment_note: str = ""


@dataclass
class ParentPlan:
    """What a parent sees: the latest shared plan of the current cycle, what changed since the
    last review, the progress chart, and the earlier cycles with their reviews."""

    cycle: Cycle | None
    version: PlanVersion | None
    plan: dict | None
    changes: PlanChanges | None
    histories: list[OutcomeHistory]
    earlier: list[EarlierCycle]
    # The current cycle's review, when it has been reviewed and the next is not yet shared.
    review: EarlierCycle | None = None


def _earlier(
    cycles: list[Cycle],
    versions: dict[int, PlanVersion],
    rows: list[OutcomeProgress],
    *,
    for_parents: bool,
) -> list[EarlierCycle]:
    holds = dict(AssessmentStillHolds.choices)
    by_cycle: dict[int, list[OutcomeProgress]] = {}
    for row in rows:
        by_cycle.setdefault(row.review.cycle_id, []).append(row)
    earlier = []
    for cycle in cycles:
        review = getattr(cycle, "review", None) if cycle.status == CycleStatus.REVIEWED else None
        version = versions.get(cycle.pk)
        earlier.append(
            EarlierCycle(
                cycle=cycle,
                plan=readable(version.content) if version else None,
                version=version,
                progress=by_cycle.get(cycle.pk, []),
                assessment_label=str(holds.get(review.assessment_still_holds, ""))
                if review
                else "",
                assessment_note=review.assessment_note
                if review and not (for_parents and cycle.assessment_staff_only)
                else "",
            )
        )
    return earlier


def _cycles_with_review(pupil: Pupil, *, include_drafts: bool) -> list[Cycle]:
    cycles = Cycle.objects.filter(pupil=pupil).select_related("review")
    if not include_drafts:
        cycles = cycles.exclude(status=CycleStatus.DRAFT)
    return list(cycles.order_by("-number"))


def parent_plan_audited(*, actor: Actor, context: AuditContext, pupil: Pupil) -> ParentPlan:
    """The plan page as a parent sees it: only shared copies, never a draft cycle or a
    staff-only section. Audited (SUPPORT_VIEWED, "plan"). Queries: cycles, versions, progress
    and the audit row, however many cycles there are."""
    cycles = _cycles_with_review(pupil, include_drafts=False)
    versions = _latest_versions(pupil)
    rows = _progress_rows(pupil, for_parents=True, versions=versions)
    _audit(actor, context, pupil, "plan")
    current = cycles[0] if cycles else None
    version = versions.get(current.pk) if current else None
    plan = readable(version.content) if version else None
    previous = cycles[1] if len(cycles) > 1 else None
    before = versions.get(previous.pk) if previous else None
    changes = plan_changes(readable(before.content) if before else None, plan)
    return ParentPlan(
        cycle=current,
        version=version,
        plan=plan,
        changes=changes,
        histories=_histories(rows),
        earlier=_earlier(cycles[1:], versions, rows, for_parents=True),
        review=_earlier([current], versions, rows, for_parents=True)[0]
        if current is not None and current.status == CycleStatus.REVIEWED
        else None,
    )


@dataclass
class StaffPlan:
    """What staff see: every cycle, the current one in full (staff-only sections and notes
    included), its sharing state, and whether it changed since it was last shared."""

    cycle: Cycle | None
    outcomes: list
    support: list
    version: PlanVersion | None
    changed_since_shared: bool
    histories: list[OutcomeHistory]
    earlier: list[EarlierCycle]
    can_start: bool

    @property
    def is_open(self) -> bool:
        """The current cycle may still be edited (a draft, or under way)."""
        return self.cycle is not None and self.cycle.status != CycleStatus.REVIEWED

    @property
    def under_way(self) -> bool:
        """The current cycle has been shared and awaits its review."""
        return self.cycle is not None and self.cycle.status == CycleStatus.ACTIVE


def staff_plan_audited(*, actor: Actor, context: AuditContext, pupil: Pupil) -> StaffPlan:
    """The plan page as staff see it. Audited (SUPPORT_VIEWED, "plan"). Queries do not grow
    with the cycles: cycles, versions, the current cycle's outcomes and support, progress and
    the audit row."""
    cycles = _cycles_with_review(pupil, include_drafts=True)
    versions = _latest_versions(pupil)
    rows = _progress_rows(pupil, for_parents=False)
    _audit(actor, context, pupil, "plan")
    current = cycles[0] if cycles else None
    outcomes: list = []
    support: list = []
    version = None
    changed = False
    if current is not None and current.status != CycleStatus.REVIEWED:
        outcomes = list(current.outcomes.order_by("order", "id"))
        support = list(current.support_items.select_related("intervention").order_by("order", "id"))
        version = versions.get(current.pk)
        if version is not None:
            changed = plan_snapshot(current, outcomes, support) != version.content
        provision = dict(ProvisionType.choices)
        for item in support:
            item.provision_label = str(provision.get(item.provision_type, ""))
            item.is_additional = item.provision_type == ProvisionType.ADDITIONAL.value
    is_open = current is not None and current.status != CycleStatus.REVIEWED
    earlier_cycles = cycles[1:] if is_open else cycles
    return StaffPlan(
        cycle=current,
        outcomes=outcomes,
        support=support,
        version=version,
        changed_since_shared=changed,
        histories=_histories(rows),
        earlier=_earlier(earlier_cycles, versions, rows, for_parents=False),
        can_start=current is None or current.status == CycleStatus.REVIEWED,
    )


@dataclass
class PlanPanel:
    cycle: Cycle | None
    version: PlanVersion | None
    plan: dict | None
    histories: list[OutcomeHistory]


def plan_panel_audited(
    *, actor: Actor, context: AuditContext, pupil: Pupil, for_parents: bool
) -> PlanPanel:
    """The plan on the child's page: for parents the latest shared copy of the current cycle
    and the progress chart; for staff the current cycle's state. Audited (SUPPORT_VIEWED,
    "plan panel"). At most four queries and the audit row."""
    cycles = Cycle.objects.filter(pupil=pupil)
    if for_parents:
        cycles = cycles.exclude(status=CycleStatus.DRAFT)
    cycle = cycles.order_by("-number").first()
    version = latest_shared_version(cycle) if cycle is not None else None
    histories = outcome_progress_history(pupil, for_parents=for_parents) if for_parents else []
    _audit(actor, context, pupil, "plan panel")
    return PlanPanel(
        cycle=cycle,
        version=version,
        plan=readable(version.content) if version else None,
        histories=histories,
    )


def intervention_choices(*, school_id: int) -> list[Intervention]:
    """The school's provision map entries a support item may use: not archived."""
    return list(Intervention.objects.filter(school_id=school_id, archived_at__isnull=True))


def outcomes_unshared(cycle: Cycle, outcomes: list) -> bool:
    """Whether the outcomes differ from the parents' last shared copy, so the review must wait
    for the plan to be shared (the review page sends the SENCO to share it). One query."""
    return _services.outcomes_unshared(cycle, outcomes)


def cycle_for_review(cycle: Cycle) -> list:
    """The outcomes a review scores, in order. One query."""
    return list(cycle.outcomes.order_by("order", "id"))


def current_snapshot(cycle: Cycle) -> dict:
    """The parents' copy the cycle would make if shared now (for the share page's preview)."""
    return readable(cycle_snapshot(cycle))
