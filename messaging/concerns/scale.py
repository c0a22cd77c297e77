"""Concerns in the scale data for the benchmark: for every new school, about one concern for
every ten linked parents, raised over the school year so far, in every status, with timelines
of one to five entries, some past their dates and a few assigned to teachers; the manifest's
parent always has one. Called by `seed_scale` for each school it makes; rows are made in bulk.
No deadline checks are queued: the benchmark's worker has nothing of these to do."""

from __future__ import annotations

import datetime

from django.utils import timezone

from portal.lib.school_days import school_year_bounds, school_year_of
from portal.management.commands.seed_scale import FIRST_URN
from portal.people.models import GuardianLink
from portal.schools.models import School, Trust

from .models import (
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernEventKind,
    ConcernStatus,
)
from .services import concern_dates, concern_policy_for, local_today

PARENTS_PER_CONCERN = 10
# Roughly how concerns stand across a school year: most answered or closed, some still open.
STATUSES = (
    [ConcernStatus.RECEIVED] * 3
    + [ConcernStatus.ACKNOWLEDGED] * 3
    + [ConcernStatus.IN_PROGRESS] * 4
    + [ConcernStatus.ANSWERED] * 4
    + [ConcernStatus.CLOSED] * 5
    + [ConcernStatus.ESCALATED]
)
CATEGORIES = list(ConcernCategory)
WHAT_HAPPENED = [
    "The support in the plan has not happened for two weeks and nobody told us why.",
    "My child comes home upset most days and says lunchtimes are too noisy.",
    "The reading book has not changed for a month and I am not sure it is the right level.",
    "We were not told about the change of teacher, and my child finds changes hard.",
    "The homework is too hard to do without help and my child is getting anxious about it.",
]
WOULD_LIKE = [
    "Please tell me when the support will start again.",
    "Could we meet to talk about what would help?",
    "I would like to know what level my child is working at.",
    "Please let parents know before changes like this.",
]
ANSWER = "Thank you for raising this. We have looked into it and this is what we will do."


def _manifest_parent_link(school: School) -> GuardianLink | None:
    """The parent seed_scale names in its manifest: the first linked parent of the first school
    by email (the same query as the manifest's)."""
    return (
        GuardianLink.objects.filter(pupil__school=school, revoked_at__isnull=True)
        .select_related("parent", "pupil")
        .order_by("parent__email")
        .first()
    )


def _steps(status, received, rng, now, teacher) -> tuple[dict, list[tuple]]:
    """The concern's step times and its timeline after "raised": (kind, when, extra fields)."""
    at = received
    fields: dict = {}
    events: list[tuple] = []

    def later(low_days: float, high_days: float) -> datetime.datetime:
        nonlocal at
        at = min(now, at + datetime.timedelta(days=rng.uniform(low_days, high_days)))
        return at

    if status == ConcernStatus.RECEIVED:
        return fields, events
    fields["acknowledged_at"] = later(0.1, 4)
    events.append((ConcernEventKind.ACKNOWLEDGED, at, {}))
    if teacher is not None and rng.random() < 0.3:
        fields["assigned_to_id"] = teacher
        events.append((ConcernEventKind.ASSIGNED, later(0, 1), {"assignee_id": teacher}))
    if status == ConcernStatus.ACKNOWLEDGED:
        return fields, events
    # At most four entries after "raised": a concern that was assigned skips "in progress".
    if status == ConcernStatus.IN_PROGRESS or (
        "assigned_to_id" not in fields and rng.random() < 0.5
    ):
        fields["in_progress_at"] = later(0.5, 3)
        events.append((ConcernEventKind.IN_PROGRESS, at, {}))
    if status == ConcernStatus.IN_PROGRESS:
        return fields, events
    fields["answered_at"] = later(1, 14)
    events.append((ConcernEventKind.ANSWERED, at, {"body": ANSWER}))
    if status == ConcernStatus.CLOSED:
        fields["closed_at"] = later(1, 5)
        events.append((ConcernEventKind.CLOSED, at, {}))
    elif status == ConcernStatus.ESCALATED:
        fields["escalated_at"] = later(1, 5)
        events.append((ConcernEventKind.ESCALATED, at, {"body": "This did not resolve it."}))
    return fields, events


