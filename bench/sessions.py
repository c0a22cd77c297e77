"""Signed-in sessions for the benchmark, made directly in the session store: the people in the
scale manifest, staff with a verified second factor, as if each had signed in and passed it.

    python -m bench.sessions MANIFEST [--per-account N]   (prints JSON: account -> session keys)
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import import_module
from pathlib import Path

MANIFEST_ACCOUNTS = ("parent", "senco", "senco_small", "senco_big", "trust_lead")
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def session_make(user) -> str:
    """A new session in which `user` is signed in (and, where the portal asks for one, has passed
    a second factor with a confirmed authenticator), stamped as starting now. Returns its key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.auth.rules import needs_second_factor, session_started
    from portal.auth.services import AUTHENTICATOR_NAME

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = MODEL_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if needs_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session_started(session)
    session.create()
    return session.session_key


def sessions_for_manifest(manifest: dict, *, per_account: int = 1) -> dict[str, list[str]]:
    """`per_account` sessions for each account the manifest names (skipping absent ones), and
    for each account a journey names in its `accounts` (such as a school's DSL)."""
    from portal.people.models import User

    entries = {name: manifest.get(name) for name in MANIFEST_ACCOUNTS}
    for journey in (manifest.get("journeys") or {}).values():
        for name, entry in (journey.get("accounts") or {}).items():
            entries.setdefault(name, entry)
    made: dict[str, list[str]] = {}
    for name, entry in entries.items():
        if not entry:
            continue
        user = User.objects.get(pk=entry["user_id"])
        made[name] = [session_make(user) for _ in range(per_account)]
    return made


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--per-account", type=int, default=1)
    args = parser.parse_args(argv)
    import django

    django.setup()
    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    json.dump(sessions_for_manifest(manifest, per_account=args.per_account), sys.stdout)


if __name__ == "__main__":
    main()
