"""Conversations in the scale data for the benchmark: for every new school, one conversation per
linked parent with the SENCO (and a teacher who works with the child, where there is one), a
few messages, and a reply asked of the SENCO. Called by `seed_scale` for each school it makes."""

from __future__ import annotations

import datetime

from messaging.conversations.models import (
    Conversation,
    ConversationMember,
    MemberRole,
    Message,
)
from portal.pupils.models import TeachingAssignment

MESSAGES = [
    "Could we talk about how reading is going at home?",
    "Of course. Would Thursday after school suit you?",
    "Thursday is fine. Thank you.",
]


def seed_school(made) -> None:
    """`made` is the core's ScaleSchool: the school, its staff, pupils and parents' links."""
    if not made.links:
        return
    teacher_of = dict(
        TeachingAssignment.objects.filter(pupil__in=[link.pupil for link in made.links])
        .order_by("pupil_id", "id")
        .values_list("pupil_id", "teacher_id")
    )
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(
                school=made.school,
                pupil=link.pupil,
                parent=link.parent,
                subject="Reading at home",
                started_by=link.parent,
                created_at=made.now - datetime.timedelta(days=3),
                last_message_at=made.now - datetime.timedelta(days=1),
            )
            for link in made.links
        ]
    )
    members, messages = [], []
    for conversation, link in zip(conversations, made.links, strict=True):
        people = [(link.parent_id, MemberRole.PARENT), (made.senco.pk, MemberRole.SENCO)]
        teacher = teacher_of.get(link.pupil_id)
        if teacher and teacher != made.senco.pk:
            people.append((teacher, MemberRole.TEACHER))
        members += [
            ConversationMember(
                conversation=conversation,
                user_id=user_id,
                role=role,
                last_read_at=made.now - datetime.timedelta(days=2),
            )
            for user_id, role in people
        ]
        for index, body in enumerate(MESSAGES):
            author = link.parent_id if index % 2 == 0 else made.senco.pk
            sent = made.now - datetime.timedelta(days=3 - index)
            last = index == len(MESSAGES) - 1
            messages.append(
                Message(
                    conversation=conversation,
                    author_id=author,
                    body=body,
                    created_at=sent,
                    notified_at=sent,
                    answered_at=None if last else sent + datetime.timedelta(days=1),
                    reply_needed_by=(
                        (made.now + datetime.timedelta(days=made.rng.randint(-2, 7))).date()
                        if last
                        else None
                    ),
                )
            )
    ConversationMember.objects.bulk_create(members)
    Message.objects.bulk_create(messages)


def manifest() -> dict:
    """The pages the benchmark loads: the parent's and the SENCO's list of conversations, and
    the SENCO's dashboard with the replies asked of them (already a core target)."""
    return {
        "targets": [
            {
                "name": "conversation_list_parent",
                "label": "conversations (parent)",
                "path": "/portal/conversations/",
                "account": "parent",
                "growth": False,
            },
            {
                "name": "conversation_list_senco",
                "label": "conversations (SENCO)",
                "path": "/portal/conversations/",
                "account": "senco",
            },
        ]
    }
