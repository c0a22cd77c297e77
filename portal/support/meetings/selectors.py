"""Reads for meetings, already scoped to the reader. Those named `_audited` write the read to the
audit trail (AuditAction.SUPPORT_VIEWED, with the meeting or the page in the detail). Each runs a
fixed number of queries whatever the number of meetings, steps or responses."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record, audit_record_each
from portal.lib.school_days import add_school_days
from portal.people.models import User
from portal.pupils.models import Pupil
from portal.schools.models import School
from portal.schools.selectors import school_calendar

from .models import (
    Acknowledgement,
    DateStatus,
    Meeting,
    NextStep,
    ParentResponse,
    ParentViews,
    RecordStatus,
)

# Next steps due within this many school days show on the SENCO's dashboard and the child's page.
DUE_SOON_SCHOOL_DAYS = 5
SCHOOL_LIST_PAGE_SIZE = 50


@dataclass
class MeetingPage:
    meeting: Meeting
    views_requests: list[ParentViews]


@dataclass
class RecordPage:
    meeting: Meeting
    attendees: list
    steps: list[NextStep]
    addenda: list
    responses: list[ParentResponse]
    acknowledgements: list[Acknowledgement]
    parent_views: list[ParentViews]
    acknowledged_by_reader: bool = False
    extra: dict = field(default_factory=dict)


def _views_requests(meeting: Meeting) -> list[ParentViews]:
    return list(
        ParentViews.objects.filter(meeting=meeting)
        .prefetch_related("attachments")
        .order_by("requested_at", "id")
    )


def meeting_page_audited(*, actor: User, context: AuditContext, meeting: Meeting) -> MeetingPage:
    """The meeting's arrangement (date, place, what the parent said) and the requests for the
    parents' views. Audited (SUPPORT_VIEWED, "meeting <id>")."""
    audit_record(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        obj=meeting.pupil,
        detail=f"meeting {meeting.pk}",
    )
    return MeetingPage(meeting=meeting, views_requests=_views_requests(meeting))


def meeting_record_audited(
    *, actor: User, context: AuditContext, meeting: Meeting, for_staff: bool
) -> RecordPage:
    """The record as the reader may see it (the caller checked access_meeting_record). Staff see
    every response and who acknowledged; a parent sees their own responses and acknowledgement.
    Audited (SUPPORT_VIEWED, "meeting record <id>")."""
    responses = ParentResponse.objects.filter(meeting=meeting).select_related("parent")
    acknowledgements = Acknowledgement.objects.filter(meeting=meeting).select_related("parent")
    if not for_staff:
        responses = responses.filter(parent=actor)
        acknowledgements = acknowledgements.filter(parent=actor)
    acknowledgements = list(acknowledgements)
    page = RecordPage(
        meeting=meeting,
        attendees=list(meeting.attendees.all()),
        steps=list(meeting.next_steps.all()),
        addenda=list(meeting.addenda.select_related("written_by")),
        responses=list(responses),
        acknowledgements=acknowledgements,
        parent_views=[
            views
            for views in _views_requests(meeting)
            if views.answered_at and (for_staff or views.answered_by_id == actor.pk)
        ],
        acknowledged_by_reader=any(ack.parent_id == actor.pk for ack in acknowledgements),
    )
    audit_record(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        obj=meeting.pupil,
        detail=f"meeting record {meeting.pk}",
    )
    return page


def answered_views_for(meeting: Meeting) -> list[ParentViews]:
    """The parents' answered views for this meeting, oldest first: what fills in a draft."""
    return list(
        ParentViews.objects.filter(meeting=meeting, answered_at__isnull=False).order_by(
            "answered_at", "id"
        )
    )


@dataclass
class PupilMeetings:
    upcoming: list[Meeting]
    records: list[Meeting]
    open_steps: list[NextStep]
    views_to_give: list[ParentViews]
    today: datetime.date
    due_soon_by: datetime.date


def due_soon_by(school: School, today: datetime.date) -> datetime.date:
    """The last day of the next DUE_SOON_SCHOOL_DAYS school days (the school's calendar)."""
    return add_school_days(school_calendar(school), today, DUE_SOON_SCHOOL_DAYS)