def seed_school(made) -> None:
    """`made` is the core's ScaleSchool: the school, its staff, pupils and parents' links."""
    if not made.links:
        return
    rng = made.rng
    now = made.now
    today = local_today(now)
    year_start, _ = school_year_bounds(school_year_of(today))
    span = max(30, (today - year_start).days)
    policy = concern_policy_for(school=made.school)
    chosen = rng.sample(made.links, max(1, len(made.links) // PARENTS_PER_CONCERN))
    if made.school.urn == str(FIRST_URN):
        first = _manifest_parent_link(made.school)
        if first is not None and all(link.parent_id != first.parent_id for link in chosen):
            chosen.append(first)
    teachers = [teacher.pk for teacher in made.teachers]
    concerns, timelines = [], []
    for index, link in enumerate(chosen):
        received = now - datetime.timedelta(days=rng.uniform(0, span), hours=rng.uniform(0, 8))
        status = rng.choice(STATUSES)
        dates = concern_dates(school=made.school, received_at=received, policy=policy)
        fields, events = _steps(
            status, received, rng, now, rng.choice(teachers) if teachers else None
        )
        if status == ConcernStatus.RECEIVED and dates.acknowledge_by < today:
            # Past its date: the parent was told, as the worker would have done.
            fields["acknowledge_overdue_for"] = dates.acknowledge_by
            events.append(
                (
                    ConcernEventKind.ACKNOWLEDGE_OVERDUE,
                    timezone.make_aware(
                        datetime.datetime.combine(
                            dates.acknowledge_by + datetime.timedelta(days=1), datetime.time(0, 5)
                        )
                    ),
                    {"new_date": dates.acknowledge_by},
                )
            )
        concerns.append(
            Concern(
                school=made.school,
                pupil_id=link.pupil_id,
                raised_by_id=link.parent_id,
                category=rng.choice(CATEGORIES),
                what_happened=rng.choice(WHAT_HAPPENED),
                would_like=rng.choice(WOULD_LIKE),
                reference=f"C-{made.school.urn[-6:]}{index:04d}",
                status=status,
                received_at=received,
                counts_from=dates.counts_from,
                acknowledge_by=dates.acknowledge_by,
                answer_by=dates.answer_by,
                **fields,
            )
        )
        timelines.append([(ConcernEventKind.RAISED, received, {}), *events])
    concerns = Concern.objects.bulk_create(concerns)
    ConcernEvent.objects.bulk_create(
        [
            ConcernEvent(
                concern=concern,
                kind=kind,
                created_at=when,
                author_id=(
                    concern.raised_by_id
                    if kind in (ConcernEventKind.RAISED, ConcernEventKind.ESCALATED)
                    else None
                    if kind == ConcernEventKind.ACKNOWLEDGE_OVERDUE
                    else made.senco.pk
                ),
                **extra,
            )
            for concern, timeline in zip(concerns, timelines, strict=True)
            for kind, when, extra in timeline
        ]
    )


def manifest() -> dict:
    """The pages the benchmark loads: the SENCO's concern list and governors' report (ordinary
    and large school), the trust's counts and the parent's view of one of their concerns."""
    from portal.management.commands.seed_scale import BIG_URN, TRUST_NAME

    targets = []
    first = School.objects.filter(urn=str(FIRST_URN)).first()
    if first is not None:
        targets += [
            {
                "name": "concern_list_senco",
                "label": "concerns list (SENCO)",
                "path": f"/portal/schools/{first.pk}/concerns/",
                "account": "senco",
            },
            {
                "name": "concern_report_senco",
                "label": "concerns governors' report (SENCO)",
                "path": f"/portal/schools/{first.pk}/concerns/report/",
                "account": "senco",
            },
        ]
        link = _manifest_parent_link(first)
        concern = (
            Concern.objects.filter(raised_by_id=link.parent_id).order_by("id").first()
            if link is not None
            else None
        )
        if concern is not None:
            targets.append(
                {
                    "name": "concern_parent",
                    "label": "a concern (parent)",
                    "path": f"/portal/concerns/{concern.pk}/",
                    "account": "parent",
                }
            )
    big = School.objects.filter(urn=BIG_URN).first()
    if big is not None:
        targets.append(
            {
                "name": "concern_list_big",
                "label": "concerns list (large school)",
                "path": f"/portal/schools/{big.pk}/concerns/",
                "account": "senco_big",
                "growth": False,
            }
        )
    trust = Trust.objects.filter(name=TRUST_NAME).first()
    if trust is not None:
        targets.append(
            {
                "name": "trust_concern_counts",
                "label": "concern counts (trust)",
                "path": f"/portal/trusts/{trust.pk}/concerns/",
                "account": "trust_lead",
                # One row of figures per school of the trust: its queries grow with the schools.
                "growth": False,
            }
        )
    return {"targets": targets}
