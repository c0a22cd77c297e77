"""Meetings in the scale data for the benchmark: for every pupil of a new school on SEN Support
or with an EHC plan, and every child of a linked parent, an early discussion, a planning and a
review meeting this school year with their records shared and two next steps each (some done,
some overdue), and one meeting still to come. Called by `seed_scale` for each school it makes;
rows are made in bulk, with no notifications or emails (nobody is waiting for them)."""

from __future__ import annotations

import datetime

from portal.management.commands.seed_scale import FIRST_URN
from portal.people.models import GuardianLink
from portal.pupils.models import SenStatus
from portal.schools.models import School

from .models import (
    Attendee,
    AttendeeKind,
    DateStatus,
    Meeting,
    MeetingKind,
    NextStep,
    RecordStatus,
    StepOwner,
)
from .services import local_today

HELD = [(MeetingKind.EARLY_DISCUSSION, 150), (MeetingKind.PLANNING, 120), (MeetingKind.REVIEW, 20)]
OUTCOMES = [
    "Reading sessions three times a week with a teaching assistant; review next term.",
    "A quiet space at lunchtime and a visual timetable; check in with the class teacher weekly.",
    "Speech and language exercises twice a week; the parents practise the same words at home.",
]
ACTIONS = [
    ("Start the reading sessions", StepOwner.SCHOOL),
    ("Practise the words at home three evenings a week", StepOwner.PARENT),
    ("Send the home-school diary every Friday", StepOwner.SCHOOL),
    ("Bring the reading record to school on Mondays", StepOwner.PUPIL),
]


def _manifest_parent_link(school: School) -> GuardianLink | None:
    """The parent seed_scale names in its manifest: the first linked parent of the first school
    by email (the same query as the manifest's)."""
    return (
        GuardianLink.objects.filter(pupil__school=school, revoked_at__isnull=True)
        .select_related("parent", "pupil")
        .order_by("parent__email")
        .first()
    )


def seed_school(made) -> None:
    """`made` is the core's ScaleSchool: the school, its staff, pupils and parents' links."""
    rng, now = made.rng, made.now
    today = local_today(now)
    linked = {link.pupil_id for link in made.links}
    pupils = [
        pupil
        for pupil in made.pupils
        if pupil.pk in linked or pupil.sen_status in (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN)
    ]
    meetings: list[Meeting] = []
    for pupil in pupils:
        for kind, days_ago in HELD:
            held = now - datetime.timedelta(days=days_ago + rng.randint(0, 10), hours=rng.random())
            meetings.append(
                Meeting(
                    school=made.school,
                    pupil=pupil,
                    kind=kind,
                    starts_at=held,
                    location="The SENCO's office",
                    date_status=DateStatus.ACCEPTED,
                    parent_views="The parents are pleased with the support so far.",
                    pupil_views="I like the sessions and want to keep going.",
                    discussion="Progress since the last meeting and what to do next.",
                    outcomes_agreed=rng.choice(OUTCOMES),
                    record_status=RecordStatus.SHARED,
                    shared_at=held + datetime.timedelta(days=rng.randint(1, 6)),
                    shared_by=made.senco,
                    created_by=made.senco,
                )
            )
        meetings.append(
            Meeting(
                school=made.school,
                pupil=pupil,
                kind=MeetingKind.REVIEW,
                starts_at=now + datetime.timedelta(days=rng.randint(5, 40)),
                location="The SENCO's office",
                created_by=made.senco,
            )
        )
    meetings = Meeting.objects.bulk_create(meetings)
    held_meetings = [
        meeting for meeting in meetings if meeting.record_status == RecordStatus.SHARED
    ]
    Attendee.objects.bulk_create(
        [
            Attendee(meeting=meeting, kind=kind, name=name, role=role)
            for meeting in held_meetings
            for kind, name, role in (
                (AttendeeKind.PARENT, "Parent", ""),
                (AttendeeKind.STAFF, made.senco.get_full_name() or "SENCO", "SENCO"),
            )
        ]
    )
    steps = []
    for meeting in held_meetings:
        for order in (1, 2):
            action, owner = rng.choice(ACTIONS)
            due_on = meeting.starts_at.date() + datetime.timedelta(days=rng.randint(7, 60))
            done = due_on < today and rng.random() < 0.7
            steps.append(
                NextStep(
                    meeting=meeting,
                    order=order,
                    action=action,
                    owner=owner,
                    due_on=due_on,
                    done_at=meeting.starts_at + datetime.timedelta(days=5) if done else None,
                    done_by=made.senco if done else None,
                )
            )
    NextStep.objects.bulk_create(steps)


def manifest() -> dict:
    """The pages the benchmark loads: the SENCO's meetings list and the parent's meeting record."""
    targets = []
    first = School.objects.filter(urn=str(FIRST_URN)).first()
    if first is not None:
        targets.append(
            {
                "name": "meeting_list_senco",
                "label": "meetings list (SENCO)",
                "path": f"/portal/schools/{first.pk}/meetings/",
                "account": "senco",
            }
        )
        link = _manifest_parent_link(first)
        meeting = (
            Meeting.objects.filter(pupil_id=link.pupil_id, record_status=RecordStatus.SHARED)
            .order_by("-starts_at", "-id")
            .first()
            if link is not None
            else None
        )
        if meeting is not None:
            targets.append(
                {
                    "name": "meeting_record_parent",
                    "label": "a meeting record (parent)",
                    "path": f"/portal/meetings/{meeting.pk}/record/",
                    "account": "parent",
                }
            )
    return {"targets": targets}
