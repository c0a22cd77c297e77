"""The site keeps working while Redis is down, and says clearly when the database is.

Redis is "down" by pointing the project's own cache configuration at a port where nothing
listens. The database is made unreachable for real on PostgreSQL (the connection is sent to a
closed port); SQLite's in-memory test database cannot be reopened, so there the connection
refuses to connect with the error a missing database file gives.
"""

from __future__ import annotations

import logging
import socket
import time
from contextlib import contextmanager

import pytest
import redis
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client

from portal import views
from portal.cache import reset_breakers
from portal.settings.base import redis_cache
from tests.conftest import ensure_home_page, sign_in
from tests.factories import PASSWORD

DEAD_REDIS = "redis://127.0.0.1:1/0"
LOGIN_URL = "/accounts/login/"


@pytest.fixture
def redis_down(settings):
    """The production cache configuration, with Redis unreachable."""
    reset_breakers()
    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = {"default": redis_cache(DEAD_REDIS)}
    yield
    reset_breakers()


def sign_in_with_password(client: Client, email: str, password: str):
    return client.post(LOGIN_URL, {"login": email, "password": password})


# --- Redis down ---------------------------------------------------------------------------


def test_home_page_renders_quickly_while_redis_is_down(db, client, redis_down):
    ensure_home_page()

    started = time.monotonic()
    first = client.get("/")
    second = client.get("/")
    elapsed = time.monotonic() - started

    assert first.status_code == 200
    assert second.status_code == 200
    # Not served from a cache only this process can see (purges in others would not reach it).
    assert "X-Cache" not in second
    assert elapsed < 2


def test_a_redis_that_never_answers_costs_one_short_timeout_not_one_per_call(db, client, settings):
    ensure_home_page()
    silent = socket.socket()  # accepts connections (the kernel's backlog) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    reset_breakers()
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")}
    try:
        started = time.monotonic()
        assert client.get("/").status_code == 200
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(5):
            assert client.get("/").status_code == 200
        next_five = time.monotonic() - started
    finally:
        silent.close()
        reset_breakers()

    assert settings.CACHES["default"]["OPTIONS"]["socket_timeout"] == 0.5
    assert first < 2
    assert next_five < 1  # Redis is skipped for a few seconds after the timeout


