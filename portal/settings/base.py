"""Production-safe base settings. Everything configurable comes from the environment."""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")

# The key that MACs the audit trail's chain and its anchors: separate from SECRET_KEY, so that
# rotating one never touches the other. Production refuses to start without it.
AUDIT_KEY = os.environ.get("AUDIT_KEY", "")

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "portal.audit",
    "portal.schools",
    "portal.people",
    "portal.pupils",
    "portal.auth",
    "portal.notifications",
    "portal.files",
    "portal.support.plans",
    "portal.support.meetings",
    "portal.support.consent",
    "portal.support.notices",
    "portal.support.passports",
    "portal.support.checklist",
    "portal.support.evidence",
    "content",
    "voice",
    "messaging",
    "messaging.concerns",
    "messaging.conversations",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "allauth",
    "allauth.account",
    "csp",
    "channels",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "portal.audit.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered above, pre-compressed (Brotli and gzip) by collectstatic.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, which then stores pages uncompressed and serves either form; above
    # ConditionalGet, so the ETag is of the uncompressed page. BREACH: docs/adr/0014-speed.md.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "content.cache.PublicPageCacheMiddleware",
    "portal.csp.PortalCSPMiddleware",
    # Below the page cache (cached public pages are served while the database is down), above
    # everything that needs the database: a 503 page instead of a 500.
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.auth.middleware.SessionLimitsMiddleware",
    "portal.auth.middleware.SecondFactorMiddleware",
    "portal.auth.middleware.CmsAccessMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.auth.middleware.SignInWaitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees a view's exception first: a pupil's page without a code that works.
    "voice.middleware.PupilPageNotFoundMiddleware",
]

ROOT_URLCONF = "portal.urls"
FORM_RENDERER = "portal.govuk_forms.GovukFormRenderer"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, which the audit hash chain relies on.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Under ASGI every thread would keep a persistent connection of its own; a pool per process
    # bounds them (README, "Database connections"). DB_POOL_MAX_SIZE=0 turns the pool off, for
    # a deployment behind PgBouncer, and CONN_MAX_AGE applies again.
    DB_POOL_MAX_SIZE = int(os.environ.get("DB_POOL_MAX_SIZE", "10"))
    if DB_POOL_MAX_SIZE > 0:
        # The pool keeps the connections. With CONN_HEALTH_CHECKS (on) it checks each one
        # before lending it, so a connection broken by a database restart is replaced.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(int(os.environ.get("DB_POOL_MIN_SIZE", "2")), DB_POOL_MAX_SIZE),
            "max_size": DB_POOL_MAX_SIZE,
            # How long a request waits for a free connection before it fails (with a 503).
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "5")),
        }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds the cache waits for Redis before falling back to this process's memory.
REDIS_CACHE_TIMEOUT = float(os.environ.get("REDIS_CACHE_TIMEOUT", "0.5"))


def redis_channel_host(url: str) -> dict:
    """A channels_redis host whose idle sockets live: the layer's receive blocks in Redis for
    up to 5 s (BZPOPMIN), which redis-py's default 5 s read timeout would cut short. Connecting
    gives up after a second: a request that publishes a notification waits no longer than that
    for a Redis that is down (the publish is logged and skipped; pages poll)."""
    return {
        "address": url,
        "socket_timeout": None,
        "socket_connect_timeout": 1,
        "socket_keepalive": True,
        "health_check_interval": 30,
        # Sockets closing together (a restart, a school's wifi dropping) each leave their groups
        # at the same moment, one Redis connection each: redis-py's default limit of 100 raised
        # "Too many connections" and left groups behind. Redis itself allows 10,000 clients.
        "max_connections": int(os.environ.get("CHANNEL_LAYER_MAX_CONNECTIONS", "1000")),
    }


