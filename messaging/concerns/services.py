"""Writes for concerns: raising one, each step staff and the parent take, revised dates, the
overdue notices the worker sends, and each school's concerns procedure.

Every step adds one entry to the concern's append-only timeline, records an audit event, tells
the other party (a notification, which also refreshes their open page) and refreshes the open
pages of everyone else who can see the concern. Nothing leaves before the transaction commits.

Deadlines are counted in school days from the school calendar. A concern received on a school
day before CUT_OFF (16:00, the school's time zone) counts from that day; one received later, or
on a day that is not a school day, counts from the next school day. The acknowledgement is due
N school days after that day and the answer M school days after it (the school's limits).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit.actors import Actor, AuditContext, SystemActor
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.files.services import attachments_store
from portal.i18n import format_date
from portal.lib.school_days import add_school_days, is_school_day, next_school_day
from portal.lib.uploads import CleanFile
from portal.notifications.models import Delivery, NotificationKind, NotificationPreference
from portal.notifications.services import absolute_url, email_enqueue, live_update, notify
from portal.people.models import StaffMembership, User
from portal.pupils.access import is_parent_of
from portal.pupils.models import Pupil
from portal.schools.models import School
from portal.schools.selectors import school_calendar

from .access import CONCERN_ROLES, holds_concern_role, is_raiser
from .models import (
    MAX_LIMIT_DAYS,
    OPEN_STATUSES,
    ComplaintStage,
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernEventKind,
    ConcernPolicy,
    ConcernStatus,
    Deadline,
)

CUT_OFF = datetime.time(16, 0)
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a reference read over the phone is not misheard.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
REFERENCE_LENGTH = 6
MAX_TEXT = 5000
WORKER = SystemActor("concern deadlines")


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_today(now: datetime.datetime | None = None) -> datetime.date:
    return (now or timezone.now()).astimezone(local_zone()).date()


# Policy -------------------------------------------------------------------------------------


def concern_policy_for(*, school: School) -> ConcernPolicy:
    """The school's concerns procedure, made with the defaults the first time it is needed.
    Anyone may call it (it reveals nothing)."""
    policy, _created = ConcernPolicy.objects.get_or_create(school=school)
    return policy


@dataclass(frozen=True)
class StageDetails:
    name: str
    how_to_start: str = ""
    contact: str = ""


def concern_policy_update(
    *,
    actor: User,
    context: AuditContext,
    school: School,
    acknowledge_within_days: int,
    answer_within_days: int,
    complaints_procedure_url: str,
    stages: Iterable[StageDetails],
) -> ConcernPolicy:
    """Set the school's limits and complaints stages (the stages replace the old ones, in the
    order given). Caller: the school's SENCO or headteacher (access_school_concerns). Concerns
    already raised keep their dates; the new limits apply to concerns raised from now on."""
    errors = {}
    if not 1 <= acknowledge_within_days <= MAX_LIMIT_DAYS:
        errors["acknowledge_within_days"] = _("Enter a number of school days from 1 to 40")
    if not 1 <= answer_within_days <= MAX_LIMIT_DAYS:
        errors["answer_within_days"] = _("Enter a number of school days from 1 to 40")
    if not errors and answer_within_days < acknowledge_within_days:
        errors["answer_within_days"] = _(
            "The days to answer must be at least the days to acknowledge"
        )
    if errors:
        raise ValidationError(errors)
    stages = [stage for stage in stages if stage.name.strip()]
    with transaction.atomic():
        policy = concern_policy_for(school=school)
        policy.acknowledge_within_days = acknowledge_within_days
        policy.answer_within_days = answer_within_days
        policy.complaints_procedure_url = complaints_procedure_url
        policy.full_clean(exclude=["school"])
        policy.save()
        policy.stages.all().delete()
        ComplaintStage.objects.bulk_create(
            [
                ComplaintStage(
                    policy=policy,
                    order=index,
                    name=stage.name.strip()[:200],
                    how_to_start=stage.how_to_start.strip(),
                    contact=stage.contact.strip()[:300],
                )
                for index, stage in enumerate(stages, start=1)
            ]
        )
        audit_record(
            action=AuditAction.CONCERN_POLICY_CHANGED, actor=actor, context=context, obj=policy
        )
    return policy


# Deadlines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcernDates:
    counts_from: datetime.date
    acknowledge_by: datetime.date
    answer_by: datetime.date


def concern_dates(
    *, school: School, received_at: datetime.datetime, policy: ConcernPolicy
) -> ConcernDates:
    """The first school day a concern counts from and its two due dates (see the module)."""
    calendar = school_calendar(school)
    local = received_at.astimezone(local_zone())
    day = local.date()
    if is_school_day(calendar, day) and local.time() < CUT_OFF:
        counts_from = day
    else:
        counts_from = next_school_day(calendar, day + datetime.timedelta(days=1))
    return ConcernDates(
        counts_from=counts_from,
        acknowledge_by=add_school_days(calendar, counts_from, policy.acknowledge_within_days),
        answer_by=add_school_days(calendar, counts_from, policy.answer_within_days),
    )


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` ends, in the school's time zone."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(0, 0), tzinfo=local_zone()
    )


def _schedule_check(concern: Concern, deadline: Deadline, due: datetime.date) -> None:
    from .tasks import concern_deadline_check

    concern_deadline_check.using(run_after=end_of_day(due)).enqueue(
        concern_id=concern.pk, deadline=str(deadline), due=due.isoformat()
    )


# Who hears of each step ---------------------------------------------------------------------


def concern_staff(concern: Concern) -> list[User]:
    """The school's SENCOs and headteachers and the assignee: who is told of the parent's steps.
    One query."""
    return list(
        User.objects.filter(
            Q(
                pk__in=StaffMembership.objects.filter(
                    school_id=concern.school_id, role__in=CONCERN_ROLES
                ).values("user_id")
            )
            | Q(pk=concern.assigned_to_id or 0),
            is_active=True,
        ).distinct()
    )


def _tell(
    concern: Concern,
    *,
    recipients: list[User],
    everyone: list[User],
    text: str,
) -> None:
    """Notify `recipients` and refresh the open concern page of everyone else who sees it."""
    url = concern.get_absolute_url()
    notify(
        recipients=recipients,
        kind=NotificationKind.CONCERN,
        text=text,
        params={"reference": concern.reference},
        url=url,
    )
    told = {user.pk for user in recipients}
    live_update(user_ids=[user.pk for user in everyone if user.pk not in told], url=url)
    # The other pages that show this concern: the child's page, and for the school's staff the
    # concern list and the dashboard's counts.
    live_update(
        user_ids=[user.pk for user in everyone],
        url=reverse("portal:pupil_detail", args=[concern.pupil_id]),
    )
    staff_ids = [user.pk for user in everyone if user.pk != concern.raised_by_id]
    live_update(
        user_ids=staff_ids,
        url=reverse("messaging:school_concern_list", args=[concern.school_id]),
    )
    live_update(user_ids=staff_ids, url=reverse("portal:dashboard"))


def _email_formal_step(concern: Concern, parent: User) -> None:
    """A formal step of the concerns procedure (acknowledged, answered, a date revised or
    missed) also goes to the parent by email through the outbox, whatever their notification
    choice, as a school's letter would: a link only, never the child's details. Those who chose
    email at once already get one from `notify`."""
    preference = (
        NotificationPreference.objects.filter(user=parent)
        .values_list("delivery", flat=True)
        .first()
    )
    if preference == Delivery.EMAIL_AT_ONCE:
        return
    with translation.override(parent.preferred_language or settings.LANGUAGE_CODE):
        email_enqueue(
            to=parent.email,
            subject=_("You have a new message in the SEN Support portal"),
            body=render_to_string(
                "notifications/email/notification.txt",
                {"link": absolute_url(concern.get_absolute_url())},
            ),
        )


def _record_step(
    *,
    concern: Concern,
    actor: Actor,
    context: AuditContext,
    kind: ConcernEventKind,
    body: str = "",
    **event_fields,
) -> ConcernEvent:
    event = ConcernEvent.objects.create(
        concern=concern,
        kind=kind,
        author=actor if isinstance(actor, User) else None,
        body=body,
        **event_fields,
    )
    audit_record(
        action=AuditAction.CONCERN_UPDATED,
        actor=actor,
        context=context,
        obj=concern,
        detail=str(kind),
    )
    return event


def _attach(
    event: ConcernEvent,
    *,
    actor: Actor,
    context: AuditContext,
    school: School,
    files: Sequence[CleanFile],
) -> None:
    if files:
        event.attachments.add(
            *attachments_store(actor=actor, school=school, files=files, context=context)
        )


def _clean_text(value: str, field: str, missing: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: missing})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("Enter no more than 5,000 characters")})
    if "\x00" in text:
        raise ValidationError({field: _("Remove the hidden characters from the text")})
    return text


# Raising --------------------------------------------------------------------------------------


def _new_reference() -> str:
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def concern_raise(
    *,
    actor: User,
    context: AuditContext,
    pupil: Pupil,
    category: str,
    what_happened: str,
    would_like: str,
    attachments: Sequence[CleanFile] = (),
    now: datetime.datetime | None = None,
) -> Concern:
    """A parent raises a concern about their child.

    Caller: a parent linked to the pupil. Works out the dates from the school's calendar and
    limits, adds the "raised" entry to the timeline, tells the school's SENCOs and headteachers,
    and queues the checks that tell the parent if a date passes without the step. Attachments
    (already made safe by the AttachmentsField) are stored and linked to the "raised" entry.
    """
    if not is_parent_of(actor, pupil):
        raise ValidationError(_("You can only raise a concern about your own child"))
    if category not in ConcernCategory.values:
        raise ValidationError({"category": _("Select what your concern is about")})
    what_happened = _clean_text(what_happened, "what_happened", _("Enter what happened"))
    would_like = _clean_text(would_like, "would_like", _("Enter what you would like to happen"))
    received_at = now or timezone.now()
    school = pupil.school
    with transaction.atomic():
        policy = concern_policy_for(school=school)
        dates = concern_dates(school=school, received_at=received_at, policy=policy)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    concern = Concern.objects.create(
                        school=school,
                        pupil=pupil,
                        raised_by=actor,
                        category=category,
                        what_happened=what_happened,
                        would_like=would_like,
                        reference=_new_reference(),
                        received_at=received_at,
                        counts_from=dates.counts_from,
                        acknowledge_by=dates.acknowledge_by,
                        answer_by=dates.answer_by,
                    )
                break
            except IntegrityError:
                continue
        else:
            raise RuntimeError("No free concern reference after five tries.")
        raised = ConcernEvent.objects.create(
            concern=concern, kind=ConcernEventKind.RAISED, author=actor, created_at=received_at
        )
        _attach(raised, actor=actor, context=context, school=school, files=attachments)
        audit_record(action=AuditAction.CONCERN_RAISED, actor=actor, context=context, obj=concern)
        staff = concern_staff(concern)
        _tell(
            concern,
            recipients=staff,
            everyone=[actor, *staff],
            text=gettext_noop("A parent raised a concern (%(reference)s)."),
        )
        _schedule_check(concern, Deadline.ACKNOWLEDGE, concern.acknowledge_by)
        _schedule_check(concern, Deadline.ANSWER, concern.answer_by)
    return concern


# Staff steps ------------------------------------------------------------------------------------


Changes = Callable[[Concern], dict]


def _lock_and_apply(concern: Concern, changes: Changes) -> None:
    """Lock the concern's row, check the step against it as it is now and write the changes.
    Two people acting at once are then taken one after the other, and the second is refused
    when the first made their step pointless (a concern closed while it was being answered).
    The caller's copy is brought up to date. Inside the caller's transaction."""
    fresh = Concern.objects.select_for_update().get(pk=concern.pk)
    values = changes(fresh)
    if values:
        Concern.objects.filter(pk=concern.pk).update(**values)
    for name in (
        "status",
        "assigned_to_id",
        "acknowledge_by",
        "answer_by",
        "acknowledged_at",
        "in_progress_at",
        "answered_at",
        "closed_at",
        "escalated_at",
    ):
        setattr(concern, name, getattr(fresh, name))
    for name, value in values.items():
        setattr(concern, name, value)


def _raiser_if_linked(concern: Concern) -> list[User]:
    """The parent who raised the concern, unless their link to the child was revoked: they are
    then told nothing more about it."""
    return [concern.raised_by] if is_parent_of(concern.raised_by, concern.pupil) else []


def _staff_step(
    *,
    actor: User,
    context: AuditContext,
    concern: Concern,
    kind: ConcernEventKind,
    text: str,
    changes: Changes,
    body: str = "",
    attachments: Sequence[CleanFile] = (),
    formal: bool = False,
    **event_fields,
) -> ConcernEvent:
    """One step by staff: the row locked and re-checked, the timeline entry, the files, and the
    parent told (by email too when `formal`: acknowledged, answered, a date revised)."""
    if not holds_concern_role(actor, concern):
        raise ValidationError(_("Only the school's SENCO, headteacher or assignee can do this"))
    with transaction.atomic():
        _lock_and_apply(concern, changes)
        event = _record_step(
            concern=concern, actor=actor, context=context, kind=kind, body=body, **event_fields
        )
        _attach(event, actor=actor, context=context, school=concern.school, files=attachments)
        staff = concern_staff(concern)
        parent = _raiser_if_linked(concern)
        _tell(concern, recipients=parent, everyone=[*parent, *staff], text=text)
        if formal and parent:
            _email_formal_step(concern, parent[0])
    return event


def _require_open(concern: Concern) -> None:
    if concern.status not in OPEN_STATUSES:
        raise ValidationError(_("This concern is no longer open"))


def _acknowledge_changes(concern: Concern) -> dict:
    if concern.acknowledged_at is not None:
        raise ValidationError(_("This concern has already been acknowledged"))
    _require_open(concern)
    changes = {"acknowledged_at": timezone.now()}
    if concern.status == ConcernStatus.RECEIVED:
        changes["status"] = ConcernStatus.ACKNOWLEDGED
    return changes


def concern_acknowledge(*, actor: User, context: AuditContext, concern: Concern) -> ConcernEvent:
    """Acknowledge the concern. Caller: the school's SENCO or headteacher, or the assignee
    (access_concern_to_manage). Only while the concern has not been acknowledged."""
    _acknowledge_changes(concern)
    return _staff_step(
        actor=actor,
        context=context,
        concern=concern,
        kind=ConcernEventKind.ACKNOWLEDGED,
        text=gettext_noop("The school acknowledged your concern (%(reference)s)."),
        changes=_acknowledge_changes,
        formal=True,
    )


def concern_assign(
    *, actor: User, context: AuditContext, concern: Concern, assignee: User
) -> ConcernEvent:
    """Give the concern to a member of staff of its school, who can then see and act on it.
    Caller: as concern_acknowledge. The assignee is told."""
    if not StaffMembership.objects.filter(user=assignee, school_id=concern.school_id).exists():
        raise ValidationError({"assignee": _("Select a member of staff at this school")})
    with transaction.atomic():
        event = _staff_step(
            actor=actor,
            context=context,
            concern=concern,
            kind=ConcernEventKind.ASSIGNED,
            text=gettext_noop(
                "A member of staff is now looking after your concern (%(reference)s)."
            ),
            changes=lambda _fresh: {"assigned_to": assignee},
            assignee=assignee,
        )
        if assignee.pk != actor.pk:
            notify(
                recipients=[assignee],
                kind=NotificationKind.CONCERN,
                text=gettext_noop("A concern (%(reference)s) was assigned to you."),
                params={"reference": concern.reference},
                url=concern.get_absolute_url(),
            )
    return event


def _in_progress_changes(concern: Concern) -> dict:
    _require_open(concern)
    if concern.status == ConcernStatus.IN_PROGRESS:
        raise ValidationError(_("This concern is already in progress"))
    now = timezone.now()
    changes = {"status": ConcernStatus.IN_PROGRESS, "in_progress_at": now}
    if concern.acknowledged_at is None:
        changes["acknowledged_at"] = now
    return changes


def concern_mark_in_progress(
    *, actor: User, context: AuditContext, concern: Concern
) -> ConcernEvent:
    """The school is looking into the concern. Caller: as concern_acknowledge. Marking it in
    progress also acknowledges it, if that was not yet done."""
    _in_progress_changes(concern)
    return _staff_step(
        actor=actor,
        context=context,
        concern=concern,
        kind=ConcernEventKind.IN_PROGRESS,
        text=gettext_noop("The school is looking into your concern (%(reference)s)."),
        changes=_in_progress_changes,
    )


def _reply_changes(concern: Concern) -> dict:
    if concern.acknowledged_at is None and concern.status in OPEN_STATUSES:
        return {"acknowledged_at": timezone.now(), "status": ConcernStatus.ACKNOWLEDGED}
    return {}


def concern_reply(
    *,
    actor: User,
    context: AuditContext,
    concern: Concern,
    body: str,
    attachments: Sequence[CleanFile] = (),
) -> ConcernEvent:
    """A message from the school on the timeline, with any attachments. Caller: as
    concern_acknowledge. A reply acknowledges the concern, if that was not yet done."""
    body = _clean_text(body, "body", _("Enter your reply"))
    return _staff_step(
        actor=actor,
        context=context,
        concern=concern,
        kind=ConcernEventKind.REPLY,
        text=gettext_noop("The school replied about your concern (%(reference)s)."),
        changes=_reply_changes,
        body=body,
        attachments=attachments,
    )


def _answer_changes(concern: Concern) -> dict:
    _require_open(concern)
    now = timezone.now()
    changes = {"status": ConcernStatus.ANSWERED, "answered_at": now}
    if concern.acknowledged_at is None:
        changes["acknowledged_at"] = now
    return changes


def concern_answer(
    *, actor: User, context: AuditContext, concern: Concern, body: str
) -> ConcernEvent:
    """The school's answer to the concern (status answered). Caller: as concern_acknowledge.
    Only while the concern is open; it is acknowledged too, if that was not yet done."""
    body = _clean_text(body, "body", _("Enter the school's answer"))
    _require_open(concern)
    return _staff_step(
        actor=actor,
        context=context,
        concern=concern,
        kind=ConcernEventKind.ANSWERED,
        text=gettext_noop("The school answered your concern (%(reference)s)."),
        changes=_answer_changes,
        formal=True,
        body=body,
    )


def _close_changes(concern: Concern) -> dict:
    if concern.status == ConcernStatus.CLOSED:
        raise ValidationError(_("This concern is already closed"))
    return {"status": ConcernStatus.CLOSED, "closed_at": timezone.now()}


def concern_close(*, actor: User, context: AuditContext, concern: Concern) -> ConcernEvent:
    """Close the concern. Caller: as concern_acknowledge. Not once it is already closed."""
    _close_changes(concern)
    return _staff_step(
        actor=actor,
        context=context,
        concern=concern,
        kind=ConcernEventKind.CLOSED,
        text=gettext_noop("The school closed your concern (%(reference)s)."),
        changes=_close_changes,
    )


def latest_revised_date(today: datetime.date) -> datetime.date:
    """The latest date a deadline may be moved to: one year from today."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def check_new_date(concern: Concern, new_date: datetime.date, today: datetime.date) -> None:
    """A revised date must be from today on, on or after the day the concern counts from (its
    due dates never come before it) and within a year."""
    if new_date < today:
        raise ValidationError({"new_date": _("The new date must be today or in the future")})
    if new_date < concern.counts_from:
        raise ValidationError(
            {
                "new_date": _("The new date must be on or after %(date)s")
                % {"date": format_date(concern.counts_from, "long")}
            }
        )
    if new_date > latest_revised_date(today):
        raise ValidationError({"new_date": _("The new date must be within a year")})


