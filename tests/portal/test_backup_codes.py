"""Backup codes are kept only as keyed hashes: shown once, each works once, wrong guesses are
throttled, and codes made before hashing still sign their owner in."""

from __future__ import annotations

import datetime
import re
from importlib import import_module

from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit.models import AuditAction, AuditEvent
from portal.auth.models import HashedBackupCode, HashedBackupDevice
from portal.auth.views import BACKUP_CODES_SESSION_KEY
from tests.conftest import give_backup_codes, sign_in

VERIFY_URL = "/portal/2fa/verify/"
BACKUP_CODES_URL = "/portal/2fa/backup-codes/"
DASHBOARD_URL = "/portal/"
CODE = re.compile(r'<li class="app-code-list__item">([a-z0-9]+)</li>')


def issue_codes(client: Client) -> list[str]:
    """Ask for new backup codes as a verified person does, and read them off the page."""
    response = client.post(BACKUP_CODES_URL)
    assert response.status_code == 302
    codes = CODE.findall(client.get(BACKUP_CODES_URL).content.decode())
    assert len(codes) == 10
    return codes


def every_stored_text(*model_classes: type[models.Model]) -> list[str]:
    """Every value of every column of these tables, as text."""
    return [
        str(value)
        for model in model_classes
        for row in model.objects.values_list()
        for value in row
        if value is not None
    ]


def verifying_client(user) -> Client:
    TOTPDevice.objects.get_or_create(user=user, name="Authenticator app", confirmed=True)
    return sign_in(Client(), user, verified=False)


def wait_out_the_back_off(user) -> None:
    """As if the person waited after a wrong code (django-otp's back-off is seconds long)."""
    HashedBackupDevice.objects.filter(user=user).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=5)
    )


def test_issued_codes_are_stored_nowhere_in_plain_text(world):
    client = sign_in(Client(), world.senco_a)

    codes = issue_codes(client)

    stored = every_stored_text(HashedBackupCode, HashedBackupDevice, StaticToken, StaticDevice)
    assert HashedBackupCode.objects.filter(device__user=world.senco_a).count() == 10
    assert [code for code in codes if any(code in text.lower() for text in stored)] == []
    # Nor does the session keep them once they have been shown.
    assert BACKUP_CODES_SESSION_KEY not in client.session


def test_codes_are_shown_once_and_never_again(world):
    client = sign_in(Client(), world.senco_a)
    codes = issue_codes(client)

    again = client.get(BACKUP_CODES_URL).content.decode()

    assert CODE.findall(again) == []
    assert not any(code in again for code in codes)


def test_new_codes_replace_the_old_ones(world):
    old = give_backup_codes(world.senco_a)
    new = issue_codes(sign_in(Client(), world.senco_a))

    refused = verifying_client(world.senco_a).post(VERIFY_URL, {"token": old[0]})
    assert refused.status_code == 200
    assert "The code is not right" in refused.content.decode()
    wait_out_the_back_off(world.senco_a)

    accepted = verifying_client(world.senco_a).post(VERIFY_URL, {"token": new[0]})
    assert accepted.status_code == 302
    assert HashedBackupDevice.objects.filter(user=world.senco_a).count() == 1


def test_a_code_works_once_however_it_is_typed(world):
    code = give_backup_codes(world.senco_a)[0]
    spaced = f" {code[:4].upper()} {code[4:]} "

    first = verifying_client(world.senco_a).post(VERIFY_URL, {"token": spaced})
    second = verifying_client(world.senco_a).post(VERIFY_URL, {"token": code})

    assert first.status_code == 302
    assert second.status_code == 200
    assert "The code is not right" in second.content.decode()
    verified = AuditEvent.objects.get(action=AuditAction.OTP_VERIFIED)
    assert (verified.actor, verified.detail) == (world.senco_a, "backup code")


def test_a_wrong_code_fails_and_the_next_try_is_throttled(world):
    right = give_backup_codes(world.senco_a)[0]
    client = verifying_client(world.senco_a)

    wrong = client.post(VERIFY_URL, {"token": "zzzzzzzz"})
    too_soon = client.post(VERIFY_URL, {"token": right})

    assert wrong.status_code == 200
    assert too_soon.status_code == 200  # even the right code waits out the back-off
    assert client.get(DASHBOARD_URL)["Location"].startswith(VERIFY_URL)
    device = HashedBackupDevice.objects.get(user=world.senco_a)
    assert device.throttling_failure_count >= 1
    # Once the back-off has passed, the right code (still unused) works.
    wait_out_the_back_off(world.senco_a)
    assert client.post(VERIFY_URL, {"token": right}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_codes_stored_in_plain_text_before_are_hashed_and_still_work(world):
    plain_device = StaticDevice.objects.create(user=world.senco_a, name="Backup codes")
    StaticToken.objects.bulk_create(
        [StaticToken(device=plain_device, token=code) for code in ("oldcode1", "oldcode2")]
    )
    migration = import_module("portal.auth.migrations.0002_hash_existing_backup_codes")

    migration.hash_plain_codes(apps, None)

    assert not StaticToken.objects.exists()
    assert not StaticDevice.objects.exists()
    stored = every_stored_text(HashedBackupCode, HashedBackupDevice)
    assert not any("oldcode" in text for text in stored)
    outcomes = []
    for code in ("oldcode1", "oldcode1", "oldcode2"):
        wait_out_the_back_off(world.senco_a)
        response = verifying_client(world.senco_a).post(VERIFY_URL, {"token": code})
        outcomes.append(response.status_code)
    assert outcomes == [302, 200, 302]  # each works once


def test_signing_in_with_the_authenticator_app_never_holds_up_a_backup_code(world):
    from django_otp.oath import TOTP

    device, _ = TOTPDevice.objects.get_or_create(
        user=world.senco_a, name="Authenticator app", confirmed=True
    )
    (code,) = give_backup_codes(world.senco_a, "abcd2345")
    for step in range(5):
        # Each sign-in's code is a new one: the app's code for the next time step.
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        totp.time = timezone.now().timestamp() + step * device.step
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        client = sign_in(Client(), world.senco_a, verified=False)
        assert client.post(VERIFY_URL, {"token": f"{totp.token():06d}"}).status_code == 302

    # Some minutes later the phone is lost (the sign-in page's own flood limit has run out):
    # the backup code works at once.
    cache.clear()
    client = sign_in(Client(), world.senco_a, verified=False)
    response = client.post(VERIFY_URL, {"token": code})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
