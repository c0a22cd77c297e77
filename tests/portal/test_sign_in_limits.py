"""Failed sign-ins are slowed down, never locked: nobody can lock a school or a named person out.

Real HTTP through allauth's sign-in view, the real cache and the audit trail. Each client is a
device with its own network address; the clock the limits read is moved on instead of waiting.
"""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail, signing
from django.test import Client

from portal.audit.models import AuditAction, AuditEvent
from portal.auth import sign_in_limits
from tests.conftest import sign_in
from tests.factories import PASSWORD, StaffMembershipFactory

LOGIN_URL = "/accounts/login/"
LOGOUT_URL = "/accounts/logout/"
VERIFY_URL = "/portal/2fa/verify/"
WRONG = "not-the-password"
SCHOOL_NAT = "203.0.113.10"


class Clock:
    def __init__(self):
        self.now = time.time()

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(sign_in_limits, "_now", lambda: clock.now)
    return clock


def device(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def attempt(client: Client, email: str, password: str):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def signed_in(response) -> bool:
    return response.status_code == 302


def throttled(**filters):
    return AuditEvent.objects.filter(action=AuditAction.SIGN_IN_THROTTLED, **filters)


def sign_ins():
    return AuditEvent.objects.filter(action=AuditAction.SIGN_IN)


def wrong_passwords(email: str, *addresses: str, each: int = 5) -> None:
    """Someone typing wrong passwords for `email`, `each` times from each address, whether or
    not they are answered with a wait."""
    for address in addresses:
        for _ in range(each):
            assert attempt(device(address), email, WRONG).status_code in (200, 429)


# --- One account from one address ----------------------------------------------------------


def test_after_five_failures_the_next_try_waits_and_the_page_says_what_to_do(world, clock):
    client = device(SCHOOL_NAT)
    for _ in range(5):
        response = attempt(client, world.senco_a.email, WRONG)
        assert response.status_code == 200
        assert "not correct" in response.content.decode()

    response = attempt(client, world.senco_a.email, PASSWORD)

    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert summary is not None
    assert "too many failed attempts to sign in to this account" in summary.group()
    assert "Wait 30 seconds, then try again" in summary.group()
    assert "reset your password" in summary.group()
    assert 'name="login"' in page
    assert not sign_ins().exists()
    assert client.get("/portal/").status_code == 302
    # The failure that started the wait, and the refused try, are both in the audit trail.
    assert list(throttled().values_list("detail", flat=True)) == [
        "slowed account_address: 5 failures, next try in 30 s",
        "refused account_address: wait 30 s",
    ]
    assert set(throttled().values_list("actor_email", flat=True)) == {world.senco_a.email}
    assert set(throttled().values_list("ip_address", flat=True)) == {SCHOOL_NAT}


def test_the_wait_doubles_with_each_further_failure_up_to_15_minutes(world, clock):
    client = device(SCHOOL_NAT)
    wrong_passwords(world.senco_a.email, SCHOOL_NAT)
    waits = []
    for _ in range(7):
        refused = attempt(client, world.senco_a.email, WRONG)
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1])
        assert attempt(client, world.senco_a.email, WRONG).status_code == 200

    assert waits == [30, 60, 120, 240, 480, 900, 900]
    messages = attempt(client, world.senco_a.email, WRONG).content.decode()
    assert "Wait 15 minutes, then try again" in messages
    assert throttled(detail__startswith="refused").count() == 8
    assert throttled(detail__startswith="slowed").count() >= 8


def test_the_right_password_after_the_wait_signs_in_and_the_count_starts_again(world, clock):
    client = device(SCHOOL_NAT)
    wrong_passwords(world.parent_1.email, SCHOOL_NAT)
    clock.advance(30)

    assert signed_in(attempt(client, world.parent_1.email, PASSWORD))

    client.post(LOGOUT_URL)
    for _ in range(4):
        assert attempt(client, world.parent_1.email, WRONG).status_code == 200
    assert signed_in(attempt(client, world.parent_1.email, PASSWORD))


