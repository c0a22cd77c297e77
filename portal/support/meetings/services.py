"""Writes for meetings: arranging a date, the record and its next steps, sharing it with the
parents (COP-6.39), their acknowledgement and responses, addenda, and the parents' views asked
for before a review.

Every write checks the actor's relationship to the pupil, runs in one transaction, records an
audit event and tells the other party through `notify` (rows and outbox emails written in the
transaction, live updates published after commit). A shared record never changes: the share is
one conditional update, so two requests at the same moment share it once, and every later write
to the record is refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.files.services import attachments_store
from portal.i18n import format_date
from portal.lib.uploads import CleanFile
from portal.notifications.models import Delivery, NotificationKind, NotificationPreference
from portal.notifications.services import absolute_url, email_enqueue, live_update, notify
from portal.people.models import StaffRole, User
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.pupils.access import is_parent_of
from portal.pupils.models import Pupil
from portal.support.plans.models import Cycle, CycleStatus

from .models import (
    Acknowledgement,
    Addendum,
    Attendee,
    AttendeeKind,
    DateStatus,
    Meeting,
    MeetingKind,
    NextStep,
    ParentResponse,
    ParentViews,
    RecordStatus,
    ResponseKind,
    StepOwner,
)

MAX_TEXT = 5000
MAX_LINE = 200


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_today(now: datetime.datetime | None = None) -> datetime.date:
    return (now or timezone.now()).astimezone(local_zone()).date()


# Who is told -----------------------------------------------------------------------------------


def pupil_parents(pupil: Pupil) -> list[User]:
    """The pupil's linked parents (links not revoked), active accounts. One query."""
    return list(
        User.objects.filter(
            guardian_links__pupil=pupil, guardian_links__revoked_at__isnull=True, is_active=True
        ).distinct()
    )


def school_sencos(school_id: int) -> list[User]:
    """The school's SENCOs: who hears of the parents' answers. One query."""
    return list(
        User.objects.filter(
            memberships__school_id=school_id,
            memberships__role=StaffRole.SENCO,
            is_active=True,
        ).distinct()
    )


def meeting_url(meeting: Meeting) -> str:
    return reverse("support:meeting_detail", args=[meeting.pk])


def record_url(meeting: Meeting) -> str:
    return reverse("support:meeting_record", args=[meeting.pk])


def _refresh_pages(meeting: Meeting, user_ids: Sequence[int]) -> None:
    """The open pages that show this meeting: its own pages and the child's page."""
    for url in (
        meeting_url(meeting),
        record_url(meeting),
        reverse("portal:pupil_detail", args=[meeting.pupil_id]),
    ):
        live_update(user_ids=user_ids, url=url)


def _tell_parents(meeting: Meeting, text: str, url: str, kind=NotificationKind.MEETING) -> list:
    parents = pupil_parents(meeting.pupil)
    notify(
        recipients=parents,
        kind=kind,
        text=text,
        params={"name": meeting.pupil.display_name},
        url=url,
    )
    sencos = school_sencos(meeting.school_id)
    _refresh_pages(meeting, [user.pk for user in [*parents, *sencos]])
    return parents


def _tell_sencos(meeting: Meeting, text: str, url: str, kind=NotificationKind.MEETING) -> None:
    sencos = school_sencos(meeting.school_id)
    notify(
        recipients=sencos,
        kind=kind,
        text=text,
        params={"name": meeting.pupil.display_name},
        url=url,
    )
    parents = pupil_parents(meeting.pupil)
    _refresh_pages(meeting, [user.pk for user in [*parents, *sencos]])


# Checks ----------------------------------------------------------------------------------------


def holds_manager_role(actor: Actor, school_id: int) -> bool:
    """The relationship a service checks (a request's second factor is the view's concern):
    the school's SENCO."""
    return (
        isinstance(actor, User)
        and actor.is_authenticated
        and roles_for(actor).has_role(school_id, MANAGE_ROLES)
    )


def _require_manager(actor: Actor, school_id: int) -> None:
    if not holds_manager_role(actor, school_id):
        raise ValidationError(_("Only the school's SENCO can do this"))


def _require_parent(actor: Actor, pupil: Pupil) -> None:
    if not is_parent_of(actor, pupil):
        raise ValidationError(_("Only a parent or carer of this child can do this"))


