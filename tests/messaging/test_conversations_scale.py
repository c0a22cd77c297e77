"""Conversations in the scale data: every school's linked parents have one with the SENCO, with
a reply asked, and the manifest names the conversation pages for the benchmark."""

from __future__ import annotations

import pytest

from messaging.conversations.models import Conversation, ConversationMember, Message
from portal.people.models import GuardianLink
from portal.schools.models import School
from tests.portal.test_seed_scale import seed

pytestmark = pytest.mark.django_db


def test_every_linked_parent_of_every_school_has_a_conversation_with_the_senco(tmp_path):
    manifest = seed(tmp_path)

    for school in School.objects.all():
        links = GuardianLink.objects.filter(pupil__school=school, revoked_at__isnull=True)
        conversations = Conversation.objects.filter(school=school)
        assert conversations.count() == links.count() > 0
        for conversation in conversations:
            assert conversation.pupil.school_id == school.pk
            roles = set(
                ConversationMember.objects.filter(conversation=conversation).values_list(
                    "role", flat=True
                )
            )
            assert {"parent", "senco"} <= roles
    assert Message.objects.filter(reply_needed_by__isnull=False, answered_at__isnull=True).exists()
    targets = {
        target["name"]: target
        for target in manifest["journeys"]["messaging.conversations"]["targets"]
    }
    assert targets["conversation_list_senco"]["account"] == "senco"
    assert targets["conversation_list_parent"]["path"] == "/portal/conversations/"


def test_seed_demo_adds_a_conversation_with_a_reply_needed_once(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    conversation = Conversation.objects.get()
    assert conversation.parent.email == "parent@example.org"
    waiting = Message.objects.get(reply_needed_by__isnull=False, answered_at__isnull=True)
    assert waiting.author == conversation.parent
    assert conversation.school.quiet_hours.enabled
