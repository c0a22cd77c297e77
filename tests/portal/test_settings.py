"""Production settings and the headers a browser gets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "EMAIL_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="a-long-random-production-secret-key-for-the-check-0123456789abcdef",
        AUDIT_KEY="a-long-random-production-audit-key-for-the-check-fedcba9876543210",
        ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="submission://portal:secret@smtp.example.org:587",
    )
    env.update(extra)
    return env


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deployment_checklist():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env=_production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_mail_server():
    # Without one, invitation links would be printed to the log by the console backend.
    for email_url in ("", "console:"):
        result = _manage("check", env=_production_env(EMAIL_URL=email_url))
        assert result.returncode != 0
        assert "EMAIL_URL" in result.stderr


def test_production_refuses_to_start_without_an_audit_key():
    result = _manage("check", env=_production_env(AUDIT_KEY=""))
    assert result.returncode != 0
    assert "AUDIT_KEY" in result.stderr


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"AUDIT_KEY": ""}, "audit.E001"),
        ({"AUDIT_KEY": "test-only-not-secret-" + "x" * 40}, "audit.E002"),
        ({"AUDIT_KEY": "short"}, "audit.W003"),
        ({"EMAIL_URL": ""}, "notifications.E001"),
    ],
)
def test_the_deployment_checklist_reports_a_missing_audit_key_or_mail_server(overrides, problem):
    # production.py refuses to start without them; the checklist also catches a settings module
    # of an operator's own that forgets them.
    from django.core import checks

    good = {
        "SECRET_KEY": "test-only-not-secret-" + "x" * 40,
        "AUDIT_KEY": "a-long-random-audit-key-" + "k" * 40,
        "EMAIL_URL": "submission://portal:secret@smtp.example.org:587",
    }
    with override_settings(**(good | overrides)):
        found = {
            message.id
            for message in checks.run_checks(
                tags=[checks.Tags.security], include_deployment_checks=True
            )
            if message.id.startswith(("audit.", "notifications."))
        }
    assert found == {problem}


def test_production_refuses_sqlite():
    result = _manage("check", env=_production_env(DATABASE_URL="sqlite:///tmp/x.sqlite3"))
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/portal/"])
def test_pages_carry_the_security_headers(world, client, path):
    from tests.conftest import sign_in

    if path.startswith("/portal/"):
        sign_in(client, world.parent_1)
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_pupil_pages_are_never_cached(world, client):
    from tests.conftest import sign_in

    response = sign_in(client, world.parent_1).get(f"/portal/pupils/{world.pupil_a1.pk}/")
    assert "no-store" in response["Cache-Control"]


def test_health_check_reports_the_database(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_health_check_fails_with_503_when_redis_is_unreachable(db, client):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "error"


def test_secure_cookies_in_production_settings():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "Lax", "31536000", "False"]


def test_admin_screens_allow_inline_styles_but_never_inline_scripts(world, client):
    from tests.conftest import sign_in

    response = sign_in(client, world.superuser).get("/cms/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def _settings_in(env: dict, expression: str) -> str:
    code = (
        f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgres_connections_come_from_a_pool_sized_from_the_environment():
    env = _production_env(DB_POOL_MIN_SIZE="3", DB_POOL_MAX_SIZE="12", DB_POOL_TIMEOUT="4")

    database = _settings_in(
        env, 's.DATABASES["default"]["OPTIONS"]["pool"], s.DATABASES["default"]["CONN_MAX_AGE"]'
    )

    # Pooling needs persistent connections off: the pool keeps them.
    assert database == "{'min_size': 3, 'max_size': 12, 'timeout': 4.0} 0"


def test_the_pool_can_be_turned_off_for_a_deployment_behind_pgbouncer():
    env = _production_env(DB_POOL_MAX_SIZE="0", CONN_MAX_AGE="30")

    database = _settings_in(
        env, '"pool" in s.DATABASES["default"]["OPTIONS"], s.DATABASES["default"]["CONN_MAX_AGE"]'
    )

    assert database == "False 30"


def test_sqlite_has_no_pool():
    env = _production_env(
        DJANGO_SETTINGS_MODULE="portal.settings.test", DATABASE_URL="sqlite:///tmp/x.sqlite3"
    )

    assert _settings_in(env, '"pool" in s.DATABASES["default"]["OPTIONS"]') == "False"


def test_idle_notification_sockets_to_redis_have_no_read_timeout():
    # channels_redis blocks in Redis for up to 5 s waiting for a message; redis-py's default
    # 5 s read timeout would end that wait with an error and drop the socket.
    hosts = _settings_in(_production_env(), 's.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"]')

    assert "'socket_timeout': None" in hosts
    assert "'socket_keepalive': True" in hosts
    assert "'socket_connect_timeout': 1" in hosts  # a publish to a dead Redis gives up quickly
    assert "'address': 'redis://127.0.0.1:6379/0'" in hosts
