"""Writes: starting a conversation, sending a message, reading a thread, quiet hours, and telling
members of new messages when quiet hours allow."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from messaging.conversations import selectors
from messaging.conversations.access import is_current_member, may_start_about
from messaging.conversations.models import (
    Conversation,
    ConversationMember,
    MemberRole,
    Message,
    QuietHours,
)
from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.files.services import attachments_store
from portal.lib.uploads import CleanFile
from portal.notifications.models import NotificationKind
from portal.notifications.services import live_update, notify
from portal.people.models import User
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.pupils.access import is_parent_of
from portal.pupils.models import Pupil
from portal.schools.models import School

BODY_MAX_LENGTH = 5000
SUBJECT_MAX_LENGTH = 150


def conversation_url(conversation_id: int) -> str:
    return reverse("messaging:conversation_detail", args=[conversation_id])


@dataclass(frozen=True)
class Sent:
    """A message written, and when its recipients will be told: None when they were told at
    once, else the end of the school's quiet hours."""

    message: Message
    held_until: datetime.datetime | None


def _check_body(body: str, reply_needed_by: datetime.date | None, today: datetime.date) -> None:
    errors = {}
    if not body.strip():
        errors["body"] = _("Enter your message")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("Your message must be %(count)s characters or fewer") % {
            "count": BODY_MAX_LENGTH
        }
    if reply_needed_by is not None and reply_needed_by <= today:
        errors["reply_needed_by"] = _("The date you need a reply by must be in the future")
    if errors:
        raise ValidationError(errors)


def _post(
    *,
    actor: User,
    context: AuditContext,
    conversation: Conversation,
    body: str,
    reply_needed_by: datetime.date | None,
    attachments: Sequence[CleanFile],
    now: datetime.datetime,
) -> Sent:
    """Write the message inside the caller's transaction, mark earlier messages from the other
    side answered, refresh every member's open page, and tell the others now or when quiet hours
    end."""
    quiet = selectors.quiet_hours_of(school=conversation.school)
    held_until = selectors.quiet_hours_end_for(school=conversation.school, quiet=quiet, now=now)
    message = Message.objects.create(
        conversation=conversation,
        author=actor,
        body=body,
        created_at=now,
        reply_needed_by=reply_needed_by,
        notified_at=None if held_until else now,
    )
    if attachments:
        message.attachments.set(
            attachments_store(
                actor=actor, school=conversation.school, files=attachments, context=context
            )
        )
    _mark_answered(conversation=conversation, author=actor, now=now)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    ConversationMember.objects.filter(conversation=conversation, user=actor).update(
        last_read_at=now
    )
    member_ids = list(
        ConversationMember.objects.filter(conversation=conversation).values_list(
            "user_id", flat=True
        )
    )
    url = conversation_url(conversation.pk)
    live_update(user_ids=member_ids, url=url)
    live_update(user_ids=member_ids, url=reverse("messaging:conversation_list"))
    if held_until is None:
        _notify_members(message=message, conversation=conversation)
    else:
        from messaging.conversations.tasks import message_notify

        message_notify.using(run_after=held_until).enqueue(message_id=message.pk)
    return Sent(message=message, held_until=held_until)


def _mark_answered(*, conversation: Conversation, author: User, now: datetime.datetime) -> None:
    """Only the other side answers: the parent's message answers the staff's messages, and a
    staff message answers the parent's (a colleague's message leaves a question to the parent
    open)."""
    waiting = Message.objects.filter(conversation=conversation, answered_at__isnull=True)
    if author.pk == conversation.parent_id:
        waiting = waiting.exclude(author_id=conversation.parent_id)
    else:
        waiting = waiting.filter(author_id=conversation.parent_id)
    waiting.update(answered_at=now)


