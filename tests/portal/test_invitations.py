"""Parent invitations: sending, accepting (with and without an account), single use,
expiry, withdrawal, removing a link, and the school boundary.

Real HTTP through Django's test client, the real database, the locmem mail outbox.
"""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal.audit.models import AuditAction, AuditEvent
from portal.people.models import GuardianLink, Invitation, User
from portal.people.services import hash_token
from tests.conftest import run_worker, sign_in
from tests.factories import InvitationFactory, UserFactory

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def events(action: AuditAction):
    return AuditEvent.objects.filter(action=action)


def accept_url(token: str) -> str:
    return f"/portal/invitations/accept/{token}/"


def invite_url(pupil) -> str:
    return f"/portal/pupils/{pupil.pk}/invite/"


def active_links(parent, pupil):
    return GuardianLink.objects.filter(parent=parent, pupil=pupil, revoked_at__isnull=True)


@pytest.fixture
def senco_a(world):
    return sign_in(Client(), world.senco_a)


@pytest.fixture
def invitee(world):
    """The person invitation_a1 was sent to, once they have an account."""
    return UserFactory(email=world.invitation_a1.email)


# --- Sending ----------------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "responsible"), [("yes", True), ("no", False)])
def test_senco_invites_a_parent_by_email_with_a_single_use_link(
    world, senco_a, django_capture_on_commit_callbacks, answer, responsible
):
    with django_capture_on_commit_callbacks(execute=True):
        response = senco_a.post(
            invite_url(world.pupil_a1),
            {
                "email": "Dad@Example.org",
                "relationship": "father",
                "has_parental_responsibility": answer,
            },
        )

    assert response.status_code == 302
    assert response["Location"] == f"/portal/pupils/{world.pupil_a1.pk}/"
    run_worker()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["dad@example.org"]
    assert "Riverside Primary" in email.subject
    match = re.search(r"https?://testserver/portal/invitations/accept/([^/\s]+)/", email.body)
    assert match, email.body
    token = match.group(1)

    invitation = Invitation.objects.get(pupil=world.pupil_a1, email="dad@example.org")
    assert invitation.relationship == "father"
    assert invitation.has_parental_responsibility is responsible
    assert invitation.invited_by == world.senco_a
    assert invitation.token_hash != token
    assert invitation.token_hash == hash_token(token)
    stored = Invitation.objects.get(pk=invitation.pk)
    assert not any(
        token in str(getattr(stored, field.attname)) for field in Invitation._meta.concrete_fields
    )
    sent = events(AuditAction.INVITATION_SENT).get()
    assert sent.actor == world.senco_a
    assert sent.object_id == str(invitation.pk)
    assert sent.school_id == world.school_a.pk
    # The pupil page lists the pending invitation, and the emailed link opens.
    assert "dad@example.org" in senco_a.get(response["Location"]).content.decode()
    assert Client().get(accept_url(token)).status_code == 200


@pytest.mark.parametrize("bad_email", ["", "not-an-email", "parent@"])
def test_bad_invitation_input_shows_error_summary_and_creates_nothing(
    world, senco_a, django_capture_on_commit_callbacks, bad_email
):
    before = Invitation.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = senco_a.post(
            invite_url(world.pupil_a1),
            {"email": bad_email, "relationship": "mother", "has_parental_responsibility": "yes"},
        )

    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert Invitation.objects.count() == before
    run_worker()
    assert mail.outbox == []
    assert not events(AuditAction.INVITATION_SENT).exists()


def test_inviting_an_already_linked_parent_is_refused(
    world, senco_a, django_capture_on_commit_callbacks
):
    before = Invitation.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = senco_a.post(
            invite_url(world.pupil_a1),
            {
                "email": world.parent_1.email.upper(),
                "relationship": "mother",
                "has_parental_responsibility": "yes",
            },
        )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert "already linked to this pupil" in page
    assert Invitation.objects.count() == before
    run_worker()
    assert mail.outbox == []


