"""Demo concerns, loaded from fixtures/concerns_demo.yaml by `manage.py seed_demo` after the
core's demo people and calendar: the demo parent's concerns in every status (one past its date
to be acknowledged, with the overdue notice sent), the school's complaints procedure and the
local authority's disagreement resolution service. Every concern is raised and taken through its
steps by the concern services, so its timeline is real. Idempotent: run again, it adds nothing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from django.utils import timezone

from portal.audit.actors import SYSTEM_CONTEXT
from portal.people.models import GuardianLink, User
from portal.schools.models import LocalAuthority

from . import services
from .models import Concern, ConcernPolicy, Deadline

DATA = Path(__file__).parent / "fixtures" / "concerns_demo.yaml"
# How far back to look for a day on which a concern raised would now be overdue.
OVERDUE_SEARCH_DAYS = 120


def seed(*, stdout) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    link = (
        GuardianLink.objects.filter(
            parent__email=data["parent"],
            pupil__school__urn=data["school"],
            pupil__legal_first_name=data["child"],
            revoked_at__isnull=True,
        )
        .select_related("parent", "pupil__school__local_authority")
        .first()
    )
    if link is None:
        return
    parent, pupil = link.parent, link.pupil
    staff = {key: User.objects.get(email=email) for key, email in data["staff"].items()}
    _procedure(data, school=pupil.school, senco=staff["senco"])
    made = 0
    for entry in data["concerns"]:
        what_happened = " ".join(entry["what_happened"].split())
        if Concern.objects.filter(
            pupil=pupil, raised_by=parent, what_happened=what_happened
        ).exists():
            continue
        _concern(entry, parent=parent, pupil=pupil, staff=staff, what_happened=what_happened)
        made += 1
    if made:
        first_name = pupil.preferred_name or pupil.legal_first_name
        stdout.write(f"Demo concerns about {first_name}: {made}, one overdue.")


def _procedure(data: dict, *, school, senco: User) -> None:
    """The school's limits and complaints stages (set once), and the local authority's
    disagreement resolution service (filled in where empty)."""
    if not ConcernPolicy.objects.filter(school=school, stages__isnull=False).exists():
        procedure = data["procedure"]
        services.concern_policy_update(
            actor=senco,
            context=SYSTEM_CONTEXT,
            school=school,
            acknowledge_within_days=procedure["acknowledge_within_days"],
            answer_within_days=procedure["answer_within_days"],
            complaints_procedure_url=procedure["complaints_procedure_url"],
            stages=[
                services.StageDetails(
                    name=stage["name"],
                    how_to_start=stage.get("how_to_start", ""),
                    contact=stage.get("contact", ""),
                )
                for stage in procedure["stages"]
            ],
        )
    service = data["disagreement_resolution"]
    LocalAuthority.objects.filter(
        pk=school.local_authority_id, disagreement_resolution_name=""
    ).update(
        disagreement_resolution_name=service["name"],
        disagreement_resolution_phone=service["phone"],
        disagreement_resolution_email=service["email"],
        disagreement_resolution_website=service["website"],
    )


def _overdue_received_at(school) -> datetime.datetime:
    """The most recent time, a whole number of days back, at which a concern raised would now be
    past its date to be acknowledged (school days, so the calendar decides how far back)."""
    policy = services.concern_policy_for(school=school)
    today = services.local_today()
    now = timezone.now()
    for days in range(1, OVERDUE_SEARCH_DAYS):
        received_at = now - datetime.timedelta(days=days)
        dates = services.concern_dates(school=school, received_at=received_at, policy=policy)
        if dates.acknowledge_by < today:
            return received_at
    return now - datetime.timedelta(days=OVERDUE_SEARCH_DAYS)


def _concern(entry: dict, *, parent: User, pupil, staff: dict, what_happened: str) -> None:
    if entry.get("overdue"):
        raised_at = _overdue_received_at(pupil.school)
    else:
        raised_at = timezone.now() - datetime.timedelta(days=entry.get("days_ago", 0))
    concern = services.concern_raise(
        actor=parent,
        context=SYSTEM_CONTEXT,
        pupil=pupil,
        category=entry["category"],
        what_happened=what_happened,
        would_like=" ".join(entry["would_like"].split()),
        now=raised_at,
    )
    if entry.get("overdue"):
        # What the worker does at the end of the due day, done now so the notice is there.
        services.concern_deadline_passed(
            concern_id=concern.pk, deadline=Deadline.ACKNOWLEDGE, due=concern.acknowledge_by
        )
    for step in entry.get("steps", []):
        actor = parent if step["step"] == "escalate" else staff[step["by"]]
        body = " ".join(step.get("body", "").split())
        common = {"actor": actor, "context": SYSTEM_CONTEXT, "concern": concern}
        match step["step"]:
            case "acknowledge":
                services.concern_acknowledge(**common)
            case "assign":
                services.concern_assign(**common, assignee=staff[step["to"]])
            case "in_progress":
                services.concern_mark_in_progress(**common)
            case "reply":
                services.concern_reply(**common, body=body)
            case "answer":
                services.concern_answer(**common, body=body)
            case "close":
                services.concern_close(**common)
            case "escalate":
                services.concern_escalate(**common, body=body)
            case other:
                raise ValueError(f"Unknown demo concern step: {other}")
    if concern.status != entry["status"]:
        raise ValueError(f"Demo concern ended {concern.status}, expected {entry['status']}")