def _clean_text(value: str, field: str, required_message: str = "", limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required_message and not value:
        raise ValidationError({field: required_message})
    if "\x00" in value:
        raise ValidationError({field: _("Remove the hidden characters from the text")})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Enter no more than %(count)s characters") % {"count": f"{limit:,}"}}
        )
    return value


def _check_starts_at(starts_at: datetime.datetime | None, now: datetime.datetime) -> None:
    if starts_at is None:
        raise ValidationError({"date": _("Enter the date of the meeting")})
    if starts_at < now:
        raise ValidationError({"date": _("The meeting must be in the future")})
    if starts_at > now + datetime.timedelta(days=366):
        raise ValidationError({"date": _("The meeting must be within a year")})


def current_cycle(pupil: Pupil) -> Cycle | None:
    """The pupil's cycle not yet reviewed, if any (at most one: a database constraint)."""
    return Cycle.objects.filter(pupil=pupil).exclude(status=CycleStatus.REVIEWED).first()


def _lock(meeting: Meeting) -> Meeting:
    """The meeting's row locked for this transaction, as it is now; the caller's copy updated."""
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name in ("date_status", "record_status", "shared_at", "starts_at", "location"):
        setattr(meeting, name, getattr(fresh, name))
    return fresh


def _require_draft(meeting: Meeting) -> None:
    if meeting.record_status != RecordStatus.DRAFT:
        raise ValidationError(
            _("This record has been shared with the parents and cannot be changed: add an addendum")
        )


def _require_shared(meeting: Meeting) -> None:
    if meeting.record_status != RecordStatus.SHARED:
        raise ValidationError(_("This record has not been shared with the parents yet"))


def _audit(action, actor, context, meeting, detail: str = "") -> None:
    audit_record(action=action, actor=actor, context=context, obj=meeting, detail=detail)


# Arranging -------------------------------------------------------------------------------------


def meeting_propose(
    *,
    actor: User,
    context: AuditContext,
    pupil: Pupil,
    kind: str,
    starts_at: datetime.datetime | None,
    location: str = "",
    now: datetime.datetime | None = None,
) -> Meeting:
    """Propose a meeting with the parents. Caller: the school's SENCO (access_pupil_to_manage).
    The meeting is linked to the pupil's cycle under way, if any; the parents are notified and
    can accept the date or ask for another."""
    _require_manager(actor, pupil.school_id)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Select the kind of meeting")})
    _check_starts_at(starts_at, now or timezone.now())
    location = _clean_text(location, "location", limit=MAX_LINE)
    with transaction.atomic():
        meeting = Meeting(
            school_id=pupil.school_id,
            pupil=pupil,
            cycle=current_cycle(pupil),
            kind=kind,
            starts_at=starts_at,
            location=location,
            created_by=actor,
        )
        meeting.full_clean(exclude=["school", "pupil", "cycle", "created_by", "shared_by"])
        meeting.save()
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "proposed")
        _tell_parents(
            meeting,
            gettext_noop("The school proposed a meeting about %(name)s. Can you come?"),
            meeting_url(meeting),
        )
    return meeting


def meeting_date_accept(*, actor: User, context: AuditContext, meeting: Meeting) -> Meeting:
    """A parent accepts the date proposed. Caller: a linked parent (access_meeting_as_parent).
    Only while a date is proposed. The SENCO is told."""
    _require_parent(actor, meeting.pupil)
    with transaction.atomic():
        fresh = _lock(meeting)
        if fresh.date_status != DateStatus.PROPOSED:
            raise ValidationError(_("There is no date waiting for your answer"))
        if fresh.starts_at < timezone.now():
            # A date nobody answered before it came is not a meeting that took place.
            raise ValidationError(
                _("This date has passed: ask the school to arrange another if you still need one")
            )
        Meeting.objects.filter(pk=meeting.pk).update(
            date_status=DateStatus.ACCEPTED, parent_date_note="", parent_date_note_by=None
        )
        meeting.date_status = DateStatus.ACCEPTED
        meeting.parent_date_note = ""
        meeting.parent_date_note_by = None
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "date accepted")
        _tell_sencos(
            meeting,
            gettext_noop("A parent accepted the meeting date for %(name)s."),
            meeting_url(meeting),
        )
    return meeting


