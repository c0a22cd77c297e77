"""Writes to a pupil's support plan: starting a cycle, editing its sections, sharing it with the
parents, and recording its review (COP-6.44, 6.40, 6.43, 6.46, 6.48).

Only the school's SENCO writes. Every service takes the actor and an audit context, works inside
one transaction (the cycle row locked, so two tabs never interleave), writes the audit trail and
tells the parents only after commit. Editing a cycle never changes what the parents were shown:
they see `PlanVersion` copies, made by `plan_share`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.notifications.models import NotificationKind
from portal.notifications.services import live_update, notify
from portal.people.models import GuardianLink, User
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.pupils.models import Pupil, SenStatus

from .models import (
    AssessmentStillHolds,
    Cycle,
    CycleStatus,
    Intervention,
    Outcome,
    OutcomeProgress,
    PlanVersion,
    ProgressScore,
    ProvisionType,
    Review,
    SupportItem,
)

MAX_TEXT = 5000
MAX_SESSIONS_PER_WEEK = 35
MAX_MINUTES_PER_SESSION = 480
# Plans look ahead a school year at most; a review further off is a typing slip.
MAX_REVIEW_AHEAD = datetime.timedelta(days=400)
EDITABLE = (CycleStatus.DRAFT, CycleStatus.ACTIVE)


def _require_senco(actor: Actor, school_id: int) -> None:
    """Services check the relationship; the second factor is the view's concern."""
    if not (
        isinstance(actor, User)
        and actor.is_authenticated
        and roles_for(actor).has_role(school_id, MANAGE_ROLES)
    ):
        raise PermissionError("Only the school's SENCO changes a support plan.")


def _clean(value: str | None, field: str, *, required_message: str = "") -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: _("Remove the hidden characters from the text")})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("Enter no more than 5,000 characters")})
    if required_message and not text:
        raise ValidationError({field: required_message})
    return text


def _locked_editable(cycle: Cycle) -> Cycle:
    """The cycle, locked for this transaction, while it may still be edited."""
    fresh = Cycle.objects.select_for_update().select_related("pupil").get(pk=cycle.pk)
    if fresh.status not in EDITABLE:
        raise ValidationError(_("This cycle has been reviewed. Start the next cycle to change it."))
    return fresh


def _changed(actor: Actor, context: AuditContext, cycle: Cycle, detail: str) -> None:
    audit_record(
        action=AuditAction.PLAN_CHANGED, actor=actor, context=context, obj=cycle, detail=detail
    )


def parents_of(pupil: Pupil) -> list[User]:
    """The parents and carers linked to the pupil now (a revoked link sees nothing). One query."""
    return list(
        User.objects.filter(
            pk__in=GuardianLink.objects.filter(pupil=pupil, revoked_at__isnull=True).values(
                "parent_id"
            ),
            is_active=True,
        )
    )


# Starting a cycle -----------------------------------------------------------------------------


def cycle_start(*, actor: Actor, context: AuditContext, pupil: Pupil) -> Cycle:
    """Start the pupil's first cycle, or the next one from the last reviewed cycle (COP-6.44).

    Who: the school's SENCO. Preconditions: the pupil is on SEN Support or has an EHC plan, and
    has no cycle under way. The next cycle carries the assessment (needs, strengths, evidence,
    outside advice and whether it is staff-only) and each outcome not achieved at the review,
    linked to it by `carried_from` so progress can be followed across reviews. The new cycle is
    a draft: the parents see nothing of it until it is shared.
    """
    _require_senco(actor, pupil.school_id)
    if pupil.sen_status not in (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN):
        raise ValidationError(
            _("Only a pupil on SEN Support or with an EHC plan has a support plan.")
        )
    try:
        with transaction.atomic():
            Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
            cycles = list(Cycle.objects.filter(pupil=pupil).order_by("-number"))
            if any(cycle.status != CycleStatus.REVIEWED for cycle in cycles):
                raise ValidationError(_("This pupil already has a cycle under way."))
            previous = cycles[0] if cycles else None
            cycle = Cycle(
                school_id=pupil.school_id,
                pupil=pupil,
                number=(previous.number + 1) if previous else 1,
                previous=previous,
                status=CycleStatus.DRAFT,
                created_by=actor,
            )
            if previous is not None:
                for name in (
                    "needs",
                    "strengths",
                    "evidence",
                    "outside_advice",
                    "assessment_staff_only",
                    "outcomes_staff_only",
                    "support_staff_only",
                    "expected_impact_staff_only",
                ):
                    setattr(cycle, name, getattr(previous, name))
            cycle.save()
            if previous is not None:
                _carry_outcomes(previous, cycle)
            audit_record(
                action=AuditAction.PLAN_CHANGED,
                actor=actor,
                context=context,
                obj=cycle,
                detail=f"cycle {cycle.number} started",
            )
    except IntegrityError as error:
        # Two starts at the same moment: the one-open-cycle constraint keeps one.
        raise ValidationError(_("This pupil already has a cycle under way.")) from error
    return cycle