def _notify_members(*, message: Message, conversation: Conversation) -> None:
    """Tell every member but the author who may still open the conversation: the pupil's first
    name and the author, never the message itself."""
    members = [
        member.user
        for member in ConversationMember.objects.filter(conversation=conversation)
        .exclude(user_id=message.author_id)
        .select_related("user")
    ]
    recipients = [user for user in members if is_current_member(user, conversation)]
    author = User.objects.get(pk=message.author_id)
    notify(
        recipients=recipients,
        kind=NotificationKind.MESSAGE_RECEIVED,
        text=gettext_noop("%(author)s sent a message about %(pupil)s."),
        params={
            "author": author.get_full_name() or author.email,
            "pupil": selectors.first_name_of(conversation.pupil),
        },
        url=conversation_url(conversation.pk),
    )


def message_notify_held(*, message_id: int) -> bool:
    """Tell the members of a message held through quiet hours. Caller: the background worker.

    The message is claimed with a conditional update of `notified_at`, so a task run twice (or
    by two workers) tells people once. Returns whether this run told them."""
    with transaction.atomic():
        claimed = Message.objects.filter(pk=message_id, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
        if not claimed:
            return False
        message = Message.objects.select_related("conversation__pupil", "conversation__school").get(
            pk=message_id
        )
        _notify_members(message=message, conversation=message.conversation)
    return True


def conversation_start(
    *,
    actor: User,
    context: AuditContext,
    pupil: Pupil,
    parent: User,
    staff: list[User],
    subject: str,
    body: str,
    reply_needed_by: datetime.date | None = None,
    attachments: Sequence[CleanFile] = (),
    now: datetime.datetime | None = None,
) -> tuple[Conversation, Sent]:
    """Start a conversation about a pupil with its first message.

    Caller: a parent linked to the pupil (then `parent` is the actor, and `staff` are chosen
    from `selectors.staff_to_message`), or the school's SENCO (then `parent` is a linked parent,
    and the SENCO joins with any staff chosen). Validates the choices, the subject, the message
    and the "reply needed by" date (in the future). Writes the conversation, its members and the
    first message with its attachments (files already made safe, `AttachmentsField`), audits,
    and tells the others now or when the school's quiet hours end.
    """
    now = now or timezone.now()
    if not may_start_about(actor, pupil):
        raise ValidationError(_("You cannot start a conversation about this pupil."))
    allowed = {choice.user.pk: choice for choice in selectors.staff_to_message(pupil=pupil)}
    errors = {}
    acting_as_parent = actor.pk == parent.pk and is_parent_of(actor, pupil)
    if not acting_as_parent:
        if not roles_for(actor).has_role(pupil.school_id, MANAGE_ROLES):
            raise ValidationError(_("You cannot start a conversation about this pupil."))
        if parent.pk not in {p.pk for p in selectors.linked_parents(pupil=pupil)}:
            errors["parent"] = _("Select the parent or carer to message")
    chosen = {user.pk for user in staff}
    if not acting_as_parent:
        chosen.add(actor.pk)
    if not chosen:
        errors["staff"] = _("Select who you want to message")
    elif not chosen <= set(allowed):
        errors["staff"] = _("Select only staff shown in the list")
    if not subject.strip():
        errors["subject"] = _("Enter a subject")
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = _("The subject must be %(count)s characters or fewer") % {
            "count": SUBJECT_MAX_LENGTH
        }
    try:
        _check_body(body, reply_needed_by, timezone.localdate(now))
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            school_id=pupil.school_id,
            pupil=pupil,
            parent=parent,
            subject=subject.strip(),
            started_by=actor,
            created_at=now,
            last_message_at=now,
        )
        conversation.pupil = pupil
        conversation.school = pupil.school
        ConversationMember.objects.bulk_create(
            [ConversationMember(conversation=conversation, user=parent, role=MemberRole.PARENT)]
            + [
                ConversationMember(conversation=conversation, user_id=pk, role=allowed[pk].role)
                for pk in sorted(chosen)
            ]
        )
        audit_record(
            action=AuditAction.CONVERSATION_STARTED,
            actor=actor,
            context=context,
            obj=conversation,
            detail=f"pupil {pupil.pk}",
        )
        sent = _post(
            actor=actor,
            context=context,
            conversation=conversation,
            body=body,
            reply_needed_by=reply_needed_by,
            attachments=attachments,
            now=now,
        )
    return conversation, sent