def meeting_date_ask_another(
    *, actor: User, context: AuditContext, meeting: Meeting, note: str
) -> Meeting:
    """A parent asks for another date, saying when suits them. Caller: as meeting_date_accept.
    While a date is proposed or agreed (plans change). The SENCO is told."""
    _require_parent(actor, meeting.pupil)
    note = _clean_text(note, "note", _("Enter which days and times would suit you"))
    with transaction.atomic():
        fresh = _lock(meeting)
        if fresh.date_status not in (DateStatus.PROPOSED, DateStatus.ACCEPTED):
            raise ValidationError(_("There is no date waiting for your answer"))
        if fresh.starts_at < timezone.now() or fresh.record_status == RecordStatus.SHARED:
            raise ValidationError(_("This meeting has already taken place"))
        Meeting.objects.filter(pk=meeting.pk).update(
            date_status=DateStatus.NEW_DATE_ASKED, parent_date_note=note, parent_date_note_by=actor
        )
        meeting.date_status = DateStatus.NEW_DATE_ASKED
        meeting.parent_date_note = note
        meeting.parent_date_note_by = actor
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "new date asked")
        _tell_sencos(
            meeting,
            gettext_noop("A parent asked for another date for the meeting about %(name)s."),
            meeting_url(meeting),
        )
    return meeting


def meeting_reschedule(
    *,
    actor: User,
    context: AuditContext,
    meeting: Meeting,
    starts_at: datetime.datetime | None,
    location: str = "",
    now: datetime.datetime | None = None,
) -> Meeting:
    """Propose a new date (and place). Caller: the SENCO (access_meeting_to_manage). Not for a
    cancelled meeting nor once its record is shared. The parents are asked again."""
    _require_manager(actor, meeting.school_id)
    _check_starts_at(starts_at, now or timezone.now())
    location = _clean_text(location, "location", limit=MAX_LINE)
    try:
        Meeting._meta.get_field("location").run_validators(location)
    except ValidationError as error:
        raise ValidationError({"location": error.messages}) from error
    with transaction.atomic():
        fresh = _lock(meeting)
        if fresh.date_status == DateStatus.CANCELLED:
            raise ValidationError(_("This meeting was cancelled"))
        _require_draft(fresh)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=starts_at, location=location, date_status=DateStatus.PROPOSED
        )
        meeting.starts_at, meeting.location = starts_at, location
        meeting.date_status = DateStatus.PROPOSED
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "new date proposed")
        _tell_parents(
            meeting,
            gettext_noop("The school proposed a new date for the meeting about %(name)s."),
            meeting_url(meeting),
        )
    return meeting


def meeting_cancel(*, actor: User, context: AuditContext, meeting: Meeting) -> Meeting:
    """Cancel the meeting. Caller: the SENCO. Not once its record is shared. Parents are told."""
    _require_manager(actor, meeting.school_id)
    with transaction.atomic():
        fresh = _lock(meeting)
        if fresh.date_status == DateStatus.CANCELLED:
            raise ValidationError(_("This meeting is already cancelled"))
        _require_draft(fresh)
        Meeting.objects.filter(pk=meeting.pk).update(date_status=DateStatus.CANCELLED)
        meeting.date_status = DateStatus.CANCELLED
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "cancelled")
        _tell_parents(
            meeting,
            gettext_noop("The meeting about %(name)s was cancelled."),
            meeting_url(meeting),
        )
    return meeting


# The record ------------------------------------------------------------------------------------


def meeting_record_update(
    *,
    actor: User,
    context: AuditContext,
    meeting: Meeting,
    parent_views: str,
    pupil_views: str,
    discussion: str,
    outcomes_agreed: str,
) -> Meeting:
    """Save the draft record: the parents' and the pupil's views considered (COP-6.55), what
    was discussed and the outcomes agreed. Caller: the SENCO. Only while the record is a draft
    and the meeting not cancelled. Nobody is told: parents see the record once it is shared."""
    _require_manager(actor, meeting.school_id)
    values = {
        "parent_views": _clean_text(parent_views, "parent_views"),
        "pupil_views": _clean_text(pupil_views, "pupil_views"),
        "discussion": _clean_text(discussion, "discussion"),
        "outcomes_agreed": _clean_text(
            outcomes_agreed, "outcomes_agreed", _("Enter the outcomes agreed")
        ),
    }
    with transaction.atomic():
        fresh = _lock(meeting)
        _require_draft(fresh)
        if fresh.date_status == DateStatus.CANCELLED:
            raise ValidationError(_("This meeting was cancelled"))
        Meeting.objects.filter(pk=meeting.pk).update(updated_at=timezone.now(), **values)
        for name, value in values.items():
            setattr(meeting, name, value)
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "record saved")
        _refresh_pages(meeting, [user.pk for user in school_sencos(meeting.school_id)])
    return meeting


