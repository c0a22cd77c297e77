"""Files attached to messages, read only through the conversation; and the limit on sending
messages, which answers 429 with what was typed still there."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from messaging.conversations import services
from messaging.conversations.models import Message
from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.files.models import Attachment
from tests.conftest import sign_in
from tests.factories import link_parent


def png_upload(name="reading-chart.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (20, 120, 60)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), "image/png")


def parent_client(world) -> Client:
    return sign_in(Client(), world.parent_1, verified=False)


def start_with_picture(world, client) -> tuple[int, Attachment]:
    response = client.post(
        f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/",
        {
            "staff": [world.senco_a.pk],
            "subject": "Reading chart",
            "body": "Here is her chart.",
            "attachments": [png_upload()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    message = Message.objects.get()
    return message.conversation_id, message.attachments.get()


def test_a_parent_attaches_a_picture_and_the_senco_downloads_it(world):
    conversation_id, attachment = start_with_picture(world, parent_client(world))
    senco = sign_in(Client(), world.senco_a)
    address = f"/portal/conversations/{conversation_id}/attachments/{attachment.pk}/"

    page = senco.get(f"/portal/conversations/{conversation_id}/").content.decode()
    response = senco.get(address)

    assert address in page and "reading-chart.png" in page
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    download = AuditEvent.objects.filter(action=AuditAction.ATTACHMENT_DOWNLOADED).get()
    assert download.actor_id == world.senco_a.pk
    assert download.detail == f"conversation {conversation_id} pupil {world.pupil_a1.pk}"


def test_an_attachment_is_reached_only_through_its_own_conversation(world):
    client = parent_client(world)
    _first, attachment = start_with_picture(world, client)
    other, _sent = services.conversation_start(
        actor=world.parent_1,
        context=AuditContext(),
        pupil=world.pupil_a1,
        parent=world.parent_1,
        staff=[world.senco_a],
        subject="Something else",
        body="Hello",
    )

    response = client.get(f"/portal/conversations/{other.pk}/attachments/{attachment.pk}/")

    assert response.status_code == 404


def test_another_linked_parent_cannot_download_the_attachment(world):
    conversation_id, attachment = start_with_picture(world, parent_client(world))
    link_parent(world.parent_2, world.pupil_a1, relationship="father")
    other = sign_in(Client(), world.parent_2, verified=False)

    response = other.get(f"/portal/conversations/{conversation_id}/attachments/{attachment.pk}/")

    assert response.status_code == 404


def test_a_renamed_web_page_is_refused_and_nothing_is_sent(world):
    response = parent_client(world).post(
        f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/",
        {
            "staff": [world.senco_a.pk],
            "subject": "Reading chart",
            "body": "Here is her chart.",
            "attachments": [
                SimpleUploadedFile("chart.png", b"<html><script>alert(1)</script>", "image/png")
            ],
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "chart.png:" in page
    assert "Here is her chart." in page
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()


@pytest.fixture
def two_messages_an_hour(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "message_send": "2/h/user"}


def test_sending_too_many_messages_answers_429_and_keeps_what_was_typed(
    world, two_messages_an_hour
):
    conversation, _sent = services.conversation_start(
        actor=world.parent_1,
        context=AuditContext(),
        pupil=world.pupil_a1,
        parent=world.parent_1,
        staff=[world.senco_a],
        subject="Reading at home",
        body="Hello",
    )
    client = parent_client(world)
    address = f"/portal/conversations/{conversation.pk}/"

    answers = [client.post(address, {"body": f"Message number {n}"}).status_code for n in (1, 2)]
    refused = client.post(address, {"body": "A third message I do not want to lose"})

    page = refused.content.decode()
    assert answers == [302, 302]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Wait" in page and "What you typed is still here." in page
    assert "A third message I do not want to lose</textarea>" in page
    assert Message.objects.filter(conversation=conversation).count() == 3
