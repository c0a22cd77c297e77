"""Second factor: TOTP authenticator apps (django-otp) with single-use backup codes, stored as
keyed hashes (`portal.auth.models`)."""

from __future__ import annotations

import django_otp
import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.auth.models import HashedBackupDevice
from portal.notifications.services import session_end_notify
from portal.people.models import User

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def _session_verified(request: HttpRequest, device) -> None:
    """Mark the session verified by `device`, under a new session key: a key seen before the
    second factor (on a shared computer, or fixed by someone else) is worth nothing after it."""
    old_key = request.session.session_key
    django_otp.login(request, device)
    request.session.cycle_key()
    # Live sockets of other open tabs were joined under the old key, which signing out would
    # no longer reach: they close now and reconnect under the new key when their page reloads.
    session_end_notify(session_key=old_key)


def otp_pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator the user is setting up, made on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def otp_qr_svg(device: TOTPDevice) -> str:
    """The device's provisioning address as an inline SVG QR code."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#0b0c0c", light="#ffffff", omitsize=True
    )


def otp_backup_codes_issue(*, actor: User, context: AuditContext) -> list[str]:
    """Replace the user's backup codes with a fresh set; each code works once.

    Caller: the person themselves, once verified (or while confirming a new authenticator), and
    the demo seed. The codes are returned to be shown once and are never stored in plain text:
    the database keeps only their keyed hashes, and the old set stops working at once.
    """
    with transaction.atomic():
        device, _ = HashedBackupDevice.objects.select_for_update().get_or_create(
            user=actor, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        codes = device.replace_codes(BACKUP_CODE_COUNT)
        audit_record(action=AuditAction.OTP_BACKUP_CODES_ISSUED, actor=actor, context=context)
    return codes


def otp_confirm_setup(
    *, request: HttpRequest, context: AuditContext, device: TOTPDevice, token: str
) -> list[str] | None:
    """Confirm a new authenticator with its first code.

    On success the session counts as verified (under a new session key), any older
    authenticator is removed, a fresh set of backup codes is issued and returned. On failure
    returns None and records the failure. It takes the request because marking
    the session verified is django-otp's `login(request, device)`.
    """
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if not device.verify_token(token):
            audit_record(action=AuditAction.OTP_FAILED, actor=user, context=context, detail="setup")
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(action=AuditAction.OTP_ENROLLED, actor=user, context=context, obj=device)
        codes = otp_backup_codes_issue(actor=user, context=context)
    _session_verified(request, device)
    return codes


def otp_verify(*, request: HttpRequest, context: AuditContext, token: str) -> bool:
    """Check a code from the authenticator app or a backup code; mark the session verified,
    under a new session key (django-otp's session login needs the request)."""
    token = "".join(token.split()).lower()
    device = django_otp.match_token(request.user, token)
    if device is None:
        audit_record(action=AuditAction.OTP_FAILED, actor=request.user, context=context)
        return False
    _session_verified(request, device)
    audit_record(
        action=AuditAction.OTP_VERIFIED,
        actor=request.user,
        context=context,
        detail="backup code" if isinstance(device, HashedBackupDevice) else "authenticator",
    )
    return True
