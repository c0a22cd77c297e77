"""Notifications and the email outbox, on real parts: the database, the task queue worked by the
real worker command, the channel layer, and pages through the Django test client."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.audit.actors import SYSTEM_CONTEXT, AuditContext
from portal.notifications import services
from portal.notifications.models import (
    Delivery,
    EmailStatus,
    Notification,
    NotificationKind,
    OutboundEmail,
)
from portal.people.models import Invitation, Relationship
from portal.people.services import invitation_send
from portal.pupils.models import AreaOfNeed
from tests.conftest import count_queries, run_worker, sign_in
from tests.factories import UserFactory
from tests.mail_backends import FlakyBackend

FLAKY = "tests.mail_backends.FlakyBackend"
BROKEN_LAYER = {"default": {"BACKEND": "tests.mail_backends.BrokenChannelLayer"}}


class RolledBack(Exception):
    pass


def invite(client: Client, pupil, email: str = "dad@example.org"):
    return client.post(
        f"/portal/pupils/{pupil.pk}/invite/",
        {"email": email, "relationship": "father", "has_parental_responsibility": "yes"},
    )


def time_passes() -> None:
    """Everything the worker was told to retry later is due now."""
    now = timezone.now()
    OutboundEmail.objects.filter(status=EmailStatus.READY).update(next_attempt_at=now)
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=now)


def accept_as_new_parent(world) -> Client:
    parent = UserFactory(email=world.invitation_a1.email)
    client = sign_in(Client(), parent, verified=False)
    response = client.post(f"/portal/invitations/accept/{world.invitation_a1.token}/")
    assert response.status_code == 302
    return client


# --- The outbox ------------------------------------------------------------------------------


@override_settings(EMAIL_BACKEND=FLAKY)
def test_the_outbox_delivers_after_a_mail_server_that_fails_three_times(world):
    FlakyBackend.failures_left = 3
    senco = sign_in(Client(), world.senco_a)
    assert invite(senco, world.pupil_a1).status_code == 302
    email = OutboundEmail.objects.get(to="dad@example.org")

    for attempt in (1, 2, 3):
        run_worker()
        email.refresh_from_db()
        assert (email.status, email.attempts, len(mail.outbox)) == (EmailStatus.READY, attempt, 0)
        assert email.next_attempt_at > timezone.now()  # backs off before the next try
        time_passes()

    run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 4)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dad@example.org"]
    # Sending again does nothing: the row is the record.
    run_worker()
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND=FLAKY)
def test_the_senco_sees_an_invitation_email_that_has_not_been_delivered_yet(world):
    FlakyBackend.failures_left = 100
    senco = sign_in(Client(), world.senco_a)
    invite(senco, world.pupil_a1)
    page = f"/portal/pupils/{world.pupil_a1.pk}/"
    run_worker()
    assert "not delivered yet" not in senco.get(page).content.decode()
    for _ in range(2):
        time_passes()
        run_worker()
    text = senco.get(page).content.decode()
    assert "Email not delivered yet" in text
    assert "Tried 3 times" in text


@override_settings(EMAIL_BACKEND=FLAKY)
def test_an_email_given_up_on_is_shown_and_the_sender_is_told(world):
    FlakyBackend.failures_left = 100
    senco = sign_in(Client(), world.senco_a)
    invite(senco, world.pupil_a1)
    OutboundEmail.objects.update(attempts=services.EMAIL_MAX_ATTEMPTS - 1)
    run_worker()
    email = OutboundEmail.objects.get()
    assert email.status == EmailStatus.FAILED
    assert (
        "Email not delivered" in senco.get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    )
    told = Notification.objects.get(recipient=world.senco_a)
    assert told.kind == NotificationKind.EMAIL_NOT_DELIVERED
    assert "dad@example.org" in told.text
    # Given up means given up: no further tries.
    time_passes()
    run_worker()
    assert OutboundEmail.objects.get().attempts == services.EMAIL_MAX_ATTEMPTS


def test_nothing_is_sent_when_the_invitation_rolls_back(world):
    with pytest.raises(RolledBack), transaction.atomic():
        invitation_send(
            actor=world.senco_a,
            context=SYSTEM_CONTEXT,
            pupil=world.pupil_a2,
            email="rolled@example.org",
            relationship=Relationship.CARER,
            has_parental_responsibility=True,
        )
        raise RolledBack
    run_worker()
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()
    assert not Invitation.objects.filter(email="rolled@example.org").exists()


def test_an_email_whose_worker_died_mid_send_is_sent_by_the_next_worker(world):
    with transaction.atomic():
        email = services.email_enqueue(to="x@example.org", subject="Hello", body="A link")
    # A worker claimed it and died: the task is finished but the email is stuck mid-send.
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING, claimed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    run_worker()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [["x@example.org"]]


@override_settings(EMAIL_BACKEND=FLAKY, OUTBOX_RETRY_BASE_SECONDS=5)
def test_the_first_retry_waits_as_long_as_the_outbox_setting_says(world):
    FlakyBackend.failures_left = 2
    email = services.email_enqueue(to="r@example.org", subject="Hello", body="A link")
    waits = []
    for _attempt in (1, 2):
        before = timezone.now()
        services.email_send_now(email_id=email.pk)
        email.refresh_from_db()
        waits.append((email.next_attempt_at - before).total_seconds())
        time_passes()
    assert 5 <= waits[0] < 6
    assert 10 <= waits[1] < 11


@override_settings(EMAIL_BACKEND=FLAKY, OUTBOX_CLAIM_TIMEOUT_SECONDS=30)
def test_a_claim_older_than_the_outbox_setting_is_given_back_and_a_newer_one_is_not(world):
    old = services.email_enqueue(to="old@example.org", subject="Hello", body="A link")
    new = services.email_enqueue(to="new@example.org", subject="Hello", body="A link")
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    now = timezone.now()
    OutboundEmail.objects.filter(pk=old.pk).update(
        status=EmailStatus.SENDING, claimed_at=now - datetime.timedelta(seconds=40)
    )
    OutboundEmail.objects.filter(pk=new.pk).update(
        status=EmailStatus.SENDING, claimed_at=now - datetime.timedelta(seconds=20)
    )
    assert services.email_requeue_stale() == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (EmailStatus.READY, EmailStatus.SENDING)


def test_two_workers_never_send_the_same_email_twice(world):
    email = services.email_enqueue(to="y@example.org", subject="Hello", body="A link")
    first = services.email_send_now(email_id=email.pk)
    second = services.email_send_now(email_id=email.pk)
    assert (first.sent, second.sent) == (True, False)
    assert len(mail.outbox) == 1


def test_the_invitation_email_names_the_child_and_no_details_of_their_needs(world):
    senco = sign_in(Client(), world.senco_a)
    invite(senco, world.pupil_a1)
    run_worker()
    body = mail.outbox[0].body
    assert world.pupil_a1.legal_first_name in body
    assert world.pupil_a1.legal_last_name not in body
    for label in [*AreaOfNeed.labels, "EHC plan", "Monitoring"]:
        assert str(label) not in body
    if world.pupil_a1.upn:
        assert world.pupil_a1.upn not in body
    assert "https://" in body or "http://" in body


# --- Notifications: the list, the header, live updates --------------------------------------


def test_an_accepted_invitation_appears_in_the_senco_list_and_header_count(world):
    accept_as_new_parent(world)
    senco = sign_in(Client(), world.senco_a)
    page = senco.get("/portal/notifications/").content.decode()
    assert "newparent@example.org accepted the invitation for Aisha" in page
    header = senco.get("/portal/").content.decode()
    assert 'id="unread-count"' in header and ">1<" in header
    assert senco.get("/portal/notifications/unread/").json() == {"unread": 1}

    senco.post("/portal/notifications/")
    assert senco.get("/portal/notifications/unread/").json() == {"unread": 0}
    assert 'id="unread-count" hidden' in senco.get("/portal/").content.decode()


def test_the_parent_is_told_in_the_portal_that_they_are_linked(world):
    parent = accept_as_new_parent(world)
    page = parent.get("/portal/notifications/").content.decode()
    assert "You can now see Aisha" in page
    assert f'href="/portal/pupils/{world.pupil_a1.pk}/"' in page


def test_a_notification_is_written_in_the_recipients_language(world):
    world.senco_a.preferred_language = "cy"
    world.senco_a.save()
    accept_as_new_parent(world)
    text = Notification.objects.get(recipient=world.senco_a).text
    assert text != (
        f"{world.invitation_a1.email} accepted the invitation for {world.pupil_a1.display_name}."
    )
    with translation.override("cy"):
        expected = gettext("%(email)s accepted the invitation for %(pupil)s.") % {
            "email": world.invitation_a1.email,
            "pupil": world.pupil_a1.display_name,
        }
    assert text == expected


def test_nobody_sees_another_persons_notifications(world):
    accept_as_new_parent(world)
    other = sign_in(Client(), world.head_a)
    assert "accepted the invitation" not in other.get("/portal/notifications/").content.decode()
    assert other.get("/portal/notifications/unread/").json() == {"unread": 0}
    other.post("/portal/notifications/")  # marks only their own
    assert Notification.objects.get(recipient=world.senco_a).read_at is None


@override_settings(CHANNEL_LAYERS=BROKEN_LAYER)
def test_the_page_still_answers_and_the_action_is_saved_when_the_channel_layer_fails(world):
    parent = accept_as_new_parent(world)  # publishes to the SENCO after commit: the layer raises
    assert world.pupil_a1.guardian_links.filter(parent__email="newparent@example.org").exists()
    assert Notification.objects.filter(recipient=world.senco_a).count() == 1
    # Signing out publishes a session-end event too; it must not break either.
    assert parent.post("/accounts/logout/").status_code == 302


# --- Preferences: email at once, daily digest -----------------------------------------------


def test_a_person_who_chose_email_at_once_gets_a_link_and_nothing_about_the_child(world):
    senco = sign_in(Client(), world.senco_a)
    response = senco.post("/portal/notifications/settings/", {"delivery": Delivery.EMAIL_AT_ONCE})
    assert response.status_code == 302
    accept_as_new_parent(world)
    run_worker()
    [email] = [m for m in mail.outbox if m.to == [world.senco_a.email]]
    assert "/portal/pupils/" in email.body
    assert "Aisha" not in email.body and "newparent@example.org" not in email.body


def test_the_settings_form_names_what_is_missing(world):
    senco = sign_in(Client(), world.senco_a)
    page = senco.post("/portal/notifications/settings/", {}).content.decode()
    assert "govuk-error-summary" in page
    assert "Select how the portal should tell you" in page


def test_the_daily_digest_sends_one_email_with_a_count_and_no_text(world):
    services.preference_set(user=world.senco_a, delivery=Delivery.DAILY_DIGEST)
    for pupil in ("Aisha Khan", "Leo Williams"):
        services.notify(
            recipients=[world.senco_a],
            kind=NotificationKind.INVITATION_ACCEPTED,
            text="%(email)s accepted the invitation for %(pupil)s.",
            params={"email": "p@example.org", "pupil": pupil},
        )
    assert services.digests_send() == 1
    run_worker()
    [email] = mail.outbox
    assert "2 new messages" in email.body
    assert "Aisha" not in email.body
    # Nothing new since: no second digest.
    assert services.digests_send() == 0


def test_the_worker_keeps_a_daily_digest_run_queued(world):
    run_worker()
    run_worker()
    queued = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith="digests_daily"
    )
    assert queued.count() == 1
    assert queued.get().run_after > timezone.now()


def test_an_audit_context_is_made_from_a_request(rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.1")
    context = AuditContext.from_request(request)
    assert context.ip_address == "192.0.2.1"
    assert len(context.request_id) >= 8


def test_the_notification_list_costs_the_same_queries_for_one_or_fifty(world):
    senco = sign_in(Client(), world.senco_a)

    def add(count: int) -> None:
        for n in range(count):
            services.notify(
                recipients=[world.senco_a],
                kind=NotificationKind.INVITATION_ACCEPTED,
                text="%(email)s accepted the invitation for %(pupil)s.",
                params={"email": f"p{n}@example.org", "pupil": "Aisha Khan"},
                url=f"/portal/pupils/{world.pupil_a1.pk}/",
            )

    senco.get("/portal/notifications/")  # the first page of a session also stamps the session
    add(1)
    one = count_queries(lambda: senco.get("/portal/notifications/"))
    add(49)
    fifty = count_queries(lambda: senco.get("/portal/notifications/"))
    assert one == fifty