def pupil_meetings(
    *, pupil: Pupil, for_parent: bool, today: datetime.date, now: datetime.datetime
) -> PupilMeetings:
    """A child's meetings for the child's page: those to come, the records (shared ones only for
    a parent), the open next steps (of shared records only for a parent) and, for a parent, the
    requests for their views not yet answered. Four queries and the school calendar."""
    meetings = Meeting.objects.filter(pupil=pupil)
    upcoming = list(
        meetings.filter(starts_at__gte=now)
        .exclude(date_status=DateStatus.CANCELLED)
        .order_by("starts_at", "id")[:10]
    )
    records = meetings.filter(starts_at__lt=now).exclude(date_status=DateStatus.CANCELLED)
    steps = NextStep.objects.filter(meeting__pupil=pupil, done_at__isnull=True).select_related(
        "meeting"
    )
    if for_parent:
        records = records.filter(record_status=RecordStatus.SHARED)
        steps = steps.filter(meeting__record_status=RecordStatus.SHARED)
    views_to_give = (
        list(
            ParentViews.objects.filter(pupil=pupil, answered_at__isnull=True)
            .exclude(meeting__date_status=DateStatus.CANCELLED)
            .exclude(meeting__record_status=RecordStatus.SHARED)
            .order_by("answer_by", "id")
        )
        if for_parent
        else []
    )
    return PupilMeetings(
        upcoming=upcoming,
        records=list(records.order_by("-starts_at", "-id")[:10]),
        open_steps=list(steps.order_by("due_on", "id")[:20]),
        views_to_give=views_to_give,
        today=today,
        due_soon_by=due_soon_by(pupil.school, today),
    )


@dataclass
class DueSteps:
    school: School
    overdue: list[NextStep]
    due_soon: list[NextStep]
    overdue_count: int
    due_soon_count: int
    due_soon_by: datetime.date
    # Parents' responses to shared records that the school has not answered yet, oldest first.
    responses_waiting: list[ParentResponse] = dataclasses.field(default_factory=list)
    responses_waiting_count: int = 0


# The dashboard lists this many of each; the counts say how many there are in all.
DASHBOARD_STEPS_SHOWN = 10
# ... and this many of the parents' responses waiting for an answer.
DASHBOARD_RESPONSES_SHOWN = 5


def steps_due(*, schools: list[School], today: datetime.date) -> list[DueSteps]:
    """For each school, how many open next steps are overdue and how many are due within the
    next five school days (meetings not cancelled), and the first few of each with their
    meeting and pupil; with the parents' responses waiting for an answer (how many, and the
    oldest few with their pupil). Five queries a school, whatever the number of steps."""
    result = []
    for school in schools:
        last = due_soon_by(school, today)
        open_steps = NextStep.objects.filter(
            meeting__school=school, done_at__isnull=True, due_on__lte=last
        ).exclude(meeting__date_status=DateStatus.CANCELLED)
        counts = open_steps.aggregate(
            overdue=Count("id", filter=Q(due_on__lt=today)),
            due_soon=Count("id", filter=Q(due_on__gte=today)),
        )
        shown = open_steps.select_related("meeting__pupil").order_by("due_on", "id")
        waiting = ParentResponse.objects.filter(meeting__school=school, replied_at__isnull=True)
        result.append(
            DueSteps(
                school=school,
                overdue=list(shown.filter(due_on__lt=today)[:DASHBOARD_STEPS_SHOWN]),
                due_soon=list(shown.filter(due_on__gte=today)[:DASHBOARD_STEPS_SHOWN]),
                overdue_count=counts["overdue"],
                due_soon_count=counts["due_soon"],
                due_soon_by=last,
                responses_waiting=list(
                    waiting.select_related("meeting__pupil").order_by("created_at", "id")[
                        :DASHBOARD_RESPONSES_SHOWN
                    ]
                ),
                responses_waiting_count=waiting.count(),
            )
        )
    return result


def school_meetings_audited(
    *,
    actor: User,
    context: AuditContext,
    school: School,
    page_number: str | int | None,
    status: str | None = None,
):
    """A page of the school's meetings, newest first, with each pupil; counts of open steps and
    responses waiting for an answer. Each pupil shown is audited (SUPPORT_VIEWED, "meetings
    list"), in one bulk insert."""
    meetings = (
        Meeting.objects.filter(school=school)
        .select_related("pupil")
        .annotate(
            open_steps=Count(
                "next_steps", filter=Q(next_steps__done_at__isnull=True), distinct=True
            ),
            waiting_responses=Count(
                "responses", filter=Q(responses__replied_at__isnull=True), distinct=True
            ),
        )
        .order_by("-starts_at", "-id")
    )
    if status == "draft":
        meetings = meetings.filter(record_status=RecordStatus.DRAFT).exclude(
            date_status=DateStatus.CANCELLED
        )
    elif status == "shared":
        meetings = meetings.filter(record_status=RecordStatus.SHARED)
    elif status == "new_date":
        meetings = meetings.filter(date_status=DateStatus.NEW_DATE_ASKED)
    paginator = Paginator(meetings, SCHOOL_LIST_PAGE_SIZE)
    page = paginator.get_page(page_number)
    shown = list(page.object_list)
    audit_record_each(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        objects=[meeting.pupil for meeting in shown],
        detail="meetings list",
    )
    page.meetings = shown
    return page


def parent_views_page_audited(
    *, actor: User, context: AuditContext, views: ParentViews
) -> ParentViews:
    """One request for the parents' views with its files. Audited (SUPPORT_VIEWED)."""
    audit_record(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        obj=views.pupil,
        detail=f"parent views {views.pk}",
    )
    return views
