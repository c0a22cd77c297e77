"""Reads about conversations, already scoped to the person who asks. Query counts do not grow
with the number of conversations or messages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging.conversations.access import visible_conversations
from messaging.conversations.models import (
    Conversation,
    ConversationMember,
    MemberRole,
    Message,
    QuietHours,
    member_role_for,
)
from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record, audit_record_each
from portal.files.models import Attachment
from portal.i18n import format_datetime
from portal.lib.quiet_hours import QuietRule, quiet_hours_end
from portal.people.models import GuardianLink, StaffMembership, StaffRole, User
from portal.pupils.models import Pupil
from portal.schools.models import School
from portal.schools.selectors import school_calendar

LIST_PAGE_SIZE = 20
PANEL_SIZE = 10


def school_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def first_name_of(pupil: Pupil) -> str:
    return pupil.preferred_name or pupil.legal_first_name


# Who can be messaged ------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffChoice:
    user: User
    role: MemberRole

    @property
    def label(self) -> str:
        name = self.user.get_full_name() or self.user.email
        return f"{name}, {self.role.label}"


def staff_to_message(*, pupil: Pupil) -> list[StaffChoice]:
    """The school's SENCOs and the staff assigned to the pupil who still work at the school,
    each with the role they are shown with. Two queries."""
    users = (
        User.objects.filter(
            Q(memberships__school_id=pupil.school_id, memberships__role=StaffRole.SENCO)
            | Q(teaching_assignments__pupil=pupil, memberships__school_id=pupil.school_id)
        )
        .distinct()
        .order_by("last_name", "first_name", "id")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=StaffMembership.objects.filter(school_id=pupil.school_id),
                to_attr="memberships_here",
            )
        )
    )
    return [
        StaffChoice(user, member_role_for({m.role for m in user.memberships_here}))
        for user in users
    ]


def linked_parents(*, pupil: Pupil) -> list[User]:
    """The parents and carers linked to the pupil now. One query."""
    return [
        link.parent
        for link in GuardianLink.objects.filter(pupil=pupil, revoked_at__isnull=True)
        .select_related("parent")
        .order_by("parent__last_name", "parent__first_name", "id")
    ]


# Quiet hours --------------------------------------------------------------------------------


def quiet_hours_of(*, school: School) -> QuietHours | None:
    return QuietHours.objects.filter(school=school).first()


def quiet_rule(*, school: School, quiet: QuietHours | None) -> QuietRule | None:
    """The school's quiet hours as the pure rule, with its calendar (holidays and closures are
    quiet when weekends are); None when the school has none."""
    if quiet is None or not quiet.enabled:
        return None
    return QuietRule(
        starts=quiet.starts_at,
        ends=quiet.ends_at,
        weekends=quiet.weekends,
        calendar=school_calendar(school) if quiet.weekends else None,
    )


def quiet_hours_end_for(
    *, school: School, quiet: QuietHours | None, now: datetime.datetime
) -> datetime.datetime | None:
    rule = quiet_rule(school=school, quiet=quiet)
    return quiet_hours_end(rule, now, school_zone()) if rule else None


def quiet_hours_sentence(quiet: QuietHours | None) -> str:
    """How the school's quiet hours read to a parent, or "" when it has none."""
    if quiet is None or not quiet.enabled:
        return ""
    times = {"start": quiet.starts_at.strftime("%H:%M"), "end": quiet.ends_at.strftime("%H:%M")}
    if quiet.weekends:
        return (
            _(
                "The school's staff do not read messages between %(start)s and %(end)s or at "
                "weekends. Nor do they in the school holidays, on bank holidays or on days the "
                "school is closed."
            )
            % times
        )
    return _("The school's staff do not read messages between %(start)s and %(end)s.") % times


def seen_from_sentence(end: datetime.datetime) -> str:
    return _("They will see your message from %(time)s on %(day)s.") % {
        "time": format_datetime(end, "HH:mm"),
        "day": format_datetime(end, "EEEE d MMMM"),
    }


# One conversation ----------------------------------------------------------------------------


@dataclass
class Receipt:
    member: ConversationMember
    seen_at: datetime.datetime | None


@dataclass
class ShownMessage:
    message: Message
    author_member: ConversationMember | None
    mine: bool
    receipts: list[Receipt] = field(default_factory=list)


@dataclass
class Thread:
    conversation: Conversation
    members: list[ConversationMember]
    viewer: ConversationMember
    messages: list[ShownMessage]
    reply_needed: list[Message]  # from the other side, unanswered, with a date
    asked_of_others: list[Message]  # the viewer's own, unanswered, with a date


