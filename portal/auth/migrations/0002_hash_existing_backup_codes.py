"""Move every plain backup code (django-otp's StaticToken) into the hashed store, then delete
the plain ones: nobody is locked out, and no code is left readable in the database."""

from django.conf import settings
from django.db import migrations
from django.utils.crypto import salted_hmac

# As portal.auth.models.BACKUP_CODE_SALT; copied so this migration never changes meaning.
BACKUP_CODE_SALT = "portal.auth.backup-code"


def _hash(code: str) -> str:
    normalised = "".join(code.split()).lower()
    return salted_hmac(
        BACKUP_CODE_SALT, normalised, secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


def hash_plain_codes(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    HashedBackupDevice = apps.get_model("portal_auth", "HashedBackupDevice")
    HashedBackupCode = apps.get_model("portal_auth", "HashedBackupCode")
    for plain in StaticDevice.objects.all().iterator():
        device = HashedBackupDevice.objects.create(
            user_id=plain.user_id,
            name=plain.name,
            confirmed=plain.confirmed,
            throttling_failure_timestamp=plain.throttling_failure_timestamp,
            throttling_failure_count=plain.throttling_failure_count,
            last_used_at=plain.last_used_at,
        )
        HashedBackupCode.objects.bulk_create(
            [
                HashedBackupCode(device=device, code_hash=_hash(token))
                for token in plain.token_set.values_list("token", flat=True)
            ]
        )
    # Deleting the devices deletes their plain tokens with them.
    StaticDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal_auth", "0001_hashed_backup_codes"),
        ("otp_static", "0003_add_timestamps"),
    ]

    # Not reversible (Django refuses to unapply it): the plain codes cannot be recovered from
    # their hashes, and unapplying would leave everyone without backup codes.
    operations = [migrations.RunPython(hash_plain_codes, elidable=False)]
