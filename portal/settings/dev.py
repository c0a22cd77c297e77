"""Local development: the embedded SQLite database, in-memory channel layer, console email."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
os.environ.setdefault("AUDIT_KEY", "dev-only-audit-key-not-secret-" + "y" * 32)

from .base import *  # noqa: E402,F403

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Demo sign-ins are printed by `make run`; only these settings allow them.
DEMO_PASSWORDS_ALLOWED = True