def test_a_new_invitation_replaces_an_older_one_to_the_same_address(
    world, senco_a, django_capture_on_commit_callbacks
):
    old_token = world.invitation_a1.token

    with django_capture_on_commit_callbacks(execute=True):
        senco_a.post(
            invite_url(world.pupil_a1),
            {
                "email": world.invitation_a1.email,
                "relationship": "mother",
                "has_parental_responsibility": "yes",
            },
        )

    response = Client().get(accept_url(old_token))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    run_worker()
    assert len(mail.outbox) == 1


# --- Accepting as a new parent ---------------------------------------------------------------


def test_invited_parent_creates_an_account_and_is_linked_to_their_child(world):
    client = Client()
    url = accept_url(world.invitation_a1.token)

    welcome = client.get(url)
    page = welcome.content.decode()
    assert welcome.status_code == 200
    assert "Riverside Primary" in page
    assert "Create an account" in page
    assert 'href="/accounts/signup/?next=' in page

    signup_page = client.get("/accounts/signup/", {"next": url})
    assert signup_page.status_code == 200
    assert "Create your account" in signup_page.content.decode()
    assert "You need an invitation" not in signup_page.content.decode()

    response = client.post(
        "/accounts/signup/",
        {
            "email": world.invitation_a1.email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "next": url,
        },
    )

    parent = User.objects.get(email=world.invitation_a1.email)
    assert response.status_code == 302
    assert response["Location"] == url  # straight on, no "confirm your email" detour
    assert EmailAddress.objects.get(user=parent).verified
    assert mail.outbox == []
    assert events(AuditAction.SIGN_IN).get().actor == parent

    accepted = client.post(url)

    assert accepted.status_code == 302
    assert accepted["Location"] == "/portal/"
    link = active_links(parent, world.pupil_a1).get()
    assert link.relationship == "mother"
    assert link.invitation == world.invitation_a1
    event = events(AuditAction.INVITATION_ACCEPTED).get()
    assert event.actor == parent
    assert event.school_id == world.school_a.pk
    dashboard = client.get("/portal/").content.decode()
    assert "Aisha Khan" in dashboard
    assert "Leo Williams" not in dashboard
    assert client.get(f"/portal/pupils/{world.pupil_a1.pk}/").status_code == 200


def test_invitation_only_vouches_for_the_invited_address_at_sign_up(world):
    client = Client()
    url = accept_url(world.invitation_a1.token)
    client.get(url)

    response = client.post(
        "/accounts/signup/",
        {
            "email": "someone.else@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "next": url,
        },
    )

    # The account is made for the address the invitation proved; the typed one is not trusted.
    assert response.status_code == 302
    assert not User.objects.filter(email="someone.else@example.org").exists()
    parent = User.objects.get(email=world.invitation_a1.email)
    addresses = dict(EmailAddress.objects.filter(user=parent).values_list("email", "verified"))
    assert addresses == {world.invitation_a1.email: True, "someone.else@example.org": False}
    assert not EmailAddress.objects.filter(email="someone.else@example.org", verified=True).exists()