def meeting_attendee_add(
    *, actor: User, context: AuditContext, meeting: Meeting, kind: str, name: str, role: str = ""
) -> Attendee:
    """Add who attended: a parent, the pupil, staff or an outside professional with their role.
    Caller: the SENCO. Only while the record is a draft."""
    _require_manager(actor, meeting.school_id)
    if kind not in AttendeeKind.values:
        raise ValidationError({"kind": _("Select who attended")})
    name = _clean_text(name, "name", _("Enter the name of who attended"), limit=MAX_LINE)
    role = _clean_text(role, "role", limit=MAX_LINE)
    if kind == AttendeeKind.PROFESSIONAL and not role:
        raise ValidationError({"role": _("Enter the outside professional's role")})
    with transaction.atomic():
        fresh = _lock(meeting)
        _require_draft(fresh)
        attendee = Attendee(meeting=meeting, kind=kind, name=name, role=role)
        attendee.full_clean(exclude=["meeting", "user"])
        attendee.save()
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "attendee added")
    return attendee


def meeting_attendee_remove(
    *, actor: User, context: AuditContext, meeting: Meeting, attendee_id: int
) -> None:
    """Remove an attendee added by mistake. Caller: the SENCO. Only while the record is a draft."""
    _require_manager(actor, meeting.school_id)
    with transaction.atomic():
        _require_draft(_lock(meeting))
        Attendee.objects.filter(meeting=meeting, pk=attendee_id).delete()
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "attendee removed")


def meeting_next_step_add(
    *,
    actor: User,
    context: AuditContext,
    meeting: Meeting,
    action: str,
    owner: str,
    owner_name: str = "",
    due_on: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> NextStep:
    """Add a next step agreed: the action, who does it (school, parent, pupil or someone else,
    with a name) and by when. Caller: the SENCO. Only while the record is a draft."""
    _require_manager(actor, meeting.school_id)
    action = _clean_text(action, "action", _("Enter the action agreed"))
    if owner not in StepOwner.values:
        raise ValidationError({"owner": _("Select who will do it")})
    owner_name = _clean_text(owner_name, "owner_name", limit=MAX_LINE)
    if owner == StepOwner.OTHER and not owner_name:
        raise ValidationError({"owner_name": _("Enter the name of who will do it")})
    if due_on is None:
        raise ValidationError({"due_on": _("Enter the date it is due by")})
    today = local_today(now)
    if not today - datetime.timedelta(days=366) <= due_on <= today + datetime.timedelta(days=731):
        raise ValidationError({"due_on": _("The date must be within two years from today")})
    with transaction.atomic():
        fresh = _lock(meeting)
        _require_draft(fresh)
        order = NextStep.objects.filter(meeting=meeting).count() + 1
        step = NextStep.objects.create(
            meeting=meeting,
            order=order,
            action=action,
            owner=owner,
            owner_name=owner_name,
            due_on=due_on,
        )
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "next step added")
    return step


def meeting_next_step_remove(
    *, actor: User, context: AuditContext, meeting: Meeting, step_id: int
) -> None:
    """Remove a next step added by mistake. Caller: the SENCO. Only while the record is a draft."""
    _require_manager(actor, meeting.school_id)
    with transaction.atomic():
        _require_draft(_lock(meeting))
        NextStep.objects.filter(meeting=meeting, pk=step_id).delete()
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "next step removed")


