"""Demo conversations, loaded by `manage.py seed_demo` after the core's demo people: the demo
parent's conversation with their child's SENCO and teacher, with a reply needed, and quiet hours
at that school. Idempotent: run again, it adds nothing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from messaging.conversations.models import (
    Conversation,
    ConversationMember,
    MemberRole,
    Message,
    QuietHours,
)
from portal.people.models import GuardianLink, StaffMembership, StaffRole
from portal.pupils.models import TeachingAssignment

DEMO_PARENT = "parent@example.org"
SUBJECT = "Reading at home"


def seed(*, stdout) -> None:
    link = (
        GuardianLink.objects.filter(parent__email=DEMO_PARENT, revoked_at__isnull=True)
        .select_related("pupil__school", "parent")
        .order_by("pupil__school__urn", "pupil_id")
        .first()
    )
    if link is None:
        return
    pupil, parent = link.pupil, link.parent
    senco = StaffMembership.objects.filter(school=pupil.school, role=StaffRole.SENCO).first().user
    QuietHours.objects.get_or_create(
        school=pupil.school,
        defaults={
            "enabled": True,
            "starts_at": datetime.time(18, 0),
            "ends_at": datetime.time(7, 30),
            "weekends": True,
            "updated_by": senco,
        },
    )
    if Conversation.objects.filter(pupil=pupil, parent=parent, subject=SUBJECT).exists():
        return
    now = timezone.now()
    conversation = Conversation.objects.create(
        school=pupil.school,
        pupil=pupil,
        parent=parent,
        subject=SUBJECT,
        started_by=parent,
        created_at=now - datetime.timedelta(days=2),
        last_message_at=now - datetime.timedelta(hours=20),
    )
    members = [(parent, MemberRole.PARENT), (senco, MemberRole.SENCO)]
    assignment = TeachingAssignment.objects.filter(pupil=pupil).select_related("teacher").first()
    if assignment and assignment.teacher != senco:
        members.append((assignment.teacher, MemberRole.TEACHER))
    ConversationMember.objects.bulk_create(
        [
            ConversationMember(
                conversation=conversation,
                user=user,
                role=role,
                last_read_at=now - datetime.timedelta(days=1) if user == senco else None,
            )
            for user, role in members
        ]
    )
    first_name = pupil.preferred_name or pupil.legal_first_name
    Message.objects.create(
        conversation=conversation,
        author=parent,
        body=f"{first_name} is finding the new reading book hard. Could we talk about what helps?",
        created_at=now - datetime.timedelta(days=2),
        notified_at=now - datetime.timedelta(days=2),
        answered_at=now - datetime.timedelta(days=1),
    )
    Message.objects.create(
        conversation=conversation,
        author=senco,
        body="Thank you for telling us. The class teacher will look at the book level this week.",
        created_at=now - datetime.timedelta(days=1),
        notified_at=now - datetime.timedelta(days=1),
        answered_at=now - datetime.timedelta(hours=20),
    )
    Message.objects.create(
        conversation=conversation,
        author=parent,
        body="Thank you. Could you let me know before the review meeting what you decided?",
        created_at=now - datetime.timedelta(hours=20),
        notified_at=now - datetime.timedelta(hours=20),
        reply_needed_by=timezone.localdate() + datetime.timedelta(days=3),
    )
    stdout.write(f"Demo conversation about {first_name}, with a reply needed from the SENCO.")
