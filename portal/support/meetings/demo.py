"""Demo meetings, loaded from fixtures/meetings_demo.yaml by `manage.py seed_demo` after the
core's demo people and calendar: the demo parent's early discussion, planning and review
meetings with their records shared (one next step overdue, a response the SENCO answered, the
parents' views given before the review), a record still in draft and a meeting to come. Every
meeting goes through the meeting services. Idempotent: run again, it adds nothing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from django.utils import timezone

from portal.audit.actors import SYSTEM_CONTEXT
from portal.lib.school_days import SchoolCalendar, is_school_day
from portal.people.models import GuardianLink, User
from portal.schools.selectors import school_calendar

from . import services
from .forms import parse_time
from .models import DateStatus, Meeting, ParentResponse

DATA = Path(__file__).parent / "fixtures" / "meetings_demo.yaml"


def _text(value) -> str:
    return " ".join(str(value or "").split())


def seed(*, stdout) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    link = (
        GuardianLink.objects.filter(
            parent__email=data["parent"],
            pupil__school__urn=data["school"],
            pupil__legal_first_name=data["child"],
            revoked_at__isnull=True,
        )
        .select_related("parent", "pupil__school")
        .first()
    )
    senco = User.objects.filter(email=data["senco"]).first()
    if link is None or senco is None:
        return
    if Meeting.objects.filter(pupil=link.pupil).exists():
        return
    calendar = school_calendar(link.pupil.school)
    for entry in data["meetings"]:
        _meeting(
            entry,
            parent=link.parent,
            pupil=link.pupil,
            senco=senco,
            starts_at=_when(entry, calendar),
        )
    made = len(data["meetings"])
    if made:
        stdout.write(f"Demo meetings about {link.pupil.display_name}: {made}, one record a draft.")


def _when(entry: dict, calendar: SchoolCalendar) -> datetime.datetime:
    """The day `days_ago` says, moved to a school day: back for a meeting held (so it stays in
    the past), on for one to come."""
    day = timezone.localdate() - datetime.timedelta(days=entry["days_ago"])
    step = datetime.timedelta(days=-1 if entry["days_ago"] > 0 else 1)
    moved = day
    for _tries in range(70):  # longer than any holiday
        if is_school_day(calendar, moved):
            day = moved
            break
        moved += step
    return datetime.datetime.combine(day, parse_time(entry["time"]), tzinfo=services.local_zone())


def _meeting(entry: dict, *, parent: User, pupil, senco: User, starts_at) -> None:
    context = SYSTEM_CONTEXT
    before = starts_at - datetime.timedelta(days=14)
    meeting = services.meeting_propose(
        actor=senco,
        context=context,
        pupil=pupil,
        kind=entry["kind"],
        starts_at=starts_at,
        location=entry.get("location", ""),
        now=before,
    )
    if entry.get("views_asked"):
        views = services.parent_views_request(
            actor=senco,
            context=context,
            meeting=meeting,
            answer_by=(starts_at - datetime.timedelta(days=2)).date(),
            now=before,
        )
        answers = entry["views"]
        services.parent_views_submit(
            actor=parent,
            context=context,
            views=views,
            **{
                name: _text(answers.get(name))
                for name in ("going_well", "worries", "to_discuss", "from_home")
            },
        )
    if entry.get("date_agreed") and meeting.starts_at > timezone.now():
        services.meeting_date_accept(actor=parent, context=context, meeting=meeting)
    elif entry.get("date_agreed"):
        # The parent agreed the date before the meeting was held (the demo is written later).
        Meeting.objects.filter(pk=meeting.pk).update(date_status=DateStatus.ACCEPTED)
        meeting.date_status = DateStatus.ACCEPTED
    if entry["days_ago"] < 0:
        return
    for attendee in entry.get("attendees", []):
        services.meeting_attendee_add(
            actor=senco,
            context=context,
            meeting=meeting,
            kind=attendee["kind"],
            name=attendee["name"],
            role=attendee.get("role", ""),
        )
    parent_views = _text(entry.get("parent_views")) or services.parent_views_as_text(
        list(meeting.parent_views_asked.filter(answered_at__isnull=False))
    )
    services.meeting_record_update(
        actor=senco,
        context=context,
        meeting=meeting,
        parent_views=parent_views,
        pupil_views=_text(entry.get("pupil_views")),
        discussion=_text(entry.get("discussion")),
        outcomes_agreed=_text(entry.get("outcomes_agreed")),
    )
    today = timezone.localdate()
    steps = []
    for step in entry.get("steps", []):
        steps.append(
            (
                services.meeting_next_step_add(
                    actor=senco,
                    context=context,
                    meeting=meeting,
                    action=step["action"],
                    owner=step["owner"],
                    owner_name=step.get("owner_name", ""),
                    due_on=today + datetime.timedelta(days=step["due_in_days"]),
                ),
                step.get("done", False),
            )
        )
    if not entry.get("share"):
        return
    services.meeting_share_with_parents(actor=senco, context=context, meeting=meeting)
    # The record was shared the day after the meeting (the outbox sends the email now).
    Meeting.objects.filter(pk=meeting.pk).update(shared_at=starts_at + datetime.timedelta(days=1))
    meeting.refresh_from_db()
    for step, done in steps:
        if done:
            services.next_step_mark(actor=senco, context=context, step=step, done=True)
    if entry.get("acknowledged"):
        services.meeting_acknowledge(actor=parent, context=context, meeting=meeting)
    if response := entry.get("response"):
        made = services.meeting_response_add(
            actor=parent,
            context=context,
            meeting=meeting,
            kind=response["kind"],
            text=_text(response["text"]),
        )
        services.meeting_response_answer(
            actor=senco,
            context=context,
            response=ParentResponse.objects.select_related("meeting__pupil", "parent").get(
                pk=made.pk
            ),
            reply=_text(response["reply"]),
        )
