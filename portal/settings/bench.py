"""The benchmark (`make bench`): production settings, but on SQLite and local memory when
DATABASE_URL and REDIS_URL are not set, with a bare view at /bench/bare (P, what every figure
is a ratio to) and an X-Query-Count header on every response. Never for a deployment."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
os.environ.setdefault("AUDIT_KEY", "bench-only-audit-key-not-secret-" + "y" * 32)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Nothing listens there: the benchmark sends no email, it only needs a real mail backend named.
os.environ.setdefault("EMAIL_URL", "smtp://127.0.0.1:2525")

from .base import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
# Outermost, so that it counts the queries of every middleware and of the view.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
DEMO_PASSWORDS_ALLOWED = False
if os.environ.get("BENCH_STATIC_UNCOMPRESSED"):
    # `bench/run.py --quick`: hashed names as in production, without the compressed copies
    # that take collectstatic half a minute; no page the benchmark measures serves them.
    STORAGES["staticfiles"] = {  # noqa: F405
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    }