def message_send(
    *,
    actor: User,
    context: AuditContext,
    conversation: Conversation,
    body: str,
    reply_needed_by: datetime.date | None = None,
    attachments: Sequence[CleanFile] = (),
    now: datetime.datetime | None = None,
) -> Sent:
    """Add a message to a conversation. Caller: a member who may open it (access_conversation).

    Validates the message and the "reply needed by" date (in the future); stores any attachments
    (files already made safe, `AttachmentsField`) with the message. Earlier messages from the
    other side count as answered (staff answer the parent, the parent answers staff). Every
    member's open page refreshes at once; the others are told now, or, in the school's quiet
    hours, by a task queued for when they end.
    """
    now = now or timezone.now()
    if not is_current_member(actor, conversation):
        raise ValidationError(_("You cannot send a message in this conversation."))
    _check_body(body, reply_needed_by, timezone.localdate(now))
    with transaction.atomic():
        sent = _post(
            actor=actor,
            context=context,
            conversation=conversation,
            body=body,
            reply_needed_by=reply_needed_by,
            attachments=attachments,
            now=now,
        )
        audit_record(
            action=AuditAction.MESSAGE_SENT,
            actor=actor,
            context=context,
            obj=conversation,
            detail=f"message {sent.message.pk}",
        )
    return sent


def conversation_mark_read(
    *, actor: User, conversation: Conversation, now: datetime.datetime | None = None
) -> bool:
    """Record that the actor has read the conversation up to now, only when something in it is
    newer than their last read (so a page view writes nothing otherwise). The other members'
    open pages refresh to show the read receipt. Caller: a member who opened the page."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = (
            ConversationMember.objects.filter(conversation=conversation, user=actor)
            .exclude(last_read_at__gte=conversation.last_message_at)
            .update(last_read_at=now)
        )
        if updated:
            others = ConversationMember.objects.filter(conversation=conversation).exclude(
                user=actor
            )
            live_update(
                user_ids=others.values_list("user_id", flat=True),
                url=conversation_url(conversation.pk),
            )
    return bool(updated)


def quiet_hours_set(
    *,
    actor: User,
    context: AuditContext,
    school: School,
    enabled: bool,
    starts_at: datetime.time | None,
    ends_at: datetime.time | None,
    weekends: bool,
) -> QuietHours:
    """Set a school's quiet hours. Caller: the school's SENCO or headteacher
    (access_school_quiet_hours). With quiet hours on, both times are needed and must differ.
    Messages already held keep the time they were held until."""
    if enabled:
        errors = {}
        if starts_at is None:
            errors["starts_at"] = _("Enter the time quiet hours start, for example 18:00")
        if ends_at is None:
            errors["ends_at"] = _("Enter the time quiet hours end, for example 07:30")
        if not errors and starts_at == ends_at:
            errors["ends_at"] = _("The time quiet hours end must be different from the start")
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        quiet, _created = QuietHours.objects.update_or_create(
            school=school,
            defaults={
                "enabled": enabled,
                "starts_at": starts_at if enabled else None,
                "ends_at": ends_at if enabled else None,
                "weekends": weekends,
                "updated_by": actor,
            },
        )
        audit_record(
            action=AuditAction.QUIET_HOURS_CHANGED,
            actor=actor,
            context=context,
            school_id=school.pk,
            detail=(
                f"on {starts_at:%H:%M}-{ends_at:%H:%M} weekends={weekends}" if enabled else "off"
            ),
        )
    return quiet