def conversation_thread_audited(
    *, actor: User, context: AuditContext, conversation: Conversation
) -> Thread:
    """The conversation's members and messages, each message with who has seen it. The read is
    written to the audit trail as a read of the pupil's record. Four queries and the audit."""
    members = list(
        ConversationMember.objects.filter(conversation=conversation).select_related("user")
    )
    by_user = {member.user_id: member for member in members}
    messages = list(
        Message.objects.filter(conversation=conversation).prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
        )
    )
    shown = []
    for message in messages:
        receipts = [
            Receipt(
                member,
                member.last_read_at
                if member.last_read_at and member.last_read_at >= message.created_at
                else None,
            )
            for member in members
            if member.user_id != message.author_id
        ]
        shown.append(
            ShownMessage(
                message=message,
                author_member=by_user.get(message.author_id),
                mine=message.author_id == actor.pk,
                receipts=receipts,
            )
        )
    waiting = [m for m in messages if m.reply_needed_by and m.answered_at is None]
    viewer_is_parent = actor.pk == conversation.parent_id
    audit_record(
        action=AuditAction.PUPIL_VIEWED,
        actor=actor,
        context=context,
        obj=conversation.pupil,
        detail=f"conversation {conversation.pk}",
    )
    return Thread(
        conversation=conversation,
        members=members,
        viewer=by_user[actor.pk],
        messages=shown,
        reply_needed=[
            m
            for m in waiting
            if m.author_id != actor.pk
            and (m.author_id == conversation.parent_id) != viewer_is_parent
        ],
        asked_of_others=[m for m in waiting if m.author_id == actor.pk],
    )


# Lists ----------------------------------------------------------------------------------------


def _with_my_reading(conversations, user: User):
    my_read = ConversationMember.objects.filter(conversation_id=OuterRef("pk"), user=user)
    return conversations.annotate(
        my_last_read_at=Subquery(my_read.values("last_read_at")[:1])
    ).select_related("pupil")


def _mark_unread(conversations: list[Conversation]) -> list[Conversation]:
    for conversation in conversations:
        conversation.unread = (
            conversation.my_last_read_at is None
            or conversation.my_last_read_at < conversation.last_message_at
        )
        conversation.pupil_first_name = first_name_of(conversation.pupil)
    return conversations


@dataclass(frozen=True)
class ConversationPage:
    conversations: list[Conversation]
    number: int
    page_count: int
    total: int


def conversation_list_audited(
    *, actor: User, context: AuditContext, page: str | int | None
) -> ConversationPage:
    """One page of the conversations the actor may open, newest first, each with whether it has
    something they have not read. Each pupil named on the page is written to the audit trail
    (PUPIL_LISTED). A count, the page, and the audit, however many conversations."""
    paginator = Paginator(_with_my_reading(visible_conversations(actor), actor), LIST_PAGE_SIZE)
    shown_page = paginator.get_page(page)
    conversations = _mark_unread(list(shown_page.object_list))
    pupils = list({c.pupil_id: c.pupil for c in conversations}.values())
    audit_record_each(
        action=AuditAction.PUPIL_LISTED,
        actor=actor,
        context=context,
        objects=pupils,
        detail="conversations",
    )
    return ConversationPage(
        conversations=conversations,
        number=shown_page.number,
        page_count=paginator.num_pages,
        total=paginator.count,
    )


def conversations_about(*, actor: User, pupil: Pupil) -> list[Conversation]:
    """The conversations about this pupil the actor may open, newest first (for the pupil's
    page, whose read is already audited). One query."""
    return _mark_unread(
        list(_with_my_reading(visible_conversations(actor).filter(pupil=pupil), actor)[:50])
    )


@dataclass(frozen=True)
class ReplyNeeded:
    message: Message
    overdue: bool


def replies_needed_audited(*, actor: User, context: AuditContext) -> list[ReplyNeeded]:
    """Messages from the other side (staff for the parent, the parent for staff), in
    conversations the actor may open, that ask for a reply by a date and have none yet: soonest
    first, each tagged overdue when the date has passed. The pupils
    named are written to the audit trail. One query and the audit."""
    messages = list(
        Message.objects.filter(
            conversation__in=visible_conversations(actor),
            reply_needed_by__isnull=False,
            answered_at__isnull=True,
        )
        # From the other side: staff ask the parent, the parent asks staff.
        .filter(Q(conversation__parent=actor) | Q(author_id=F("conversation__parent_id")))
        .exclude(author=actor)
        .select_related("conversation__pupil", "author")
        .order_by("reply_needed_by", "created_at", "id")[:PANEL_SIZE]
    )
    today = timezone.localdate()
    pupils = list({m.conversation.pupil_id: m.conversation.pupil for m in messages}.values())
    audit_record_each(
        action=AuditAction.PUPIL_LISTED,
        actor=actor,
        context=context,
        objects=pupils,
        detail="replies needed",
    )
    for message in messages:
        message.pupil_first_name = first_name_of(message.conversation.pupil)
    return [ReplyNeeded(message, message.reply_needed_by < today) for message in messages]