def test_once_a_wait_is_over_only_one_try_at_a_time_gets_through(world, clock):
    from portal.audit.actors import AuditContext

    wrong_passwords(world.senco_a.email, SCHOOL_NAT)
    clock.advance(30)

    # One try is being checked (a turn held) when a second arrives at the same moment.
    with sign_in_limits.sign_in_attempt(
        login=world.senco_a.email,
        address=SCHOOL_NAT,
        device=None,
        context=AuditContext(ip_address=SCHOOL_NAT),
    ):
        at_once = attempt(device(SCHOOL_NAT), world.senco_a.email, PASSWORD)

    assert at_once.status_code == 429
    assert at_once["Retry-After"] == "5"
    assert signed_in(attempt(device(SCHOOL_NAT), world.senco_a.email, PASSWORD))


# --- Nobody locks a school out ---------------------------------------------------------------


def test_many_failures_for_one_account_do_not_stop_another_account_at_the_same_address(
    world, clock
):
    client = device(SCHOOL_NAT)
    for _ in range(12):
        attempt(client, world.senco_a.email, WRONG)
    assert throttled(detail__startswith="refused").exists()

    colleague = device(SCHOOL_NAT)

    assert signed_in(attempt(colleague, world.teacher_a.email, PASSWORD))
    assert signed_in(attempt(device(SCHOOL_NAT), world.parent_1.email, PASSWORD))
    assert set(sign_ins().values_list("actor_email", flat=True)) == {
        world.teacher_a.email,
        world.parent_1.email,
    }


def test_a_whole_school_signing_in_at_once_from_one_address_is_not_refused(world, clock):
    for _ in range(40):
        assert signed_in(attempt(device(SCHOOL_NAT), world.parent_1.email, PASSWORD))


def test_a_staffroom_verifying_codes_at_once_from_one_address_is_not_refused(world):
    from tests.conftest import give_backup_codes

    staff = [
        StaffMembershipFactory(school=world.school_a, user__email=f"staff{n}@example.org").user
        for n in range(12)
    ]
    for person in staff:
        code = give_backup_codes(person)[0]
        client = sign_in(Client(REMOTE_ADDR=SCHOOL_NAT), person, verified=False)
        response = client.post(VERIFY_URL, {"token": code})
        assert response.status_code == 302, person.email


def test_spraying_one_password_over_many_accounts_slows_that_address_down(world, clock):
    sprayer = device("198.51.100.7")
    for n in range(30):
        assert attempt(sprayer, f"person{n}@example.org", WRONG).status_code == 200

    response = attempt(device("198.51.100.7"), world.parent_2.email, PASSWORD)

    assert response.status_code == 429
    assert "too many failed attempts to sign in from your network" in response.content.decode()
    assert throttled(detail="slowed address: 30 failures, next try in 60 s").exists()
    assert throttled(detail="refused address: wait 60 s").exists()
    # Other addresses are untouched.
    assert signed_in(attempt(device(SCHOOL_NAT), world.parent_2.email, PASSWORD))


# --- Nobody locks a named person out -----------------------------------------------------------


def known_device_of(user, address: str) -> Client:
    """A device the person has signed in from before (and signed out of since)."""
    client = device(address)
    response = attempt(client, user.email, PASSWORD)
    assert signed_in(response)
    client.post(LOGOUT_URL)
    return client


def test_wrong_passwords_from_elsewhere_never_stop_the_owner_on_a_known_device(world, clock):
    laptop = known_device_of(world.senco_a, SCHOOL_NAT)
    # Someone types wrong passwords for the SENCO from three other addresses.
    wrong_passwords(world.senco_a.email, "192.0.2.1", "192.0.2.2", "192.0.2.3")
    for _ in range(3):
        assert attempt(device("192.0.2.1"), world.senco_a.email, PASSWORD).status_code == 429

    assert signed_in(attempt(laptop, world.senco_a.email, PASSWORD))

    # On a new device the SENCO waits, as the page says, and then signs in.
    new_phone = device("192.0.2.200")
    refused = attempt(new_phone, world.senco_a.email, PASSWORD)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Wait 60 seconds, then try again" in refused.content.decode()
    clock.advance(int(refused["Retry-After"]))
    assert signed_in(attempt(new_phone, world.senco_a.email, PASSWORD))
    assert sign_ins().filter(actor=world.senco_a).count() == 3
    assert throttled(detail="slowed account: 10 failures, next try in 60 s").exists()
    # Refused: the third address's five tries, the three right ones and the new phone's first.
    assert throttled(detail__startswith="refused account:").count() == 9