def concern_revise_date(
    *,
    actor: User,
    context: AuditContext,
    concern: Concern,
    deadline: str,
    new_date: datetime.date,
    reason: str,
    now: datetime.datetime | None = None,
) -> ConcernEvent:
    """Set a revised date to acknowledge or to answer by, with a reason the parent sees.
    Caller: as concern_acknowledge. The date must be a school day from today on, on or after
    the day the concern counts from and within a year; the check queued for the old date then
    finds nothing to do, and a new one is queued."""
    _require_open(concern)
    if deadline not in Deadline.values:
        raise ValidationError({"deadline": _("Select which date to revise")})
    reason = _clean_text(reason, "reason", _("Enter the reason for the new date"))
    if new_date is None:
        raise ValidationError({"new_date": _("Enter the new date")})
    today = local_today(now)
    check_new_date(concern, new_date, today)
    if not is_school_day(school_calendar(concern.school), new_date):
        raise ValidationError({"new_date": _("The new date must be a school day")})
    field = "acknowledge_by" if deadline == Deadline.ACKNOWLEDGE else "answer_by"

    def changes(fresh: Concern) -> dict:
        _require_open(fresh)
        if deadline == Deadline.ACKNOWLEDGE and fresh.acknowledged_at is not None:
            raise ValidationError({"deadline": _("This concern has already been acknowledged")})
        if deadline == Deadline.ANSWER and fresh.answered_at is not None:
            raise ValidationError({"deadline": _("This concern has already been answered")})
        return {field: new_date}

    changes(concern)
    with transaction.atomic():
        event = _staff_step(
            actor=actor,
            context=context,
            concern=concern,
            formal=True,
            kind=ConcernEventKind.DEADLINE_REVISED,
            text=gettext_noop("The school set a new date for your concern (%(reference)s)."),
            changes=changes,
            deadline=deadline,
            new_date=new_date,
            reason=reason,
        )
        _schedule_check(concern, Deadline(deadline), new_date)
    return event


