"""Tests: SQLite by default; DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-" + "x" * 40)
os.environ.setdefault("AUDIT_KEY", "test-only-audit-key-not-secret-" + "y" * 32)

from .base import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_PASSWORDS_ALLOWED = True
if REDIS_URL:  # noqa: F405
    # Tests clear the cache between them (a Redis FLUSHDB): each parallel worker gets a
    # database of its own so that one worker never wipes another's rate-limit counters.
    from urllib.parse import urlsplit, urlunsplit

    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    _url = urlsplit(REDIS_URL)  # noqa: F405
    _worker_url = urlunsplit(_url._replace(path=f"/{1 + int(_worker) % 15}"))
    CACHES["default"]["LOCATION"] = _worker_url  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [redis_channel_host(_worker_url)]  # noqa: F405
WHITENOISE_AUTOREFRESH = True
BASE_URL = "http://testserver"
