"""Demo support plans and the demo school's provision map, loaded from fixtures/plans_demo.yaml
by `manage.py seed_demo` after the core's demo people: pupils at every point of the cycle (no
plan, a draft, a cycle under way, reviewed cycles and the next one) and an intervention whose
pupils show no progress. Cycles go through the plan services; dates are set afterwards so the
demo has a history. Idempotent: a pupil who already has a cycle is left alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from portal.audit.actors import SYSTEM_CONTEXT
from portal.people.models import User
from portal.pupils.models import Pupil
from portal.schools.models import School

from . import services
from .models import Cycle, Intervention, PlanVersion, Review

DATA = Path(__file__).parent / "fixtures" / "plans_demo.yaml"


def seed(*, stdout) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    school = School.objects.filter(urn=data["school"]).first()
    senco = User.objects.filter(email=data["senco"]).first()
    if school is None or senco is None:
        return
    catalogue = _interventions(school, data["interventions"])
    made = []
    for entry in data["pupils"]:
        pupil = Pupil.objects.filter(school=school, legal_first_name=entry["first_name"]).first()
        if pupil is None or Cycle.objects.filter(pupil=pupil).exists():
            continue
        with transaction.atomic():
            for cycle_data in entry["cycles"]:
                _cycle(pupil, senco, cycle_data, catalogue)
        made.append(entry["first_name"])
    if made:
        stdout.write(f"Demo support plans: {', '.join(made)}.")


def _interventions(school: School, entries: list[dict]) -> dict[str, Intervention]:
    catalogue = {}
    for entry in entries:
        intervention, _created = Intervention.objects.get_or_create(
            school=school,
            name=entry["name"],
            defaults={
                "description": entry.get("description", ""),
                "evidence_base": entry.get("evidence_base", ""),
                "group_size": entry["group_size"],
                "staff_minutes_per_week": entry["staff_minutes_per_week"],
                "cost_per_term": Decimal(entry["cost_per_term"])
                if entry.get("cost_per_term")
                else None,
            },
        )
        catalogue[intervention.name] = intervention
    return catalogue


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _cycle(pupil: Pupil, senco: User, data: dict, catalogue: dict[str, Intervention]) -> None:
    context = SYSTEM_CONTEXT
    cycle = services.cycle_start(actor=senco, context=context, pupil=pupil)
    assessment = data.get("assessment")
    if assessment:
        services.cycle_assessment_update(
            actor=senco, context=context, cycle=cycle, staff_only=False, **assessment
        )
    for outcome in data.get("outcomes", []):
        services.outcome_add(
            actor=senco,
            context=context,
            cycle=cycle,
            details=services.OutcomeDetails(
                parent_wording=outcome["parent"],
                child_wording=outcome.get("child", ""),
                success_looks_like=outcome.get("success", ""),
            ),
        )
    started = _ago(data.get("started_days_ago", 0))
    for item in data.get("support", []):
        intervention = catalogue.get(item.get("intervention", ""))
        services.support_item_add(
            actor=senco,
            context=context,
            cycle=cycle,
            details=services.SupportDetails(
                description=item["description"],
                provision_type=item["type"],
                intervention_id=intervention.pk if intervention else None,
                sessions_per_week=item.get("sessions"),
                minutes_per_session=item.get("minutes"),
                frequency_note=item.get("frequency", ""),
                delivered_by=item.get("who", ""),
                starts_on=started,
            ),
        )
    review_in = data.get("review_in_days", 60)
    if "expected_impact" in data:
        services.cycle_plan_update(
            actor=senco,
            context=context,
            cycle=cycle,
            expected_impact=data["expected_impact"],
            expected_impact_staff_only=False,
            review_date=timezone.localdate() + datetime.timedelta(days=review_in),
            staff_notes="",
        )
    if data.get("draft"):
        return
    services.plan_share(
        actor=senco, context=context, cycle=cycle, change_note=data.get("change_note", "")
    )
    shared_at = timezone.now() - datetime.timedelta(days=data.get("started_days_ago", 0))
    PlanVersion.objects.filter(cycle=cycle).update(shared_at=shared_at)
    Cycle.objects.filter(pk=cycle.pk).update(started_on=started)
    review = data.get("review")
    if not review:
        return
    held_on = _ago(review["days_ago"])
    scores = review.get("progress", {})
    comments = review.get("comments", {})
    services.review_record(
        actor=senco,
        context=context,
        cycle=cycle,
        held_on=held_on,
        assessment_still_holds=review["holds"],
        assessment_note=review.get("note", ""),
        summary=review.get("summary", ""),
        progress={
            outcome.pk: services.ProgressEntry(
                score=scores.get(outcome.parent_wording, 3),
                comment=comments.get(outcome.parent_wording, ""),
            )
            for outcome in cycle.outcomes.all()
        },
    )
    Cycle.objects.filter(pk=cycle.pk).update(review_date=held_on)
    Review.objects.filter(cycle=cycle).update(held_on=held_on)
