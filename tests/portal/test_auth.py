"""Signing in and out, the second factor, staff session limits and password reset.

Everything goes through real HTTP (Django's test client), the real database and the
real cache that holds the rate limits.
"""

from __future__ import annotations

import base64
import re
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit.models import AuditAction, AuditEvent
from portal.auth.models import HashedBackupCode, backup_code_hash
from tests.conftest import give_backup_codes as backup_codes_for
from tests.conftest import sign_in
from tests.factories import PASSWORD

LOGIN_URL = "/accounts/login/"
LOGOUT_URL = "/accounts/logout/"
SETUP_URL = "/portal/2fa/setup/"
VERIFY_URL = "/portal/2fa/verify/"
BACKUP_CODES_URL = "/portal/2fa/backup-codes/"
DASHBOARD_URL = "/portal/"


def events(action: AuditAction):
    return AuditEvent.objects.filter(action=action)


def sign_in_with_password(client: Client, email: str, password: str):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def is_signed_out(client: Client) -> bool:
    response = client.get(DASHBOARD_URL)
    return response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def current_totp(device: TOTPDevice) -> str:
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return f"{code:0{device.digits}d}"


def give_backup_codes(user) -> list[str]:
    """A confirmed authenticator plus backup codes, as after setting up two-step verification."""
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return backup_codes_for(user)


def set_session_times(client: Client, *, started_ago: float, seen_ago: float) -> None:
    now = time.time()
    session = client.session
    session["portal_auth_started_at"] = now - started_ago
    session["portal_last_seen_at"] = now - seen_ago
    session.save()


# --- Signing in with email and password ------------------------------------------------