def test_someone_can_sign_in_while_redis_is_down(world, redis_down):
    client = Client(enforce_csrf_checks=True)

    page = client.get(LOGIN_URL)
    token = page.cookies["csrftoken"].value
    response = client.post(
        LOGIN_URL,
        {"login": world.parent_1.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_sessions_live_in_the_database_not_in_redis(world, settings, redis_down):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    client = Client()
    sign_in_with_password(client, world.parent_1.email, PASSWORD)
    session_key = client.cookies["sessionid"].value

    # Another process (a new client with the same cookie) finds the session in the database.
    other = Client()
    other.cookies["sessionid"] = session_key

    assert Session.objects.filter(session_key=session_key).exists()
    assert other.get("/portal/").status_code == 200


def test_sign_in_rate_limits_still_apply_in_each_process_while_redis_is_down(world, redis_down):
    # Five wrong passwords for one account from one address, then a wait: counted in this
    # process's memory, neither forgotten (failing open) nor refusing everyone (failing shut).
    client = Client()
    for _ in range(5):
        response = sign_in_with_password(client, world.senco_a.email, "not-the-password")
        assert response.status_code == 200
        assert "too many failed attempts" not in response.content.decode()

    response = sign_in_with_password(client, world.senco_a.email, PASSWORD)

    assert response.status_code == 429
    assert "Wait 30 seconds, then try again" in response.content.decode()
    other = sign_in_with_password(Client(), world.senco_b.email, PASSWORD)
    assert other.status_code == 302


def test_redis_going_down_is_logged_once_not_on_every_call(db, client, redis_down, caplog):
    ensure_home_page()

    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for _ in range(5):
            assert client.get("/").status_code == 200

    unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1


def test_redis_is_tried_again_after_the_retry_interval(db, settings, redis_down):
    """The circuit breaker: skipped while open, tried again once it has passed."""
    from django.core.cache import cache

    settings.CACHES = {"default": {**redis_cache(DEAD_REDIS), "RETRY_SECONDS": 0.2}}
    cache.set("answer", 42)

    assert cache.degraded is True
    assert cache.get("answer") == 42  # from this process's memory
    time.sleep(0.3)
    assert cache.degraded is False  # the next call will try Redis again
    assert cache.get("answer") == 42
    assert cache.degraded is True


def test_health_check_reports_redis_down_with_the_project_cache(db, client, redis_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "error"}


def test_health_check_reuses_one_redis_connection_pool(db, client, settings, monkeypatch):
    settings.REDIS_URL = DEAD_REDIS
    views.health_redis.cache_clear()
    pools = []
    original = redis.ConnectionPool.__init__

    def counting_init(self, *args, **kwargs):
        pools.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.ConnectionPool, "__init__", counting_init)

    for _ in range(3):
        client.get("/healthz")

    assert len(pools) == 1


# --- Database down ------------------------------------------------------------------------


@contextmanager
def database_unreachable():
    """Every new database connection fails, as when the server is down or out of slots."""
    saved = {**connection.settings_dict, "OPTIONS": dict(connection.settings_dict["OPTIONS"])}
    pooled = connection.vendor == "postgresql" and bool(saved["OPTIONS"].get("pool"))
    if connection.vendor == "postgresql":
        connection.close()
        if pooled:
            connection.close_pool()
            connection.settings_dict["OPTIONS"]["pool"] = {
                **saved["OPTIONS"]["pool"],
                "min_size": 0,
                "timeout": 1,
            }
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
        try:
            yield
        finally:
            connection.close()
            if pooled:
                connection.close_pool()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
    else:

        def refuse():
            raise OperationalError("unable to open database file")

        original = connection.ensure_connection
        connection.ensure_connection = refuse
        try:
            yield
        finally:
            connection.ensure_connection = original


@pytest.mark.django_db(transaction=True)
def test_database_down_gives_a_503_page_with_retry_after(client, caplog):
    ensure_home_page()

    with database_unreachable(), caplog.at_level(logging.ERROR, logger="portal.middleware"):
        response = client.get(LOGIN_URL)

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "Sorry, the service is unavailable" in page
    assert '<html lang="en"' in page
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    assert any("Database unavailable" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_database_down_page_is_in_the_readers_language(client):
    ensure_home_page()

    with database_unreachable():
        response = client.get("/cy" + LOGIN_URL)

    assert response.status_code == 503
    assert '<html lang="cy"' in response.content.decode()
    assert response["Content-Language"] == "cy"


@pytest.mark.django_db(transaction=True)
def test_database_down_while_signed_in_gives_the_503_page(world):
    # Loading the session fails in a middleware, before any view runs.
    client = sign_in(Client(raise_request_exception=False), world.parent_1)

    with database_unreachable():
        response = client.get("/portal/")

    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "Sorry, the service is unavailable" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_cached_public_pages_are_still_served_while_the_database_is_down(client):
    ensure_home_page()
    assert client.get("/")["X-Cache"] == "miss"

    with database_unreachable():
        cached = client.get("/")

    assert cached.status_code == 200
    assert cached["X-Cache"] == "hit"


class PostgresFault(Exception):
    """What psycopg raises for an error the server reported, with its SQLSTATE."""

    def __init__(self, message: str, sqlstate: str):
        super().__init__(message)
        self.sqlstate = sqlstate


def _sqlite_fault(message: str) -> Exception:
    import sqlite3

    return sqlite3.OperationalError(message)


@pytest.mark.parametrize(
    "fault",
    [
        _sqlite_fault("no such table: pupils_pupil"),
        _sqlite_fault("no such column: pupils_pupil.upn"),
        PostgresFault("deadlock detected", "40P01"),
        PostgresFault("canceling statement due to statement timeout", "57014"),
    ],
    ids=["missing table", "missing column", "deadlock", "statement timeout"],
)
def test_a_fault_in_a_query_stays_a_server_error_not_the_unavailable_page(
    world, monkeypatch, fault
):
    # A broken query is a defect to fix, not an outage to wait out: it must reach the error log.
    def broken(**kwargs):
        raise OperationalError(str(fault)) from fault

    monkeypatch.setattr("portal.views.pupil_selectors.register_schools", broken)
    client = sign_in(Client(raise_request_exception=False), world.parent_1)

    response = client.get("/portal/")

    assert response.status_code == 500


def test_a_server_shutting_down_gives_the_unavailable_page(world, monkeypatch):
    fault = PostgresFault("terminating connection due to administrator command", "57P01")

    def broken(**kwargs):
        raise OperationalError(str(fault)) from fault

    monkeypatch.setattr("portal.views.pupil_selectors.register_schools", broken)
    client = sign_in(Client(raise_request_exception=False), world.parent_1)

    response = client.get("/portal/")

    assert response.status_code == 503
    assert response["Retry-After"] == "120"
