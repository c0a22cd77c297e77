"""Production: SECRET_KEY, ALLOWED_HOSTS, PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS for production.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    raise ImproperlyConfigured("Set DATABASE_URL to a PostgreSQL database for production.")
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured("Set REDIS_URL for production (cache and channel layer).")
DEMO_PASSWORDS_ALLOWED = False