def _carry_outcomes(previous: Cycle, cycle: Cycle) -> list[Outcome]:
    achieved = set(
        OutcomeProgress.objects.filter(
            review__cycle=previous, score=ProgressScore.ACHIEVED
        ).values_list("outcome_id", flat=True)
    )
    carried = [
        Outcome(
            cycle=cycle,
            order=outcome.order,
            parent_wording=outcome.parent_wording,
            child_wording=outcome.child_wording,
            success_looks_like=outcome.success_looks_like,
            carried_from=outcome,
        )
        for outcome in Outcome.objects.filter(cycle=previous)
        if outcome.pk not in achieved
    ]
    return Outcome.objects.bulk_create(carried)


# Sections ---------------------------------------------------------------------------------------


def cycle_assessment_update(
    *,
    actor: Actor,
    context: AuditContext,
    cycle: Cycle,
    needs: str,
    strengths: str,
    evidence: str,
    outside_advice: str,
    staff_only: bool,
) -> Cycle:
    """Assess: the pupil's needs, strengths, the evidence and who gave it, outside advice, and
    whether the section is for staff only. Who: the school's SENCO, while the cycle is open."""
    _require_senco(actor, cycle.school_id)
    values = {
        "needs": _clean(needs, "needs", required_message=_("Enter the pupil's needs")),
        "strengths": _clean(strengths, "strengths"),
        "evidence": _clean(evidence, "evidence"),
        "outside_advice": _clean(outside_advice, "outside_advice"),
    }
    with transaction.atomic():
        fresh = _locked_editable(cycle)
        for name, value in values.items():
            setattr(fresh, name, value)
        fresh.assessment_staff_only = bool(staff_only)
        fresh.save()
        _changed(actor, context, fresh, "assessment")
    return fresh


def cycle_plan_update(
    *,
    actor: Actor,
    context: AuditContext,
    cycle: Cycle,
    expected_impact: str,
    expected_impact_staff_only: bool,
    review_date: datetime.date | None,
    staff_notes: str,
) -> Cycle:
    """Plan: the expected impact, the review date (COP-6.43, 6.48) and notes for staff. Who: the
    school's SENCO, while the cycle is open. The review date is today or later, within a year."""
    _require_senco(actor, cycle.school_id)
    impact = _clean(
        expected_impact,
        "expected_impact",
        required_message=_("Enter the difference the support is expected to make"),
    )
    notes = _clean(staff_notes, "staff_notes")
    today = timezone.localdate()
    if review_date is None:
        raise ValidationError({"review_date": _("Enter the date of the review")})
    if review_date < today:
        raise ValidationError({"review_date": _("The review date must be today or in the future")})
    if review_date > today + MAX_REVIEW_AHEAD:
        raise ValidationError(
            {"review_date": _("The review date must be within a year from today")}
        )
    with transaction.atomic():
        fresh = _locked_editable(cycle)
        fresh.expected_impact = impact
        fresh.expected_impact_staff_only = bool(expected_impact_staff_only)
        fresh.review_date = review_date
        fresh.staff_notes = notes
        fresh.save()
        _changed(actor, context, fresh, "impact and review date")
    return fresh


