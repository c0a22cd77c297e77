"""Who may see or act on a meeting, its record, its next steps and the parents' views.

A meeting is seen by the school's staff who may see the pupil (the register roles and the
pupil's teachers: COP-6.69, the record is shared with staff) and by the pupil's linked parents.
Parents see the date and place from the start, but the record only once it is shared: a draft
record answers 404 to them, as a meeting of another child does. Only the school's SENCO arranges
meetings and writes records. Each access_* raises 404 for missing and not-yours alike, and 403
where the person may see the meeting but not do this.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_access_refused, audit_record
from portal.auth.rules import second_factor_passed
from portal.people.models import StaffRole, User
from portal.people.roles import roles_for
from portal.pupils.access import can_view_pupil, is_parent_of
from portal.schools.access import can_manage_school
from portal.schools.models import School

from .models import Meeting, NextStep, ParentResponse, ParentViews, RecordStatus, StepOwner

# Roles that see every meeting of their school on the school's list.
OVERSEE_ROLES = frozenset({StaffRole.SENCO, StaffRole.HEADTEACHER})


def _is_user(actor: Actor | None) -> bool:
    return isinstance(actor, User) and actor.is_authenticated


def can_view_meeting(actor: Actor | None, meeting: Meeting) -> bool:
    return can_view_pupil(actor, meeting.pupil)


def can_manage_meeting(actor: Actor | None, meeting: Meeting) -> bool:
    """The school's SENCO, past the second factor."""
    return can_manage_school(actor, meeting.school_id)


def is_staff_viewer(actor: Actor | None, meeting: Meeting) -> bool:
    return can_view_meeting(actor, meeting) and not is_parent_of(actor, meeting.pupil)


def can_view_record(actor: Actor | None, meeting: Meeting) -> bool:
    """Staff who see the pupil see the draft; parents only the shared record."""
    if not can_view_meeting(actor, meeting):
        return False
    return meeting.record_status == RecordStatus.SHARED or is_staff_viewer(actor, meeting)


def _fetch(meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("school__local_authority", "pupil", "cycle")
        .filter(pk=meeting_id)
        .first()
    )


def _refuse(actor: Actor, context: AuditContext, obj, detail: str) -> PermissionDenied:
    audit_record(
        action=AuditAction.ACCESS_REFUSED, actor=actor, context=context, obj=obj, detail=detail
    )
    return PermissionDenied()


def access_meeting(*, actor: Actor, meeting_id: int, context: AuditContext) -> Meeting:
    """The meeting (its date, place and kind), for staff who may see the pupil and the pupil's
    linked parents. The caller audits the read (selectors.meeting_page_audited does)."""
    meeting = _fetch(meeting_id)
    if meeting is None or not can_view_meeting(actor, meeting):
        raise audit_access_refused(
            actor=actor, context=context, object_type="meeting", object_id=meeting_id
        )
    return meeting


def access_meeting_record(*, actor: Actor, meeting_id: int, context: AuditContext) -> Meeting:
    """The meeting's record: for parents only once shared (a draft is 404 to them)."""
    meeting = _fetch(meeting_id)
    if meeting is None or not can_view_record(actor, meeting):
        raise audit_access_refused(
            actor=actor, context=context, object_type="meeting record", object_id=meeting_id
        )
    return meeting


def access_meeting_to_manage(*, actor: Actor, meeting_id: int, context: AuditContext) -> Meeting:
    """The meeting, for the school's SENCO. Others who may see it get 403."""
    meeting = access_meeting(actor=actor, meeting_id=meeting_id, context=context)
    if not can_manage_meeting(actor, meeting):
        raise _refuse(actor, context, meeting, "manage meeting")
    return meeting


def access_meeting_as_parent(*, actor: Actor, meeting_id: int, context: AuditContext) -> Meeting:
    """The meeting, for a parent linked to the pupil (to answer about the date). Staff who may
    see it get 403."""
    meeting = access_meeting(actor=actor, meeting_id=meeting_id, context=context)
    if not is_parent_of(actor, meeting.pupil):
        raise _refuse(actor, context, meeting, "answer as parent")
    return meeting