def _email_record_shared(meeting: Meeting, parents: list[User]) -> None:
    """COP-6.39: the record is copied to the parents. Each parent gets one email through the
    outbox, whatever their notification choice, as a letter from the school would be: a link
    only, never the child's details, in the parent's language. Those who chose email at once
    already got one from `notify`."""
    at_once = set(
        NotificationPreference.objects.filter(
            user__in=parents, delivery=Delivery.EMAIL_AT_ONCE
        ).values_list("user_id", flat=True)
    )
    for parent in parents:
        if parent.pk in at_once:
            continue
        with translation.override(parent.preferred_language or settings.LANGUAGE_CODE):
            email_enqueue(
                to=parent.email,
                subject=_("A meeting record was shared with you in the SEN Support portal"),
                body=render_to_string(
                    "notifications/email/notification.txt",
                    {"link": absolute_url(record_url(meeting))},
                ),
            )


def meeting_share_with_parents(
    *, actor: User, context: AuditContext, meeting: Meeting, now: datetime.datetime | None = None
) -> bool:
    """Share the record with the parents (COP-6.39): it becomes read-only (corrections are
    addenda). Caller: the SENCO (access_meeting_to_manage). The record needs the outcomes
    agreed; a cancelled meeting is not shared.

    DRAFT -> SHARED is one conditional update, so two requests at the same moment share it
    once: the second finds nothing to update and returns False (nobody is told twice). The
    parents are notified and emailed through the outbox (see _email_record_shared), and their
    open pages refreshed, all after the transaction commits; nothing leaves if it rolls back.
    """
    _require_manager(actor, meeting.school_id)
    if meeting.date_status == DateStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled"))
    if not meeting.outcomes_agreed.strip():
        raise ValidationError(_("Enter the outcomes agreed before sharing the record"))
    moment = now or timezone.now()
    if meeting.starts_at > moment:
        # A record says what happened at a meeting: it cannot be shared before it is held.
        raise ValidationError(
            _("Share the record once the meeting has taken place, on %(date)s")
            % {"date": format_date(meeting.starts_at.astimezone(local_zone()).date(), "long")}
        )
    with transaction.atomic():
        # Holding the meeting settles its date, whatever the last word on it was.
        shared = Meeting.objects.filter(pk=meeting.pk, record_status=RecordStatus.DRAFT).update(
            record_status=RecordStatus.SHARED,
            shared_at=moment,
            shared_by=actor,
            date_status=DateStatus.ACCEPTED,
        )
        if not shared:
            return False
        meeting.record_status, meeting.shared_at, meeting.shared_by = (
            RecordStatus.SHARED,
            moment,
            actor,
        )
        meeting.date_status = DateStatus.ACCEPTED
        _audit(AuditAction.MEETING_SHARED, actor, context, meeting)
        parents = _tell_parents(
            meeting,
            gettext_noop("The school shared the record of a meeting about %(name)s."),
            record_url(meeting),
        )
        _email_record_shared(meeting, parents)
    return True


def meeting_addendum_add(
    *, actor: User, context: AuditContext, meeting: Meeting, text: str
) -> Addendum:
    """A correction or addition to a shared record (the record itself never changes). Caller:
    the SENCO. Only once the record is shared; the parents are told."""
    _require_manager(actor, meeting.school_id)
    text = _clean_text(text, "text", _("Enter the addendum"))
    _require_shared(meeting)
    with transaction.atomic():
        addendum = Addendum.objects.create(meeting=meeting, text=text, written_by=actor)
        _audit(AuditAction.MEETING_CHANGED, actor, context, meeting, "addendum")
        _tell_parents(
            meeting,
            gettext_noop("The school added to the record of a meeting about %(name)s."),
            record_url(meeting),
        )
    return addendum


# The parents' answers to a shared record ------------------------------------------------------


def meeting_acknowledge(*, actor: User, context: AuditContext, meeting: Meeting) -> bool:
    """A parent says they have read the shared record. Caller: a linked parent
    (access_shared_record_as_parent). Once per parent: False when already done."""
    _require_parent(actor, meeting.pupil)
    _require_shared(meeting)
    try:
        with transaction.atomic():
            Acknowledgement.objects.create(
                meeting=meeting, parent=actor, acknowledged_at=timezone.now()
            )
            _audit(AuditAction.MEETING_ACKNOWLEDGED, actor, context, meeting)
            _refresh_pages(
                meeting,
                [user.pk for user in [actor, *school_sencos(meeting.school_id)]],
            )
    except IntegrityError:
        return False
    return True