def cycle_visibility_update(
    *,
    actor: Actor,
    context: AuditContext,
    cycle: Cycle,
    assessment_staff_only: bool,
    outcomes_staff_only: bool,
    support_staff_only: bool,
    expected_impact_staff_only: bool,
) -> Cycle:
    """Which sections are for staff only. A staff-only section never reaches the parents'
    copy when the plan is next shared. Who: the school's SENCO, while the cycle is open."""
    _require_senco(actor, cycle.school_id)
    with transaction.atomic():
        fresh = _locked_editable(cycle)
        fresh.assessment_staff_only = bool(assessment_staff_only)
        fresh.outcomes_staff_only = bool(outcomes_staff_only)
        fresh.support_staff_only = bool(support_staff_only)
        fresh.expected_impact_staff_only = bool(expected_impact_staff_only)
        fresh.save()
        _changed(actor, context, fresh, "staff-only sections")
    return fresh


# Outcomes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeDetails:
    parent_wording: str
    child_wording: str = ""
    success_looks_like: str = ""


def _outcome_values(details: OutcomeDetails) -> dict:
    return {
        "parent_wording": _clean(
            details.parent_wording,
            "parent_wording",
            required_message=_("Enter the outcome in words the parents will understand"),
        ),
        "child_wording": _clean(details.child_wording, "child_wording"),
        "success_looks_like": _clean(details.success_looks_like, "success_looks_like"),
    }


def outcome_add(
    *, actor: Actor, context: AuditContext, cycle: Cycle, details: OutcomeDetails
) -> Outcome:
    """Add an outcome, in the parents' words and the child's ("my target"), with how success
    will be seen. Who: the school's SENCO, while the cycle is open."""
    _require_senco(actor, cycle.school_id)
    values = _outcome_values(details)
    with transaction.atomic():
        fresh = _locked_editable(cycle)
        last = fresh.outcomes.order_by("-order").values_list("order", flat=True).first()
        outcome = Outcome.objects.create(cycle=fresh, order=(last or 0) + 1, **values)
        _changed(actor, context, fresh, f"outcome {outcome.pk} added")
    return outcome


def outcome_update(
    *, actor: Actor, context: AuditContext, outcome: Outcome, details: OutcomeDetails
) -> Outcome:
    """Change an outcome's wording. Who: the school's SENCO, while the cycle is open."""
    _require_senco(actor, outcome.cycle.school_id)
    values = _outcome_values(details)
    with transaction.atomic():
        fresh = _locked_editable(outcome.cycle)
        Outcome.objects.filter(pk=outcome.pk, cycle=fresh).update(**values)
        _changed(actor, context, fresh, f"outcome {outcome.pk} changed")
    outcome.refresh_from_db()
    return outcome


def outcome_remove(*, actor: Actor, context: AuditContext, outcome: Outcome) -> None:
    """Remove an outcome from an open cycle. What the parents were shown keeps it (the shared
    copy) until the plan is shared again. Who: the school's SENCO."""
    _require_senco(actor, outcome.cycle.school_id)
    with transaction.atomic():
        fresh = _locked_editable(outcome.cycle)
        Outcome.objects.filter(pk=outcome.pk, cycle=fresh).delete()
        _changed(actor, context, fresh, f"outcome {outcome.pk} removed")


# Support -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupportDetails:
    description: str
    provision_type: str
    intervention_id: int | None = None
    sessions_per_week: int | None = None
    minutes_per_session: int | None = None
    frequency_note: str = ""
    delivered_by: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


