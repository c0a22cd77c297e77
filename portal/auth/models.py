"""Backup codes kept as keyed hashes: a stolen database backup holds no code that signs in."""

from __future__ import annotations

import hmac
import re
import secrets
from base64 import b32encode

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

# Changing the salt makes every stored code unusable; the data migration uses the same one.
BACKUP_CODE_SALT = "portal.auth.backup-code"


def normalise_backup_code(code: str) -> str:
    """As a person may type it: spaces anywhere, any case."""
    return "".join(code.split()).lower()


def backup_code_hash(code: str, *, secret: str | None = None) -> str:
    """HMAC-SHA256 of the normalised code, keyed with SECRET_KEY (or `secret`). A fast keyed
    hash is enough: each code is 40 random bits, used once, and guesses are throttled, so the
    key (kept out of the database) is what stops a leaked table being tried offline."""
    return salted_hmac(
        BACKUP_CODE_SALT,
        normalise_backup_code(code),
        secret=secret,
        algorithm="sha256",
    ).hexdigest()


# A code from the authenticator app: six digits (backup codes are eight characters).
AUTHENTICATOR_CODE_SHAPE = re.compile(r"[0-9]{6}")


def new_backup_code() -> str:
    """8 characters of lower-case base32: 40 random bits, as django-otp's static tokens."""
    return b32encode(secrets.token_bytes(5)).decode().lower()


class HashedBackupDevice(TimestampMixin, ThrottlingMixin, Device):
    """A person's set of single-use backup codes, stored only as keyed hashes.

    django-otp finds it as it finds any device of an installed app, so `match_token` and
    `user_has_device` count it like the authenticator app.
    """

    class Meta:
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def replace_codes(self, count: int) -> list[str]:
        """Forget every code and make `count` new ones; the plain codes are only returned."""
        self.codes.all().delete()
        codes = [new_backup_code() for _ in range(count)]
        HashedBackupCode.objects.bulk_create(
            [HashedBackupCode(device=self, code_hash=backup_code_hash(code)) for code in codes]
        )
        return codes

    def verify_token(self, token) -> bool:
        # django-otp offers every code to every device: a code from the authenticator app is
        # no wrong guess at a backup code, and must not make the owner wait to use one.
        if AUTHENTICATOR_CODE_SHAPE.fullmatch(normalise_backup_code(str(token))):
            return False
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        # A code made before the key was rotated still works while the old key is a fallback.
        secrets_in_use = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        candidates = [backup_code_hash(str(token), secret=secret) for secret in secrets_in_use]
        match = None
        for code in self.codes.all():
            # Every stored hash is compared, each in constant time, whatever matched first.
            found = False
            for candidate in candidates:
                found = hmac.compare_digest(code.code_hash, candidate) or found
            if found and match is None:
                match = code
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class HashedBackupCode(models.Model):
    """One unused backup code, as its keyed hash; deleted when used or replaced."""

    device = models.ForeignKey(HashedBackupDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("backup code")

    def __str__(self) -> str:
        return f"backup code {self.pk} of device {self.device_id}"