def redis_cache(url: str) -> dict:
    """The cache on Redis, degrading to per-process memory while Redis is unreachable (skipped
    for RETRY_SECONDS after a failure)."""
    return {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "portal",
        "RETRY_SECONDS": 5,
        "OPTIONS": {
            "socket_connect_timeout": REDIS_CACHE_TIMEOUT,
            "socket_timeout": REDIS_CACHE_TIMEOUT,
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [redis_channel_host(REDIS_URL)],
                "prefix": "portal",
                # Every socket of one server process shares one Redis list, and channels_redis
                # silently drops what goes past its capacity (100 by default): a notification to
                # a few hundred people lost some of them (bench/fanout.py).
                "capacity": int(os.environ.get("CHANNEL_LAYER_CAPACITY", "10000")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Sessions live in the database so that signing out ends them everywhere.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
ACCOUNT_ADAPTER = "portal.auth.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "portal.auth.forms.SignInForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    # A flood guard only: a school's staff behind one address all sign in at 8.30.
    "login": "120/m/ip",
    # Off: failed sign-ins are slowed down by portal/auth/sign_in_limits.py instead (ADR 10).
    "login_failed": "",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    # Per person (only someone signed in as them can use it up), and a generous flood guard
    # per address that a whole staffroom verifying at once stays far below.
    "otp_verify": "120/m/ip,5/5m/user",
    "invitation_accept": "20/m/ip",
    # Passwords posted to the shared-password form of a private page or document collection,
    # right or wrong, per address: no limit per page, so that nobody can shut everyone else
    # out of one.
    "shared_password": "20/m/ip",
}

# Failed sign-ins: a few free tries, then a wait doubling with each failure up to a cap; never a
# lock. See portal/auth/sign_in_limits.py and docs/adr/0010-sign-in-limits.md.
SIGN_IN_LIMITS = {
    # One account from one network address.
    "account_address": {"free": 5, "first_wait": 30, "max_wait": 15 * 60, "forget_after": 86_400},
    # One account from every device that has not signed in to it before.
    "account": {"free": 10, "first_wait": 60, "max_wait": 15 * 60, "forget_after": 86_400},
    # Distinct accounts failing from one network address: spraying one password over many.
    "address": {"free": 30, "first_wait": 60, "max_wait": 15 * 60, "forget_after": 3_600},
}
# A device where someone signed in is known to that account this long (a signed cookie).
SIGN_IN_KNOWN_DEVICE_DAYS = 180

# Staff sessions: 30 minutes idle, 8 hours in all. Parents' and carers': 2 hours idle, 14 days
# in all, unless the environment says otherwise.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
STAFF_SESSION_MAX_SECONDS = 8 * 60 * 60
PARENT_SESSION_IDLE_SECONDS = int(os.environ.get("PARENT_SESSION_IDLE_SECONDS", 2 * 60 * 60))
PARENT_SESSION_MAX_SECONDS = int(os.environ.get("PARENT_SESSION_MAX_SECONDS", 14 * 24 * 60 * 60))
# The database keeps a session no longer than this: long enough for the longest limit above.
SESSION_COOKIE_AGE = max(STAFF_SESSION_MAX_SECONDS, PARENT_SESSION_MAX_SECONDS)
INVITATION_VALID_DAYS = 7
OTP_TOTP_ISSUER = "SEN Support portal"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("cy", _("Welsh")),
    ("ur", _("Urdu")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/London"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "SEN Support portal"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# The database backend, given only the words of a query (content/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "content.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [("", BASE_DIR / "assets" / "dist")]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Attachments (portal/files): outside STATIC_ROOT and MEDIA_ROOT and with no base URL, so
    # that no address serves them; they leave only through a view that checked who is asking.
    "private": {
        "BACKEND": "portal.files.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "private", "base_url": None},
    },
}
# Or an S3-compatible bucket, private, handing out nothing but signed, short-lived addresses.
PRIVATE_STORAGE_BUCKET = os.environ.get("PRIVATE_STORAGE_BUCKET", "")
if PRIVATE_STORAGE_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": os.environ.get("PRIVATE_STORAGE_ENDPOINT_URL") or None,
            "region_name": os.environ.get("PRIVATE_STORAGE_REGION") or None,
            "access_key": os.environ.get("PRIVATE_STORAGE_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("PRIVATE_STORAGE_SECRET_ACCESS_KEY", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }

# Attachments: PDF, PNG or JPEG only, each at most this size, at most this many per form.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
ATTACHMENTS_PER_SUBMISSION = 5
# A stored file with no row (its transaction rolled back) is deleted once it is this old.
ATTACHMENT_ORPHAN_SECONDS = 60 * 60
# A pupil's recorded answer (voice.audio.checks): its longest length and largest size.
VOICE_AUDIO_MAX_SECONDS = int(os.environ.get("VOICE_AUDIO_MAX_SECONDS", "120"))
VOICE_AUDIO_MAX_BYTES = int(os.environ.get("VOICE_AUDIO_MAX_BYTES", 10 * 1024 * 1024))

# Forms posted under a limit (portal/ratelimit.py): "N/period/key" (period s, m, h or d with an
# optional number, key "user" or "ip"), several separated by commas. An action not named here
# is not limited.
PORTAL_RATE_LIMITS = {
    "concern_raise": "5/h/user",
    "concern_reply": "20/10m/user",
    "message_send": "30/10m/user,120/10m/ip",
    # Making an evidence pack's PDF (a full WeasyPrint layout in the request), per person.
    "evidence_pdf": "10/10m/user",
    "meeting_respond": "10/10m/user",
    # Codes typed at /voice/ that open nothing (wrong, or ended): per address, very generous
    # because a whole school's pupils share one and their slips must not lock the class out
    # (the 20^8 code space and the key limit stop guessing); and per first group of four typed,
    # from any address, so that guesses spread over many addresses at one code's neighbours
    # are stopped too.
    "voice_code": "100/10m/ip,6/10m/key",
    # Pupil voice: the SENCO's review of a pupil's views and the "how I communicate" note.
    "voice_review": "60/10m/user",
    "voice_communication": "30/10m/user",
    # Copying a question set makes a set with all its questions: a flood fills the database.
    "voice_set_copy": "30/h/user",
}

# The site's own address, for links in emails (which are sent by the worker, with no request).
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")

# Background work. The portal's own tasks (the email outbox, digests) go to a queue in the
# database, worked by `manage.py run_worker`. Wagtail's housekeeping (search and reference
# indexes) keeps running at once, in the request that saves a page, as it always has.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# The email outbox: the first retry waits OUTBOX_RETRY_BASE_SECONDS, each later one twice the
# one before (up to an hour); an email claimed longer ago than OUTBOX_CLAIM_TIMEOUT_SECONDS
# belongs to a worker that died mid-send and is given back to the queue when a worker starts.
OUTBOX_RETRY_BASE_SECONDS = float(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", "60"))
OUTBOX_CLAIM_TIMEOUT_SECONDS = float(os.environ.get("OUTBOX_CLAIM_TIMEOUT_SECONDS", "600"))

# No default mail server: production refuses to start without EMAIL_URL, so invitation links
# are never written to a log. dev.py and test.py choose their own backends.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
_email = dj_email_url.parse(EMAIL_URL or "console:")
if "EMAIL_BACKEND" not in _email:
    raise ImproperlyConfigured(
        "EMAIL_URL has an unknown scheme: use smtp://, submission:// (STARTTLS on 587) or smtps://."
    )
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SEN Support portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The worker writes the audit chain's head (newest row id and MAC) here and to the log every
# AUDIT_ANCHOR_INTERVAL_SECONDS, so that rows cut from the end of the trail are detected.
AUDIT_ANCHOR_PATH = Path(os.environ.get("AUDIT_ANCHOR_PATH", VAR_DIR / "audit-anchors.jsonl"))
AUDIT_ANCHOR_INTERVAL_SECONDS = int(os.environ.get("AUDIT_ANCHOR_INTERVAL_SECONDS", "600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Audit anchors are always logged, whatever LOG_LEVEL says: the log is a copy held apart.
    "loggers": {"portal.audit.anchor": {"level": "INFO"}},
}