def _support_values(cycle: Cycle, details: SupportDetails) -> dict:
    values = {
        "description": _clean(
            details.description,
            "description",
            required_message=_("Enter what the support is"),
        ),
        "frequency_note": _clean(details.frequency_note, "frequency_note")[:200],
        "delivered_by": _clean(details.delivered_by, "delivered_by")[:200],
    }
    if details.provision_type not in ProvisionType.values:
        raise ValidationError(
            {
                "provision_type": _(
                    "Select whether the support is the core offer or additional to it"
                )
            }
        )
    values["provision_type"] = ProvisionType(details.provision_type)
    intervention = None
    if details.intervention_id is not None:
        intervention = Intervention.objects.filter(
            pk=details.intervention_id, school_id=cycle.school_id, archived_at__isnull=True
        ).first()
        if intervention is None:
            raise ValidationError(
                {"intervention": _("Select an intervention from the school's provision map")}
            )
    values["intervention"] = intervention
    sessions, minutes = details.sessions_per_week, details.minutes_per_session
    if sessions is not None and not 1 <= sessions <= MAX_SESSIONS_PER_WEEK:
        raise ValidationError(
            {"sessions_per_week": _("Enter a number of sessions a week from 1 to 35")}
        )
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES_PER_SESSION:
        raise ValidationError(
            {"minutes_per_session": _("Enter the minutes a session, from 1 to 480")}
        )
    if details.starts_on and details.ends_on and details.ends_on < details.starts_on:
        raise ValidationError({"ends_on": _("The end date must be on or after the start date")})
    values.update(
        sessions_per_week=sessions,
        minutes_per_session=minutes,
        starts_on=details.starts_on,
        ends_on=details.ends_on,
    )
    return values


def support_item_add(
    *, actor: Actor, context: AuditContext, cycle: Cycle, details: SupportDetails
) -> SupportItem:
    """Add a piece of support: what, core offer or additional (COP-6.40), optionally an
    intervention from the school's provision map, how often, who gives it, from when to when.
    Who: the school's SENCO, while the cycle is open."""
    _require_senco(actor, cycle.school_id)
    values = _support_values(cycle, details)
    with transaction.atomic():
        fresh = _locked_editable(cycle)
        last = fresh.support_items.order_by("-order").values_list("order", flat=True).first()
        item = SupportItem.objects.create(cycle=fresh, order=(last or 0) + 1, **values)
        _changed(actor, context, fresh, f"support {item.pk} added")
    return item


def support_item_update(
    *, actor: Actor, context: AuditContext, item: SupportItem, details: SupportDetails
) -> SupportItem:
    """Change a piece of support. Who: the school's SENCO, while the cycle is open."""
    _require_senco(actor, item.cycle.school_id)
    values = _support_values(item.cycle, details)
    with transaction.atomic():
        fresh = _locked_editable(item.cycle)
        SupportItem.objects.filter(pk=item.pk, cycle=fresh).update(**values)
        _changed(actor, context, fresh, f"support {item.pk} changed")
    item.refresh_from_db()
    return item


def support_item_remove(*, actor: Actor, context: AuditContext, item: SupportItem) -> None:
    """Remove a piece of support from an open cycle. Who: the school's SENCO."""
    _require_senco(actor, item.cycle.school_id)
    with transaction.atomic():
        fresh = _locked_editable(item.cycle)
        SupportItem.objects.filter(pk=item.pk, cycle=fresh).delete()
        _changed(actor, context, fresh, f"support {item.pk} removed")


# Sharing -----------------------------------------------------------------------------------------


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def plan_snapshot(
    cycle: Cycle, outcomes: list[Outcome], items: list[SupportItem]
) -> dict[str, object]:
    """What the parents may see of a cycle, as plain data: staff-only sections and the staff's
    notes are left out entirely, so no page or export can show them to a parent by mistake.
    `items` need their `intervention` loaded."""
    content: dict[str, object] = {
        "cycle": cycle.number,
        "review_date": _day(cycle.review_date),
    }
    if not cycle.assessment_staff_only:
        content["assessment"] = {
            "needs": cycle.needs,
            "strengths": cycle.strengths,
            "evidence": cycle.evidence,
            "outside_advice": cycle.outside_advice,
        }
    if not cycle.outcomes_staff_only:
        content["outcomes"] = [
            {
                "id": outcome.pk,
                "carried_from": outcome.carried_from_id,
                "parent_wording": outcome.parent_wording,
                "child_wording": outcome.child_wording,
                "success_looks_like": outcome.success_looks_like,
            }
            for outcome in outcomes
        ]
    if not cycle.support_staff_only:
        content["support"] = [
            {
                "id": item.pk,
                "description": item.description,
                "provision_type": item.provision_type,
                "intervention_id": item.intervention_id,
                "intervention": item.intervention.name if item.intervention else "",
                "sessions_per_week": item.sessions_per_week,
                "minutes_per_session": item.minutes_per_session,
                "frequency_note": item.frequency_note,
                "delivered_by": item.delivered_by,
                "starts_on": _day(item.starts_on),
                "ends_on": _day(item.ends_on),
            }
            for item in items
        ]
    if not cycle.expected_impact_staff_only:
        content["expected_impact"] = cycle.expected_impact
    return content


