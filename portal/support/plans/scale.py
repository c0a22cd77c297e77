"""Support plans in the scale data for the benchmark: for every new school, a small provision
map, and for each pupil on SEN Support or with an EHC plan one to four cycles (the earlier ones
reviewed with progress on each outcome, carried from cycle to cycle; the latest under way, or
now and then a draft), each with outcomes, core and additional support and the version the
parents were shown. The manifest parent's child always has a plan, so the parent's plan page
has something to show. Called by `seed_scale` for each school it makes; rows are made in bulk,
a fixed number of statements a school."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from portal.management.commands.seed_scale import FIRST_URN
from portal.people.models import GuardianLink
from portal.pupils.models import SenStatus
from portal.schools.models import School

from .models import (
    AssessmentStillHolds,
    Cycle,
    CycleStatus,
    Intervention,
    Outcome,
    OutcomeProgress,
    PlanVersion,
    ProvisionType,
    Review,
    SupportItem,
)
from .services import plan_snapshot

INTERVENTIONS = [
    ("Daily reading catch-up", 1, 50),
    ("Talk Boost", 4, 90),
    ("Lego therapy", 3, 60),
    ("Zones of Regulation", 6, 45),
]
CYCLE_COUNTS = [1, 1, 2, 2, 3, 4]
CYCLE_DAYS = 70
OUTCOMES = [
    ("Reads a book at their level for ten minutes.", "I can read for ten minutes."),
    ("Asks an adult for help in a full sentence.", "I can ask for help."),
    ("Stays calm when plans change, using a break card.", "I can use my card."),
    ("Writes three sentences on their own.", "I can write three sentences."),
]
SUPPORT = [
    ("Small-group intervention", ProvisionType.ADDITIONAL),
    ("Visual timetable and word mat", ProvisionType.CORE),
]


def _manifest_pupil_id(school: School) -> int | None:
    link = (
        GuardianLink.objects.filter(pupil__school=school, revoked_at__isnull=True)
        .order_by("parent__email")
        .values_list("pupil_id", flat=True)
        .first()
    )
    return link


def seed_school(made) -> None:
    """`made` is the core's ScaleSchool: the school, its staff, pupils and parents' links."""
    # A random source of its own, seeded by the school: drawing from the shared one would change
    # what every journey seeded after this one makes.
    rng = random.Random(f"support plans {made.school.urn}")  # noqa: S311 - demo data
    now = made.now
    today = timezone.localdate(now)
    catalogue = Intervention.objects.bulk_create(
        [
            Intervention(
                school=made.school, name=name, group_size=size, staff_minutes_per_week=minutes
            )
            for name, size, minutes in INTERVENTIONS
        ]
    )
    planned = [
        pupil
        for pupil in made.pupils
        if pupil.sen_status in (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN)
    ]
    if made.school.urn == str(FIRST_URN):
        wanted = _manifest_pupil_id(made.school)
        planned += [p for p in made.pupils if p.pk == wanted and p not in planned]
    if not planned:
        return
    counts = {pupil.pk: rng.choice(CYCLE_COUNTS) for pupil in planned}
    previous: dict[int, tuple[Cycle, list[Outcome]]] = {}
    for number in range(1, max(counts.values()) + 1):
        pupils = [pupil for pupil in planned if counts[pupil.pk] >= number]
        _round(made, pupils, number, counts, previous, catalogue, rng, today, now)


def _round(made, pupils, number, counts, previous, catalogue, rng, today, now) -> None:
    """Every pupil's cycle `number`, in one bulk insert per table."""
    cycles = []
    for pupil in pupils:
        last = counts[pupil.pk] == number
        days_ago = (counts[pupil.pk] - number) * CYCLE_DAYS + rng.randint(5, 30)
        status = CycleStatus.REVIEWED
        if last:
            status = CycleStatus.DRAFT if rng.random() < 0.1 else CycleStatus.ACTIVE
        cycles.append(
            Cycle(
                school=made.school,
                pupil=pupil,
                number=number,
                previous=previous[pupil.pk][0] if number > 1 else None,
                status=status,
                needs="Finds reading and writing hard; tires quickly.",
                strengths="Kind, chatty, good at maths.",
                evidence="Class teacher's observations; parents' and pupil's views.",
                expected_impact="Reads and writes with more confidence in class.",
                review_date=today + datetime.timedelta(days=rng.randint(10, 60))
                if last
                else today - datetime.timedelta(days=days_ago - CYCLE_DAYS),
                started_on=None
                if status == CycleStatus.DRAFT
                else today - datetime.timedelta(days=days_ago),
                created_by=made.senco,
            )
        )
    cycles = Cycle.objects.bulk_create(cycles)
    outcomes = []
    for cycle in cycles:
        before = previous.get(cycle.pupil_id, (None, []))[1] if number > 1 else []
        for order, (parent, child) in enumerate(rng.sample(OUTCOMES, 2), start=1):
            carried = before[order - 1] if len(before) >= order else None
            outcomes.append(
                Outcome(
                    cycle=cycle,
                    order=order,
                    parent_wording=carried.parent_wording if carried else parent,
                    child_wording=carried.child_wording if carried else child,
                    carried_from=carried,
                )
            )
    outcomes = Outcome.objects.bulk_create(outcomes)
    by_cycle: dict[int, list[Outcome]] = {}
    for outcome in outcomes:
        by_cycle.setdefault(outcome.cycle_id, []).append(outcome)
    items = []
    for cycle in cycles:
        for order, (description, kind) in enumerate(SUPPORT, start=1):
            intervention = rng.choice(catalogue) if kind == ProvisionType.ADDITIONAL else None
            items.append(
                SupportItem(
                    cycle=cycle,
                    order=order,
                    description=intervention.name if intervention else description,
                    provision_type=kind,
                    intervention=intervention,
                    sessions_per_week=rng.randint(1, 5),
                    minutes_per_session=rng.choice([15, 20, 30]),
                    delivered_by="Teaching assistant",
                    starts_on=cycle.started_on,
                )
            )
    items = SupportItem.objects.bulk_create(items)
    items_by_cycle: dict[int, list[SupportItem]] = {}
    for item in items:
        items_by_cycle.setdefault(item.cycle_id, []).append(item)
    shared = [cycle for cycle in cycles if cycle.status != CycleStatus.DRAFT]
    PlanVersion.objects.bulk_create(
        [
            PlanVersion(
                cycle=cycle,
                number=1,
                content=plan_snapshot(
                    cycle, by_cycle.get(cycle.pk, []), items_by_cycle.get(cycle.pk, [])
                ),
                shared_by=made.senco,
                shared_at=now - datetime.timedelta(days=(today - cycle.started_on).days),
            )
            for cycle in shared
        ]
    )
    reviewed = [cycle for cycle in cycles if cycle.status == CycleStatus.REVIEWED]
    reviews = Review.objects.bulk_create(
        [
            Review(
                cycle=cycle,
                held_on=cycle.review_date,
                assessment_still_holds=rng.choice(list(AssessmentStillHolds)),
                assessment_note="Needs reviewed with the parents.",
                summary="Progress discussed with the parents and the pupil.",
                reviewed_by=made.senco,
            )
            for cycle in reviewed
        ]
    )
    OutcomeProgress.objects.bulk_create(
        [
            OutcomeProgress(
                review=review,
                outcome=outcome,
                score=rng.randint(1, 4),
                comment="Steady progress." if rng.random() < 0.5 else "",
            )
            for review in reviews
            for outcome in by_cycle.get(review.cycle_id, [])
        ]
    )
    for cycle in cycles:
        previous[cycle.pupil_id] = (cycle, by_cycle.get(cycle.pk, []))


def manifest() -> dict:
    """The pages the benchmark loads: the parent's plan page for their child and the SENCO's
    plan page for the same pupil, at the first school."""
    targets = []
    first = School.objects.filter(urn=str(FIRST_URN)).first()
    pupil_id = _manifest_pupil_id(first) if first is not None else None
    if pupil_id is not None and Cycle.objects.filter(pupil_id=pupil_id).exists():
        targets += [
            {
                "name": "support_plan_parent",
                "label": "support plan (parent)",
                "path": f"/portal/pupils/{pupil_id}/plan/",
                "account": "parent",
            },
            {
                "name": "support_plan_senco",
                "label": "support plan (SENCO)",
                "path": f"/portal/pupils/{pupil_id}/plan/",
                "account": "senco",
            },
        ]
    return {"targets": targets}