# Parent steps -----------------------------------------------------------------------------------


def _parent_step(
    *,
    actor: User,
    context: AuditContext,
    concern: Concern,
    kind: ConcernEventKind,
    text: str,
    changes: Changes,
    body: str = "",
    attachments: Sequence[CleanFile] = (),
) -> ConcernEvent:
    if not is_raiser(actor, concern):
        raise ValidationError(_("Only the parent who raised this concern can do this"))
    with transaction.atomic():
        _lock_and_apply(concern, changes)
        event = _record_step(concern=concern, actor=actor, context=context, kind=kind, body=body)
        _attach(event, actor=actor, context=context, school=concern.school, files=attachments)
        staff = concern_staff(concern)
        _tell(concern, recipients=staff, everyone=[actor, *staff], text=text)
    return event


def concern_parent_reply(
    *,
    actor: User,
    context: AuditContext,
    concern: Concern,
    body: str,
    attachments: Sequence[CleanFile] = (),
) -> ConcernEvent:
    """The parent adds to the timeline, with any attachments. Caller: the parent who raised it
    (access_concern_as_raiser). The SENCOs, headteachers and assignee are told."""
    body = _clean_text(body, "body", _("Enter your reply"))
    return _parent_step(
        actor=actor,
        context=context,
        concern=concern,
        kind=ConcernEventKind.PARENT_REPLY,
        text=gettext_noop("The parent replied about a concern (%(reference)s)."),
        changes=lambda _fresh: {},
        body=body,
        attachments=attachments,
    )