def cycle_snapshot(cycle: Cycle) -> dict[str, object]:
    """The parents' copy of the cycle as it stands now (three queries)."""
    outcomes = list(cycle.outcomes.order_by("order", "id"))
    items = list(cycle.support_items.select_related("intervention").order_by("order", "id"))
    return plan_snapshot(cycle, outcomes, items)


def _tell_parents(cycle: Cycle, *, text: str) -> None:
    pupil = cycle.pupil
    parents = parents_of(pupil)
    plan_url = reverse("support:plan", args=[pupil.pk])
    notify(
        recipients=parents,
        kind=NotificationKind.SUPPORT_PLAN,
        text=text,
        params={"name": pupil.display_name},
        url=plan_url,
    )
    ids = [parent.pk for parent in parents]
    live_update(user_ids=ids, url=reverse("portal:pupil_detail", args=[pupil.pk]))
    live_update(user_ids=ids, url=plan_url)


def plan_share(
    *, actor: Actor, context: AuditContext, cycle: Cycle, change_note: str = ""
) -> PlanVersion:
    """Share the cycle with the parents (COP-6.39, 6.48): a new `PlanVersion`, numbered one on
    from the last, holding only what the parents may see, with an optional note of what changed.

    Who: the school's SENCO, while the cycle is open. Preconditions: at least one outcome, one
    piece of support, a review date today or later, and something changed since the last
    share (so a second click shares once). The first share moves the cycle from
    draft to under way and records the day support started. The parents are notified
    (SUPPORT_PLAN) and their open pages refreshed, after commit.
    """
    _require_senco(actor, cycle.school_id)
    note = _clean(change_note, "change_note")
    with transaction.atomic():
        fresh = _locked_editable(cycle)
        outcomes = list(fresh.outcomes.order_by("order", "id"))
        items = list(fresh.support_items.select_related("intervention").order_by("order", "id"))
        problems = []
        if not outcomes:
            problems.append(_("Add at least one outcome before sharing the plan"))
        if not items:
            problems.append(_("Add at least one piece of support before sharing the plan"))
        if fresh.review_date is None:
            problems.append(_("Set a review date before sharing the plan"))
        elif fresh.review_date < timezone.localdate():
            problems.append(_("The review date has passed: set a new one before sharing"))
        if problems:
            raise ValidationError(problems)
        content = plan_snapshot(fresh, outcomes, items)
        last = fresh.versions.order_by("-number").first()
        if last is not None and last.content == content:
            # A second click, or a share with nothing new: the parents already have this.
            raise ValidationError(_("Nothing has changed since the plan was last shared"))
        version = PlanVersion.objects.create(
            cycle=fresh,
            number=(last.number if last else 0) + 1,
            content=content,
            change_note=note,
            shared_by=actor,
            shared_at=timezone.now(),
        )
        first_share = fresh.status == CycleStatus.DRAFT
        if first_share:
            fresh.status = CycleStatus.ACTIVE
            fresh.started_on = timezone.localdate()
            fresh.save(update_fields=["status", "started_on", "updated_at"])
        audit_record(
            action=AuditAction.PLAN_SHARED,
            actor=actor,
            context=context,
            obj=fresh,
            detail=f"version {version.number}",
        )
        _tell_parents(
            fresh,
            text=gettext_noop("The school shared %(name)s's support plan with you.")
            if first_share
            else gettext_noop("The school updated %(name)s's support plan."),
        )
    return version