def test_a_known_device_has_its_own_limit_for_the_account(world, clock):
    # A shared school computer: the next person there cannot guess the SENCO's password on
    # and on, while the SENCO's own devices elsewhere are not held up.
    shared = known_device_of(world.senco_a, SCHOOL_NAT)
    for _ in range(5):
        assert attempt(shared, world.senco_a.email, WRONG).status_code == 200

    refused = attempt(shared, world.senco_a.email, PASSWORD)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert throttled(detail="refused account_device: wait 30 s").exists()
    assert signed_in(attempt(device(SCHOOL_NAT), world.senco_a.email, PASSWORD))


def test_a_device_known_to_one_account_is_a_new_device_for_another(world, clock):
    parents_laptop = known_device_of(world.parent_1, SCHOOL_NAT)
    wrong_passwords(world.senco_a.email, "192.0.2.1", "192.0.2.2", "192.0.2.3")

    refused = attempt(parents_laptop, world.senco_a.email, PASSWORD)

    assert refused.status_code == 429


def test_a_tampered_known_device_cookie_counts_for_nothing(world, clock):
    laptop = known_device_of(world.senco_a, SCHOOL_NAT)
    cookie = laptop.cookies[sign_in_limits.KNOWN_DEVICE_COOKIE]
    cookie.set(cookie.key, cookie.value[:-2] + "xx", cookie.value[:-2] + "xx")
    wrong_passwords(world.senco_a.email, "192.0.2.1", "192.0.2.2", "192.0.2.3")

    assert attempt(laptop, world.senco_a.email, PASSWORD).status_code == 429


def test_the_known_device_cookie_is_signed_http_only_and_lasts_180_days(world, settings):
    client = device(SCHOOL_NAT)

    response = attempt(client, world.parent_1.email, PASSWORD)

    cookie = response.cookies[sign_in_limits.KNOWN_DEVICE_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 180 * 24 * 60 * 60
    assert bool(cookie["secure"]) is settings.SESSION_COOKIE_SECURE
    payload = signing.b64_decode(cookie.value.split(":")[0].encode()).decode()
    assert world.parent_1.email not in payload
    assert "parent1" not in payload


def test_a_password_reset_by_email_ends_the_accounts_wait(world, clock):
    wrong_passwords(world.parent_1.email, "192.0.2.1", "192.0.2.2", "192.0.2.3")
    new_device = device("192.0.2.200")
    assert attempt(new_device, world.parent_1.email, PASSWORD).status_code == 429

    new_device.post("/accounts/password/reset/", {"email": world.parent_1.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    form = new_device.get(link.group(1), follow=True)
    new_password = "a-new-password-for-2026"
    new_device.post(
        form.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )

    assert signed_in(attempt(new_device, world.parent_1.email, new_password))


def test_a_burst_of_attempts_fired_at_once_gets_no_more_than_the_free_tries(world):
    # Attempts at one account still being checked count as failures already: fired together,
    # five are checked (the free tries) and a sixth holds the one turn; the rest must wait.
    from contextlib import ExitStack

    from portal.audit.actors import AuditContext

    context = AuditContext(ip_address="198.51.100.9", request_id="burst")
    checked, refused = 0, 0
    with ExitStack() as in_progress:
        for _ in range(10):
            try:
                in_progress.enter_context(
                    sign_in_limits.sign_in_attempt(
                        login=world.senco_a.email,
                        address="198.51.100.9",
                        device=None,
                        context=context,
                    )
                )
                checked += 1
            except sign_in_limits.SignInWait:
                refused += 1

    assert (checked, refused) == (6, 4)
    # Once they are done, the next attempt is let through again.
    with sign_in_limits.sign_in_attempt(
        login=world.senco_a.email, address="198.51.100.9", device=None, context=context
    ):
        pass