def _escalate_changes(concern: Concern) -> dict:
    if concern.status not in (ConcernStatus.ANSWERED, ConcernStatus.CLOSED):
        raise ValidationError(_("You can say this once the school has answered your concern"))
    return {"status": ConcernStatus.ESCALATED, "escalated_at": timezone.now()}


def concern_escalate(
    *, actor: User, context: AuditContext, concern: Concern, body: str = ""
) -> ConcernEvent:
    """The parent says the school's answer did not resolve the concern (status "not resolved");
    the concern page then shows the next stage. Caller: the parent who raised it, once the
    school has answered or closed it."""
    _escalate_changes(concern)
    body = (body or "").strip()
    if len(body) > MAX_TEXT or "\x00" in body:
        raise ValidationError({"body": _("Enter no more than 5,000 characters")})
    return _parent_step(
        actor=actor,
        context=context,
        concern=concern,
        kind=ConcernEventKind.ESCALATED,
        text=gettext_noop("A parent said a concern (%(reference)s) is not resolved."),
        changes=_escalate_changes,
        body=body,
    )


# Overdue notices --------------------------------------------------------------------------------


def concern_deadline_passed(
    *, concern_id: int, deadline: str, due: datetime.date, now: datetime.datetime | None = None
) -> bool:
    """Tell the parent once that a date passed without the step. Caller: the worker (the task
    queued for the end of the due day).

    Re-checks the concern as it is now: nothing happens when the step was taken, the concern is
    no longer open, the date was revised since, or the parent was already told for this date
    (the claim is one conditional update, so a task run twice tells them once). The parent gets
    a notification and, because this is a formal step, an email through the outbox whatever
    their preference (a link only, never the child's details).
    """
    if local_today(now) <= due:
        return False
    if deadline == Deadline.ACKNOWLEDGE:
        due_field, done_field, told_field = (
            "acknowledge_by",
            "acknowledged_at",
            ("acknowledge_overdue_for"),
        )
        kind = ConcernEventKind.ACKNOWLEDGE_OVERDUE
        text = gettext_noop("The school has not acknowledged your concern (%(reference)s) in time.")
    else:
        due_field, done_field, told_field = "answer_by", "answered_at", "answer_overdue_for"
        kind = ConcernEventKind.ANSWER_OVERDUE
        text = gettext_noop("The school has not answered your concern (%(reference)s) in time.")
    with transaction.atomic():
        claimed = (
            Concern.objects.filter(
                pk=concern_id,
                status__in=OPEN_STATUSES,
                **{due_field: due, f"{done_field}__isnull": True},
            )
            .filter(Q(**{f"{told_field}__isnull": True}) | Q(**{f"{told_field}__lt": due}))
            .update(**{told_field: due})
        )
        if not claimed:
            return False
        concern = Concern.objects.select_related("raised_by", "pupil").get(pk=concern_id)
        ConcernEvent.objects.create(concern=concern, kind=kind, new_date=due)
        audit_record(
            action=AuditAction.CONCERN_UPDATED,
            actor=WORKER,
            context=AuditContext(),
            obj=concern,
            detail=str(kind),
        )
        parent = concern.raised_by
        staff = concern_staff(concern)
        told = _raiser_if_linked(concern)
        _tell(concern, recipients=told, everyone=[*told, *staff], text=text)
        if told:
            _email_formal_step(concern, parent)
    return True