# Review ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressEntry:
    score: int | None
    comment: str = ""


def outcomes_unshared(cycle: Cycle, outcomes: list[Outcome]) -> bool:
    """Whether the outcomes (their wording, which there are, or whether the parents see them)
    differ from the copy last shared with the parents. One query."""
    last = cycle.versions.order_by("-number").first()
    if last is None:
        return True
    shown = plan_snapshot(cycle, outcomes, []).get("outcomes")
    return shown != last.content.get("outcomes")


UNSHARED_OUTCOMES = gettext_noop(
    "The outcomes have changed since the plan was last shared with the parents. Share the plan "
    "first, so that the parents see the outcomes the review scores."
)


def review_record(
    *,
    actor: Actor,
    context: AuditContext,
    cycle: Cycle,
    held_on: datetime.date | None,
    assessment_still_holds: str,
    assessment_note: str,
    summary: str,
    progress: dict[int, ProgressEntry],
) -> Review:
    """Record the review of a cycle under way: progress on every outcome on the five-point
    scale with a comment, whether the assessment itself still holds (COP-6.46) with a note, and
    a summary. The cycle becomes reviewed; the parents see its progress and are notified after
    commit. The next cycle starts from it (`cycle_start`).

    Who: the school's SENCO. Preconditions: the cycle has been shared (is under way), the
    outcomes are as the parents were last shown them (so the parents never see progress against
    an outcome or a wording they were not given), the date is not in the future, and every
    outcome has a score.
    """
    _require_senco(actor, cycle.school_id)
    today = timezone.localdate()
    if held_on is None:
        raise ValidationError({"held_on": _("Enter the date of the review")})
    if held_on > today:
        raise ValidationError({"held_on": _("The date of the review must be today or earlier")})
    if assessment_still_holds not in AssessmentStillHolds.values:
        raise ValidationError(
            {"assessment_still_holds": _("Select whether the assessment still holds")}
        )
    note = _clean(assessment_note, "assessment_note")
    if assessment_still_holds != AssessmentStillHolds.YES.value and not note:
        raise ValidationError({"assessment_note": _("Enter what has changed in the pupil's needs")})
    summary_text = _clean(summary, "summary")
    with transaction.atomic():
        fresh = Cycle.objects.select_for_update().select_related("pupil").get(pk=cycle.pk)
        if fresh.status != CycleStatus.ACTIVE:
            raise ValidationError(_("Only a plan that has been shared can be reviewed."))
        outcomes = list(fresh.outcomes.order_by("order", "id"))
        if outcomes_unshared(fresh, outcomes):
            raise ValidationError(_(UNSHARED_OUTCOMES))
        rows = []
        for outcome in outcomes:
            entry = progress.get(outcome.pk)
            if entry is None or entry.score not in ProgressScore.values:
                raise ValidationError(
                    {f"score_{outcome.pk}": _("Select the progress made on this outcome")}
                )
            rows.append((outcome, entry.score, _clean(entry.comment, f"comment_{outcome.pk}")))
        review = Review.objects.create(
            cycle=fresh,
            held_on=held_on,
            assessment_still_holds=AssessmentStillHolds(assessment_still_holds),
            assessment_note=note,
            summary=summary_text,
            reviewed_by=actor,
        )
        OutcomeProgress.objects.bulk_create(
            OutcomeProgress(review=review, outcome=outcome, score=score, comment=comment)
            for outcome, score, comment in rows
        )
        fresh.status = CycleStatus.REVIEWED
        fresh.save(update_fields=["status", "updated_at"])
        audit_record(
            action=AuditAction.REVIEW_RECORDED,
            actor=actor,
            context=context,
            obj=fresh,
            detail=f"cycle {fresh.number}",
        )
        _tell_parents(
            fresh, text=gettext_noop("The school recorded the review of %(name)s's support plan.")
        )
    return review