def test_signing_in_with_email_and_password_is_audited(world):
    client = Client()

    response = sign_in_with_password(client, world.parent_1.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    assert client.get(DASHBOARD_URL).status_code == 200
    event = events(AuditAction.SIGN_IN).get()
    assert event.actor == world.parent_1
    assert event.actor_email == world.parent_1.email
    assert not events(AuditAction.SIGN_IN_FAILED).exists()


def test_wrong_password_shows_error_summary_and_audits_the_attempted_email(world):
    client = Client()

    response = sign_in_with_password(client, world.senco_a.email, "not-the-password")

    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    failed = events(AuditAction.SIGN_IN_FAILED).get()
    assert failed.actor is None
    assert failed.actor_email == world.senco_a.email
    assert not events(AuditAction.SIGN_IN).exists()
    assert is_signed_out(client)


# Repeated failures slow sign-in down rather than lock it: tests/portal/test_sign_in_limits.py.


def test_a_valid_password_posted_to_the_cms_sign_in_creates_no_session(world):
    client = Client()

    response = client.post(
        "/cms/login/",
        {"username": world.superuser.email, "password": PASSWORD, "next": "/cms/pages/"},
    )

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == LOGIN_URL
    assert parse_qs(location.query) == {"next": ["/cms/pages/"]}
    assert not Session.objects.exists()
    assert not events(AuditAction.SIGN_IN).exists()
    assert is_signed_out(client)


@pytest.mark.parametrize("url", ["/cms/logout/", "/django-admin/logout/"])
def test_signing_out_of_the_cms_or_admin_goes_through_the_portal_and_is_audited(
    world, client_as, url
):
    client = client_as(world.superuser)

    response = client.post(url, follow=True)

    assert response.redirect_chain[0] == ("/accounts/logout/", 307)
    assert is_signed_out(client)
    assert events(AuditAction.SIGN_OUT).filter(actor=world.superuser).count() == 1


def test_the_admin_password_change_is_the_portals_own(world, client_as):
    client = client_as(world.superuser)

    response = client.post(
        "/django-admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "x" * 20, "new_password2": "x" * 20},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/"
    world.superuser.refresh_from_db()
    assert world.superuser.check_password(PASSWORD)


def test_an_unverified_email_address_cannot_sign_in_at_the_portal_or_the_cms(world):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=world.superuser).update(verified=False)
    credentials = {"login": world.superuser.email, "password": PASSWORD}

    for url in (LOGIN_URL, "/cms/login/"):
        client = Client()
        response = client.post(url, credentials | {"username": world.superuser.email})
        assert response.status_code == 302, url
        assert is_signed_out(client), url
    assert not events(AuditAction.SIGN_IN).exists()


# --- Second factor before any protected page ---------------------------------------------


def protected_paths(world) -> list[str]:
    return [DASHBOARD_URL, f"/portal/pupils/{world.pupil_a1.pk}/", "/cms/", "/django-admin/"]


@pytest.mark.parametrize(
    ("has_device", "target"), [(False, SETUP_URL), (True, VERIFY_URL)], ids=["setup", "verify"]
)
def test_staff_cannot_reach_protected_pages_before_second_factor(world, has_device, target):
    if has_device:
        TOTPDevice.objects.create(user=world.senco_a, name="Authenticator app", confirmed=True)
    client = sign_in(Client(), world.senco_a, verified=False)

    for path in protected_paths(world):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{target}?{urlencode({'next': path})}", path


def test_staff_cannot_see_pupil_data_before_second_factor(world):
    client = sign_in(Client(), world.senco_a, verified=False)

    response = client.get(f"/portal/pupils/{world.pupil_a1.pk}/", follow=True)

    assert response.redirect_chain[-1][0].startswith(SETUP_URL)
    assert "Aisha" not in response.content.decode()
    assert not events(AuditAction.PUPIL_VIEWED).exists()


def test_parent_without_device_reaches_dashboard_and_is_offered_two_step(world):
    client = sign_in(Client(), world.parent_1, verified=False)

    response = client.get(DASHBOARD_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Aisha Khan" in page
    assert "Protect your account" in page
    assert f'href="{SETUP_URL}"' in page


def test_parent_with_a_confirmed_device_must_verify_first(world):
    TOTPDevice.objects.create(user=world.parent_1, name="Authenticator app", confirmed=True)
    client = sign_in(Client(), world.parent_1, verified=False)

    for path in (DASHBOARD_URL, f"/portal/pupils/{world.pupil_a1.pk}/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"{VERIFY_URL}?{urlencode({'next': path})}"
    assert not events(AuditAction.PUPIL_VIEWED).exists()


# --- Setting up an authenticator ---------------------------------------------------------


def test_setup_page_shows_qr_code_and_key(world):
    client = sign_in(Client(), world.senco_a, verified=False)

    response = client.get(SETUP_URL)

    page = response.content.decode()
    device = TOTPDevice.objects.get(user=world.senco_a, confirmed=False)
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert response.status_code == 200
    assert "<svg" in page
    assert " ".join(key[i : i + 4] for i in range(0, len(key), 4)) in page


def test_setup_with_a_valid_code_confirms_device_and_shows_backup_codes_once(world):
    client = sign_in(Client(), world.senco_a, verified=False)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=world.senco_a, confirmed=False)

    response = client.post(SETUP_URL, {"token": current_totp(device)})

    assert response.status_code == 302
    assert response["Location"].startswith(BACKUP_CODES_URL)
    device.refresh_from_db()
    assert device.confirmed
    assert events(AuditAction.OTP_ENROLLED).get().actor == world.senco_a
    assert events(AuditAction.OTP_BACKUP_CODES_ISSUED).get().actor == world.senco_a

    first = client.get(BACKUP_CODES_URL).content.decode()
    shown = re.findall(r'<li class="app-code-list__item">([a-z0-9]+)</li>', first)
    stored = set(
        HashedBackupCode.objects.filter(device__user=world.senco_a).values_list(
            "code_hash", flat=True
        )
    )
    assert len(shown) == 10
    assert {backup_code_hash(code) for code in shown} == stored

    second = client.get(BACKUP_CODES_URL).content.decode()
    assert not any(code in second for code in shown)
    # The session is now verified: the senco reaches the dashboard.
    assert client.get(DASHBOARD_URL).status_code == 200


def test_setup_with_a_wrong_code_shows_error_and_is_audited(world):
    client = sign_in(Client(), world.senco_a, verified=False)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=world.senco_a, confirmed=False)
    wrong = f"{(int(current_totp(device)) + 1) % 10**6:06d}"

    response = client.post(SETUP_URL, {"token": wrong})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert "The code is not right" in page
    device.refresh_from_db()
    assert not device.confirmed
    assert events(AuditAction.OTP_FAILED).get().actor == world.senco_a
    assert not events(AuditAction.OTP_ENROLLED).exists()
    assert client.get(DASHBOARD_URL)["Location"].startswith(SETUP_URL)


# --- Verifying with a backup code ----------------------------------------------------------


def test_backup_code_verifies_once_and_cannot_be_reused(world):
    codes = give_backup_codes(world.senco_a)
    client = sign_in(Client(), world.senco_a, verified=False)
    assert client.get(DASHBOARD_URL)["Location"].startswith(VERIFY_URL)

    response = client.post(VERIFY_URL, {"token": codes[0], "next": DASHBOARD_URL})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    assert client.get(DASHBOARD_URL).status_code == 200
    assert events(AuditAction.OTP_VERIFIED).get().actor == world.senco_a

    # Next time the senco signs in, the same code no longer works.
    client.post(LOGOUT_URL)
    again = sign_in(Client(), world.senco_a, verified=False)
    response = again.post(VERIFY_URL, {"token": codes[0], "next": DASHBOARD_URL})

    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert events(AuditAction.OTP_FAILED).get().actor == world.senco_a
    assert again.get(DASHBOARD_URL)["Location"].startswith(VERIFY_URL)
    assert not HashedBackupCode.objects.filter(code_hash=backup_code_hash(codes[0])).exists()
    assert HashedBackupCode.objects.filter(code_hash=backup_code_hash(codes[1])).exists()


def test_wrong_code_at_verify_is_refused_and_audited(world):
    give_backup_codes(world.senco_a)
    client = sign_in(Client(), world.senco_a, verified=False)

    response = client.post(VERIFY_URL, {"token": "aaaaaaaa"})

    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert events(AuditAction.OTP_FAILED).count() == 1
    assert client.get(DASHBOARD_URL)["Location"].startswith(VERIFY_URL)


def test_flood_of_codes_at_verify_gets_429(world):
    codes = give_backup_codes(world.senco_a)
    client = sign_in(Client(), world.senco_a, verified=False)

    statuses = [client.post(VERIFY_URL, {"token": f"wrong{n:03d}"}).status_code for n in range(5)]
    blocked = client.post(VERIFY_URL, {"token": codes[0]})

    assert statuses == [200] * 5
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert client.get(DASHBOARD_URL)["Location"].startswith(VERIFY_URL)


@pytest.mark.parametrize("evil", ["https://evil.example/", "//evil.example/"])
def test_verify_never_redirects_off_site(world, evil):
    codes = give_backup_codes(world.senco_a)
    client = sign_in(Client(), world.senco_a, verified=False)

    form = client.get(VERIFY_URL, {"next": evil})
    response = client.post(
        f"{VERIFY_URL}?{urlencode({'next': evil})}", {"token": codes[0], "next": evil}
    )

    assert "evil.example" not in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    # Once verified, the page only forwards on, and still never off-site.
    already = client.get(VERIFY_URL, {"next": evil})
    assert already.status_code == 302
    assert already["Location"] == DASHBOARD_URL


@pytest.mark.parametrize(
    "odd",
    ["-1", "foo", "//evil.example", "javascript:alert(1)", "a b", "\x00", "/portal/\x00", "/\\x"],
    ids=["minus-one", "word", "other-site", "javascript", "space", "nul", "path-nul", "backslash"],
)
def test_an_odd_next_at_verify_goes_to_the_dashboard_and_never_fails(world, odd):
    codes = give_backup_codes(world.senco_a)
    client = sign_in(Client(), world.senco_a, verified=False)

    form = client.get(VERIFY_URL, {"next": odd})
    verified = client.post(VERIFY_URL, {"token": codes[0], "next": odd})
    already = client.get(VERIFY_URL, {"next": odd})

    assert form.status_code == 200
    assert verified.status_code == 302
    assert verified["Location"] == DASHBOARD_URL
    assert already.status_code == 302
    assert already["Location"] == DASHBOARD_URL


def test_a_path_on_the_site_as_next_is_kept_after_verification(world):
    client = sign_in(Client(), world.senco_a)

    response = client.get(VERIFY_URL, {"next": "/portal/notifications/"})

    assert response.status_code == 302
    assert response["Location"] == "/portal/notifications/"


def test_setup_never_sends_people_off_site_after_backup_codes(world):
    client = sign_in(Client(), world.senco_a, verified=False)
    client.get(SETUP_URL, {"next": "https://evil.example/"})
    device = TOTPDevice.objects.get(user=world.senco_a, confirmed=False)

    response = client.post(
        SETUP_URL, {"token": current_totp(device), "next": "https://evil.example/"}
    )
    page = client.get(response["Location"]).content.decode()

    assert "evil.example" not in response["Location"]
    assert "evil.example" not in page
    assert f'href="{DASHBOARD_URL}"' in page


# --- Session limits ---------------------------------------------------------------------------


def test_staff_session_ends_after_30_minutes_idle(world):
    client = sign_in(Client(), world.senco_a)
    set_session_times(client, started_ago=60 * 60, seen_ago=31 * 60)

    response = client.get(DASHBOARD_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?{urlencode({'next': DASHBOARD_URL})}"
    assert events(AuditAction.SESSION_EXPIRED).get().actor == world.senco_a
    sign_in_page = client.get(response["Location"]).content.decode()
    assert "You were signed out to keep pupils&#x27; information safe." in sign_in_page
    assert is_signed_out(client)


def test_staff_session_ends_after_8_hours_even_when_active(world):
    client = sign_in(Client(), world.senco_a)
    set_session_times(client, started_ago=8 * 60 * 60 + 1, seen_ago=10)

    response = client.get(DASHBOARD_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert events(AuditAction.SESSION_EXPIRED).get().actor == world.senco_a
    assert is_signed_out(client)


def test_staff_session_survives_29_minutes_idle_and_activity_resets_the_clock(world):
    client = sign_in(Client(), world.senco_a)
    set_session_times(client, started_ago=60 * 60, seen_ago=29 * 60)

    response = client.get(DASHBOARD_URL)

    assert response.status_code == 200
    assert client.session["portal_last_seen_at"] > time.time() - 60
    assert not events(AuditAction.SESSION_EXPIRED).exists()


def test_parent_sessions_outlast_the_staff_limits(world):
    client = sign_in(Client(), world.parent_1, verified=False)
    set_session_times(client, started_ago=9 * 60 * 60, seen_ago=31 * 60)

    response = client.get(DASHBOARD_URL)

    assert response.status_code == 200
    assert "Aisha Khan" in response.content.decode()
    assert not events(AuditAction.SESSION_EXPIRED).exists()


def test_parent_session_ends_after_2_hours_idle(world):
    client = sign_in(Client(), world.parent_1, verified=False)
    set_session_times(client, started_ago=3 * 60 * 60, seen_ago=2 * 60 * 60 + 1)

    response = client.get(DASHBOARD_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?{urlencode({'next': DASHBOARD_URL})}"
    assert events(AuditAction.SESSION_EXPIRED).get().actor == world.parent_1
    assert is_signed_out(client)


def test_parent_session_ends_after_14_days_even_when_active(world):
    client = sign_in(Client(), world.parent_1, verified=False)
    set_session_times(client, started_ago=14 * 24 * 60 * 60 + 1, seen_ago=10)

    response = client.get(DASHBOARD_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert events(AuditAction.SESSION_EXPIRED).get().actor == world.parent_1
    assert is_signed_out(client)


def test_parent_idle_limit_follows_the_setting(world, settings):
    settings.PARENT_SESSION_IDLE_SECONDS = 10 * 60
    client = sign_in(Client(), world.parent_1, verified=False)
    set_session_times(client, started_ago=20 * 60, seen_ago=11 * 60)

    assert client.get(DASHBOARD_URL)["Location"].startswith(LOGIN_URL)
    assert events(AuditAction.SESSION_EXPIRED).get().actor == world.parent_1


@pytest.mark.parametrize(
    ("who", "idle", "total"),
    [
        ("parent_1", 2 * 60 * 60 + 1, 60),
        ("parent_1", 60, 14 * 24 * 60 * 60 + 1),
        ("senco_a", 30 * 60 + 1, 60),
        ("senco_a", 60, 8 * 60 * 60 + 1),
    ],
    ids=["parent-idle", "parent-in-all", "staff-idle", "staff-in-all"],
)
def test_a_session_past_its_limits_may_not_hold_a_socket(world, who, idle, total):
    from portal.auth.rules import socket_session_allowed

    user = getattr(world, who)
    client = sign_in(Client(), user)
    assert socket_session_allowed(user=user, session=client.session)

    set_session_times(client, started_ago=max(idle, total), seen_ago=idle)

    assert not socket_session_allowed(user=user, session=client.session)


def test_the_sign_in_page_offers_no_remember_me_and_the_cookie_ends_with_the_browser(
    world, settings
):
    from portal.auth.forms import SignInForm

    client = Client()
    page = client.get(LOGIN_URL).content.decode()
    response = sign_in_with_password(client, world.parent_1.email, PASSWORD)

    assert settings.ACCOUNT_SESSION_REMEMBER is False
    assert "remember" not in SignInForm().fields
    assert 'name="remember"' not in page
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()


# --- A new session key once the second factor is passed -----------------------------------


def assert_old_session_key_is_dead(old_key: str, client: Client) -> None:
    from django.conf import settings

    assert client.session.session_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert is_signed_out(stale)
    assert client.get(DASHBOARD_URL).status_code == 200


def test_verifying_a_code_gives_the_session_a_new_key(world):
    codes = give_backup_codes(world.senco_a)
    client = sign_in(Client(), world.senco_a, verified=False)
    old_key = client.session.session_key

    response = client.post(VERIFY_URL, {"token": codes[0]})

    assert response.status_code == 302
    assert_old_session_key_is_dead(old_key, client)


def test_setting_up_an_authenticator_gives_the_session_a_new_key(world):
    client = sign_in(Client(), world.senco_a, verified=False)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=world.senco_a, confirmed=False)
    old_key = client.session.session_key

    response = client.post(SETUP_URL, {"token": current_totp(device)})

    assert response.status_code == 302
    assert_old_session_key_is_dead(old_key, client)


# --- Signing out and password reset -------------------------------------------------------------


def test_signing_out_is_audited_and_ends_the_session(world):
    client = sign_in(Client(), world.senco_a)
    assert client.get(DASHBOARD_URL).status_code == 200

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert events(AuditAction.SIGN_OUT).get().actor == world.senco_a
    assert is_signed_out(client)


def test_password_reset_sends_one_email_with_a_reset_link(world):
    client = Client()

    page = client.get("/accounts/password/reset/")
    response = client.post("/accounts/password/reset/", {"email": world.parent_1.email})

    assert page.status_code == 200
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.parent_1.email]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_someone_with_only_the_password_cannot_replace_the_second_factor(world, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import sign_in

    owners_device = TOTPDevice.objects.create(user=world.senco_a, name="Phone", confirmed=True)
    client = sign_in(client, world.senco_a, verified=False)
    response = client.get("/portal/2fa/setup/")
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/2fa/verify/")
    assert TOTPDevice.objects.filter(pk=owners_device.pk, confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user=world.senco_a, confirmed=False).exists()


def test_account_settings_need_the_second_factor(world, client):
    from tests.conftest import sign_in

    client = sign_in(client, world.senco_a, verified=False)
    for url in ("/accounts/password/change/", "/cy/accounts/password/change/", "/accounts/email/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/portal/2fa/" in response["Location"], url


def test_cms_access_through_a_group_or_directly_needs_a_second_factor(world):
    from django.contrib.auth.models import Group, Permission

    from portal.auth.rules import needs_second_factor
    from tests.factories import UserFactory

    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    editors = Group.objects.create(name="Report editors for this test")
    editors.permissions.add(access)
    through_group, directly, neither = UserFactory(), UserFactory(), UserFactory()
    through_group.groups.add(editors)
    directly.user_permissions.add(access)
    assert needs_second_factor(through_group)
    assert needs_second_factor(directly)
    assert not needs_second_factor(neither)


def test_a_parents_page_asks_about_permissions_once(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import sign_in

    client = sign_in(client, world.parent_1)
    client.get("/portal/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/portal/").status_code == 200
    assert len([q for q in queries if '"auth_permission"' in q["sql"]]) == 1