def access_shared_record_as_parent(
    *, actor: Actor, meeting_id: int, context: AuditContext
) -> Meeting:
    """A shared record, for a linked parent (to acknowledge or respond). A draft is 404 to
    parents; staff who may see the record get 403."""
    meeting = access_meeting_record(actor=actor, meeting_id=meeting_id, context=context)
    if not is_parent_of(actor, meeting.pupil):
        raise _refuse(actor, context, meeting, "respond as parent")
    return meeting


def access_parent_response_to_answer(
    *, actor: Actor, response_id: int, context: AuditContext
) -> ParentResponse:
    """A parent's response, for the school's SENCO to answer. Others who may see the record get
    403; everyone else 404."""
    response = (
        ParentResponse.objects.select_related(
            "meeting__pupil", "meeting__school__local_authority", "parent"
        )
        .filter(pk=response_id)
        .first()
    )
    if response is None or not can_view_record(actor, response.meeting):
        raise audit_access_refused(
            actor=actor, context=context, object_type="meeting response", object_id=response_id
        )
    if not can_manage_meeting(actor, response.meeting):
        raise _refuse(actor, context, response.meeting, "answer response")
    return response


def can_mark_step(actor: Actor | None, step: NextStep) -> bool:
    """The SENCO for any step; a linked parent for a parent-owned step of a shared record."""
    meeting = step.meeting
    if can_manage_meeting(actor, meeting):
        return True
    return (
        step.owner == StepOwner.PARENT
        and meeting.record_status == RecordStatus.SHARED
        and is_parent_of(actor, meeting.pupil)
    )


def access_next_step_to_mark(*, actor: Actor, step_id: int, context: AuditContext) -> NextStep:
    """A next step to mark done or not done (see can_mark_step). Those who may see it but not
    mark it get 403; everyone else 404."""
    step = (
        NextStep.objects.select_related("meeting__pupil", "meeting__school")
        .filter(pk=step_id)
        .first()
    )
    if step is None or not can_view_record(actor, step.meeting):
        raise audit_access_refused(
            actor=actor, context=context, object_type="next step", object_id=step_id
        )
    if not can_mark_step(actor, step):
        raise _refuse(actor, context, step.meeting, "mark next step")
    return step


def access_parent_views_to_answer(
    *, actor: Actor, parent_views_id: int, context: AuditContext
) -> ParentViews:
    """A request for the parents' views, for a linked parent to answer. Staff who may see the
    pupil get 403; everyone else 404."""
    views = (
        ParentViews.objects.select_related("pupil", "school__local_authority", "meeting")
        .filter(pk=parent_views_id)
        .first()
    )
    if views is None or not can_view_pupil(actor, views.pupil):
        raise audit_access_refused(
            actor=actor, context=context, object_type="parent views", object_id=parent_views_id
        )
    if not is_parent_of(actor, views.pupil):
        raise _refuse(actor, context, views.pupil, "answer parent views")
    return views


def access_parent_views(
    *, actor: Actor, parent_views_id: int, context: AuditContext
) -> ParentViews:
    """Parents' views (and their files), for staff who may see the pupil and linked parents."""
    views = (
        ParentViews.objects.select_related("pupil", "school", "meeting")
        .filter(pk=parent_views_id)
        .first()
    )
    if views is None or not can_view_pupil(actor, views.pupil):
        raise audit_access_refused(
            actor=actor, context=context, object_type="parent views", object_id=parent_views_id
        )
    return views


def oversees_meetings(actor: Actor | None, school_id: int) -> bool:
    return (
        _is_user(actor)
        and second_factor_passed(actor)
        and roles_for(actor).has_role(school_id, OVERSEE_ROLES)
    )


def access_school_meetings(*, actor: Actor, school_id: int, context: AuditContext) -> School:
    """A school whose meetings the actor sees as a list: its SENCO or headteacher."""
    school = School.objects.select_related("local_authority").filter(pk=school_id).first()
    if school is None or not oversees_meetings(actor, school.pk):
        raise audit_access_refused(
            actor=actor, context=context, object_type="school meetings", object_id=school_id
        )
    return school