def test_sign_up_is_closed_without_an_invitation(world):
    client = Client()

    page = client.get("/accounts/signup/")
    response = client.post(
        "/accounts/signup/",
        {"email": "walk.in@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert page.status_code == 200
    assert "You need an invitation" in page.content.decode()
    assert "You need an invitation" in response.content.decode()
    assert not User.objects.filter(email="walk.in@example.org").exists()


def test_sign_up_closes_when_the_invitation_in_the_session_is_withdrawn(world, senco_a):
    client = Client()
    client.get(accept_url(world.invitation_a1.token))
    senco_a.post(f"/portal/invitations/{world.invitation_a1.pk}/withdraw/")

    response = client.post(
        "/accounts/signup/",
        {"email": world.invitation_a1.email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert "You need an invitation" in response.content.decode()
    assert not User.objects.filter(email=world.invitation_a1.email).exists()


# --- Single use, expiry, withdrawal, wrong account --------------------------------------------


def test_invitation_works_once(world, invitee):
    url = accept_url(world.invitation_a1.token)
    client = sign_in(Client(), invitee, verified=False)
    assert client.post(url).status_code == 302

    again = client.post(url)
    other = sign_in(Client(), world.stranger, verified=False).post(url)

    for response in (again, other):
        assert response.status_code == 410
        assert "This invitation has already been used." in response.content.decode()
    assert (
        GuardianLink.objects.filter(pupil=world.pupil_a1, invitation=world.invitation_a1).count()
        == 1
    )
    assert not GuardianLink.objects.filter(parent=world.stranger).exists()
    assert events(AuditAction.INVITATION_ACCEPTED).count() == 1


def test_expired_invitation_cannot_be_used(world, invitee):
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    Invitation.objects.filter(pk=world.invitation_a1.pk).update(
        created_at=eight_days_ago, expires_at=eight_days_ago + datetime.timedelta(days=7)
    )
    url = accept_url(world.invitation_a1.token)

    anonymous = Client().get(url)
    signed_in = sign_in(Client(), invitee, verified=False).post(url)

    for response in (anonymous, signed_in):
        assert response.status_code == 410
        assert "This invitation has expired" in response.content.decode()
    assert not GuardianLink.objects.filter(parent=invitee).exists()


def test_withdrawn_invitation_says_so(world, invitee):
    Invitation.objects.filter(pk=world.invitation_a1.pk).update(revoked_at=timezone.now())

    response = sign_in(Client(), invitee, verified=False).post(
        accept_url(world.invitation_a1.token)
    )

    assert response.status_code == 410
    assert "withdrawn by the school" in response.content.decode()
    assert not GuardianLink.objects.filter(parent=invitee).exists()


def test_unknown_token_is_not_valid(world):
    response = Client().get(accept_url("not-a-real-token"))

    assert response.status_code == 410
    assert "This invitation link is not valid." in response.content.decode()


def test_invitation_for_someone_else_cannot_be_accepted(world):
    client = sign_in(Client(), world.stranger, verified=False)

    response = client.post(accept_url(world.invitation_a1.token))

    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert "sent to a different email address" in page
    assert not GuardianLink.objects.filter(parent=world.stranger).exists()
    assert not events(AuditAction.INVITATION_ACCEPTED).exists()
    # It still works for the person it was sent to.
    assert Client().get(accept_url(world.invitation_a1.token)).status_code == 200


# --- The senco withdraws invitations and removes links --------------------------------------------


def test_senco_withdraws_a_pending_invitation(world, senco_a):
    url = f"/portal/invitations/{world.invitation_a1.pk}/withdraw/"

    confirm = senco_a.get(url)
    response = senco_a.post(url)

    assert confirm.status_code == 200
    assert world.invitation_a1.email in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"/portal/pupils/{world.pupil_a1.pk}/"
    world.invitation_a1.refresh_from_db()
    assert world.invitation_a1.revoked_at is not None
    event = events(AuditAction.INVITATION_REVOKED).get()
    assert event.actor == world.senco_a
    assert event.object_id == str(world.invitation_a1.pk)
    opened = Client().get(accept_url(world.invitation_a1.token))
    assert opened.status_code == 410
    assert "withdrawn" in opened.content.decode()


def test_senco_removes_a_parents_link_and_the_parent_loses_the_child(world, senco_a):
    parent = sign_in(Client(), world.parent_1, verified=False)
    pupil_url = f"/portal/pupils/{world.pupil_a1.pk}/"
    assert parent.get(pupil_url).status_code == 200
    url = f"/portal/links/{world.link_a1.pk}/remove/"

    confirm = senco_a.get(url)
    response = senco_a.post(url)

    assert confirm.status_code == 200
    assert response.status_code == 302
    assert parent.get(pupil_url).status_code == 404
    dashboard = parent.get("/portal/").content.decode()
    assert "Aisha Khan" not in dashboard
    assert "Sam Khan" in dashboard  # the other school's link is untouched
    link = GuardianLink.objects.get(pk=world.link_a1.pk)
    assert link.revoked_at is not None
    assert link.revoked_by == world.senco_a
    event = events(AuditAction.LINK_REVOKED).get()
    assert event.actor == world.senco_a
    assert event.school_id == world.school_a.pk
    assert world.parent_1.email not in senco_a.get(pupil_url).content.decode()


def test_parent_linked_in_two_schools_sees_both_children(world):
    client = sign_in(Client(), world.parent_1, verified=False)

    dashboard = client.get("/portal/").content.decode()

    assert "Aisha Khan" in dashboard and "Riverside Primary" in dashboard
    assert "Sam Khan" in dashboard and "Riverside Academy" in dashboard
    assert client.get(f"/portal/pupils/{world.pupil_a1.pk}/").status_code == 200
    assert client.get(f"/portal/pupils/{world.pupil_b1.pk}/").status_code == 200
    assert client.get(f"/portal/pupils/{world.pupil_a2.pk}/").status_code == 404


def test_existing_parent_accepts_a_second_schools_invitation_and_sees_both(world):
    invitation = InvitationFactory.create(
        pupil=world.pupil_a2, email=world.parent_2.email, invited_by=world.senco_a
    )
    client = sign_in(Client(), world.parent_2, verified=False)

    response = client.post(accept_url(invitation.token))

    assert response.status_code == 302
    dashboard = client.get("/portal/").content.decode()
    assert "Noah Green" in dashboard and "Hilltop Primary" in dashboard
    assert "Leo Williams" in dashboard and "Riverside Primary" in dashboard


def test_another_schools_senco_cannot_withdraw_or_remove(world):
    other = sign_in(Client(), world.senco_b)
    invitation_url = f"/portal/invitations/{world.invitation_a1.pk}/withdraw/"
    link_url = f"/portal/links/{world.link_a1.pk}/remove/"

    responses = [
        other.get(invitation_url),
        other.post(invitation_url),
        other.get(link_url),
        other.post(link_url),
    ]

    assert [response.status_code for response in responses] == [404] * 4
    world.invitation_a1.refresh_from_db()
    world.link_a1.refresh_from_db()
    assert world.invitation_a1.revoked_at is None
    assert world.link_a1.revoked_at is None
    assert not events(AuditAction.INVITATION_REVOKED).exists()
    assert not events(AuditAction.LINK_REVOKED).exists()
    assert events(AuditAction.ACCESS_REFUSED).filter(actor=world.senco_b).count() == 4
    assert Client().get(accept_url(world.invitation_a1.token)).status_code == 200


def test_flooding_the_accept_form_with_posts_gets_429(world):
    client = sign_in(Client(), world.stranger, verified=False)
    url = accept_url(world.invitation_a1.token)

    statuses = [client.post(url).status_code for _ in range(20)]
    blocked = client.post(url)

    assert statuses == [200] * 20  # each one refused: the invitation is not for this account
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert not GuardianLink.objects.filter(parent=world.stranger).exists()


def test_flooding_the_accept_link_gets_429(world):
    client = Client()
    url = accept_url(world.invitation_a1.token)

    statuses = [client.get(url).status_code for _ in range(20)]
    blocked = client.get(url)
    guessing = client.get(accept_url("guessed-token"))

    assert statuses == [200] * 20
    assert blocked.status_code == 429
    assert guessing.status_code == 429
    assert "Too many attempts" in blocked.content.decode()


def test_an_overlong_email_is_a_form_error_not_a_crash(world, client):
    from portal.people.models import Invitation
    from tests.conftest import sign_in

    client = sign_in(client, world.senco_a)
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"
    response = client.post(
        f"/portal/pupils/{world.pupil_a1.pk}/invite/",
        {"email": email, "relationship": "mother", "has_parental_responsibility": "yes"},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Invitation.objects.filter(email=email).exists()