def meeting_response_add(
    *, actor: User, context: AuditContext, meeting: Meeting, kind: str, text: str
) -> ParentResponse:
    """A parent's response to the shared record ("I would like to add...", "I disagree
    with..."). Caller: a linked parent. The SENCO is told and can answer."""
    _require_parent(actor, meeting.pupil)
    _require_shared(meeting)
    if kind not in ResponseKind.values:
        raise ValidationError({"kind": _("Select what you would like to do")})
    text = _clean_text(text, "text", _("Enter your response"))
    with transaction.atomic():
        response = ParentResponse.objects.create(
            meeting=meeting, parent=actor, kind=kind, text=text
        )
        _audit(AuditAction.MEETING_RESPONDED, actor, context, meeting, str(kind))
        _tell_sencos(
            meeting,
            gettext_noop("A parent responded to the record of a meeting about %(name)s."),
            record_url(meeting),
        )
    return response


def meeting_response_answer(
    *, actor: User, context: AuditContext, response: ParentResponse, reply: str
) -> ParentResponse:
    """The school's answer to a parent's response. Caller: the SENCO
    (access_parent_response_to_answer). Once; the parent who responded is told."""
    meeting = response.meeting
    _require_manager(actor, meeting.school_id)
    reply = _clean_text(reply, "reply", _("Enter the school's answer"))
    with transaction.atomic():
        answered = ParentResponse.objects.filter(pk=response.pk, replied_at__isnull=True).update(
            reply=reply, replied_by=actor, replied_at=timezone.now()
        )
        if not answered:
            raise ValidationError(_("This response has already been answered"))
        response.refresh_from_db()
        _audit(AuditAction.MEETING_RESPONDED, actor, context, meeting, "answered")
        recipients = [response.parent] if is_parent_of(response.parent, meeting.pupil) else []
        notify(
            recipients=recipients,
            kind=NotificationKind.MEETING,
            text=gettext_noop("The school answered your response about %(name)s's meeting."),
            params={"name": meeting.pupil.display_name},
            url=record_url(meeting),
        )
        _refresh_pages(
            meeting, [user.pk for user in [*recipients, *school_sencos(meeting.school_id)]]
        )
    return response


def next_step_mark(*, actor: User, context: AuditContext, step: NextStep, done: bool) -> NextStep:
    """Mark a next step done or not done. Caller: the SENCO for any step; a linked parent for a
    parent-owned step of a shared record (access_next_step_to_mark). Open pages refreshed."""
    meeting = step.meeting
    allowed = holds_manager_role(actor, meeting.school_id) or (
        step.owner == StepOwner.PARENT and meeting.is_shared and is_parent_of(actor, meeting.pupil)
    )
    if not allowed:
        raise ValidationError(_("You cannot mark this step"))
    with transaction.atomic():
        if done:
            NextStep.objects.filter(pk=step.pk, done_at__isnull=True).update(
                done_at=timezone.now(), done_by=actor
            )
        else:
            NextStep.objects.filter(pk=step.pk).update(done_at=None, done_by=None)
        step.refresh_from_db()
        _audit(
            AuditAction.MEETING_CHANGED,
            actor,
            context,
            meeting,
            f"next step {step.pk} {'done' if done else 'not done'}",
        )
        parents = pupil_parents(meeting.pupil) if meeting.is_shared else []
        _refresh_pages(meeting, [user.pk for user in [*parents, *school_sencos(meeting.school_id)]])
    return step


# Parents' views before a review ----------------------------------------------------------------


def parent_views_request(
    *,
    actor: User,
    context: AuditContext,
    meeting: Meeting,
    answer_by: datetime.date | None,
    now: datetime.datetime | None = None,
) -> ParentViews:
    """Ask the parents for their views before a meeting, by a date. Caller: the SENCO. Not for a
    cancelled meeting, nor once its record is shared, nor twice while a request is unanswered.
    The parents are notified (NotificationKind.PARENT_VIEWS)."""
    _require_manager(actor, meeting.school_id)
    today = local_today(now)
    if answer_by is None:
        raise ValidationError({"answer_by": _("Enter the date to answer by")})
    if not today <= answer_by <= today + datetime.timedelta(days=366):
        raise ValidationError({"answer_by": _("The date must be from today and within a year")})
    with transaction.atomic():
        fresh = _lock(meeting)
        if fresh.date_status == DateStatus.CANCELLED:
            raise ValidationError(_("This meeting was cancelled"))
        _require_draft(fresh)
        if ParentViews.objects.filter(meeting=meeting, answered_at__isnull=True).exists():
            raise ValidationError(
                _("The parents have already been asked and have not answered yet")
            )
        views = ParentViews.objects.create(
            school_id=meeting.school_id,
            pupil=meeting.pupil,
            meeting=meeting,
            cycle=meeting.cycle,
            requested_by=actor,
            answer_by=answer_by,
        )
        audit_record(
            action=AuditAction.PARENT_VIEWS_CHANGED,
            actor=actor,
            context=context,
            obj=views,
            detail="asked",
        )
        _tell_parents(
            meeting,
            gettext_noop("The school would like your views about %(name)s before a meeting."),
            reverse("support:parent_views_answer", args=[views.pk]),
            kind=NotificationKind.PARENT_VIEWS,
        )
    return views


