"""Production: SECRET_KEY, AUDIT_KEY, ALLOWED_HOSTS, PostgreSQL (DATABASE_URL), Redis (REDIS_URL)
and a mail server (EMAIL_URL)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not AUDIT_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "Set AUDIT_KEY for production (a long random value, not the SECRET_KEY): it keys the "
        "audit trail's chain and its anchors."
    )
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS for production.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    raise ImproperlyConfigured("Set DATABASE_URL to a PostgreSQL database for production.")
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured("Set REDIS_URL for production (cache and channel layer).")
if not EMAIL_URL:  # noqa: F405
    raise ImproperlyConfigured(
        "Set EMAIL_URL for production (e.g. submission://user:pass@smtp.example.org:587): "
        "invitations and notifications are sent by email."
    )
if EMAIL_BACKEND.endswith(("console.EmailBackend", "filebased.EmailBackend")):  # noqa: F405
    raise ImproperlyConfigured("EMAIL_URL must name a real mail server in production.")
DEMO_PASSWORDS_ALLOWED = False