def parent_views_closed_reason(meeting: Meeting | None) -> str | None:
    """Why views can no longer be sent for this meeting, or None while they can: a shared
    record is read-only and a cancelled meeting weighs nothing."""
    if meeting is None:
        return None
    if meeting.record_status == RecordStatus.SHARED:
        return _(
            "The record of this meeting has been shared, so views can no longer be sent: "
            "you can respond to the record instead"
        )
    if meeting.date_status == DateStatus.CANCELLED:
        return _("This meeting was cancelled, so views can no longer be sent")
    return None


def parent_views_submit(
    *,
    actor: User,
    context: AuditContext,
    views: ParentViews,
    going_well: str,
    worries: str,
    to_discuss: str,
    from_home: str,
    attachments: Sequence[CleanFile] = (),
) -> ParentViews:
    """A parent's answers to a request for their views, with any files. Caller: a linked parent
    (access_parent_views_to_answer). Once: the first answer stands (a second is refused). At
    least one answer is needed. The SENCO is told; the answers then show in the meeting's record
    and fill in the parents' views of a draft record."""
    _require_parent(actor, views.pupil)
    answers = {
        "going_well": _clean_text(going_well, "going_well"),
        "worries": _clean_text(worries, "worries"),
        "to_discuss": _clean_text(to_discuss, "to_discuss"),
        "from_home": _clean_text(from_home, "from_home"),
    }
    if not any(answers.values()):
        raise ValidationError({"going_well": _("Answer at least one of the questions")})
    with transaction.atomic():
        if views.meeting_id is not None:
            # Locked so a share or a cancellation cannot slip in between.
            closed = parent_views_closed_reason(
                Meeting.objects.select_for_update().get(pk=views.meeting_id)
            )
            if closed:
                raise ValidationError(closed)
        claimed = ParentViews.objects.filter(pk=views.pk, answered_at__isnull=True).update(
            answered_at=timezone.now(), answered_by=actor, **answers
        )
        if not claimed:
            raise ValidationError(_("These views have already been given"))
        stored = attachments_store(
            actor=actor, school=views.pupil.school, files=attachments, context=context
        )
        if stored:
            views.attachments.add(*stored)
        views.refresh_from_db()
        audit_record(
            action=AuditAction.PARENT_VIEWS_CHANGED,
            actor=actor,
            context=context,
            obj=views,
            detail="given",
        )
        if views.meeting is not None:
            _tell_sencos(
                views.meeting,
                gettext_noop("A parent gave their views about %(name)s before a meeting."),
                record_url(views.meeting),
                kind=NotificationKind.PARENT_VIEWS,
            )
        else:
            notify(
                recipients=school_sencos(views.school_id),
                kind=NotificationKind.PARENT_VIEWS,
                text=gettext_noop("A parent gave their views about %(name)s."),
                params={"name": views.pupil.display_name},
                url=reverse("portal:pupil_detail", args=[views.pupil_id]),
            )
    return views


def parent_views_as_text(answered: Sequence[ParentViews]) -> str:
    """The parents' answers as the text that fills in a draft record's parents' views."""
    parts = []
    for views in answered:
        for label, value in (
            (_("What is going well"), views.going_well),
            (_("What worries them"), views.worries),
            (_("What they would like discussed"), views.to_discuss),
            (_("From home"), views.from_home),
        ):
            if value:
                parts.append(f"{label}: {value}")
    return "\n".join(parts)[:MAX_TEXT]
