#!/usr/bin/env python
"""Real-time fan-out benchmark: many signed-in parents on live notification sockets.

Starts the production server (uvicorn, 2 workers, production settings) against a throwaway
PostgreSQL database and the Redis channel layer, signs in N parents (sessions written straight
to the database, as a sign-in would), opens one websocket each to /ws/notifications/ and then:

- measures the connect rate and the connections that failed;
- commits a notification to every parent through the core's notification service, a few rounds,
  and times each one from the commit to its arrival at the client (p50, p95, max, how many);
- leaves the sockets idle (5 minutes by default), counts those still open, and delivers once
  more to prove they still receive.

Prints a table, writes bench/results/fanout.json, and exits non-zero if a socket was lost or a
notification missed. Fan-out needs Redis and PostgreSQL (the in-memory layer cannot cross server
processes), so without DATABASE_URL and REDIS_URL it refuses to run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python bench/fanout.py [--quick] [--clients 500] [--idle-seconds 300]

DATABASE_URL names a server and a role that may create databases: the benchmark creates its own
database there (portal_fanout_<random>) and drops it afterwards. It stops only the server it
started.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS_PATH = ROOT / "bench" / "results" / "fanout.json"
SERVER_WORKERS = 2
# Seconds to wait for every client to receive one round before counting the rest as missed.
ROUND_TIMEOUT = 30.0
ROUND_MARKER = "fanout-round="


# --- Pure helpers (tested without servers) ---------------------------------------------------


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (0 < fraction <= 1) of `values`; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    # Rounded first, so that 100 * 0.95 (95.00000000000001) is rank 95, not 96.
    rank = max(1, math.ceil(round(len(ordered) * fraction, 9)))
    return ordered[rank - 1]


def delivery_summary(latencies_ms: list[float], expected: int) -> dict:
    """How one or more rounds went: arrivals against what was sent, and the spread of
    commit-to-arrival times in milliseconds."""

    def rounded(value):
        return None if value is None else round(value, 1)

    return {
        "expected": expected,
        "arrived": len(latencies_ms),
        "missed": max(0, expected - len(latencies_ms)),
        "p50_ms": rounded(percentile(latencies_ms, 0.50)),
        "p95_ms": rounded(percentile(latencies_ms, 0.95)),
        "max_ms": rounded(max(latencies_ms) if latencies_ms else None),
    }


def throwaway_database_url(url: str, name: str) -> str:
    """The same server and role as `url`, another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def round_of(url: str) -> int | None:
    """The benchmark round a delivered notification belongs to (carried in its link)."""
    _, found, rest = url.partition(ROUND_MARKER)
    return int(rest) if found and rest.isdigit() else None


def machine() -> dict:
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


# --- Database and users (Django, in this process) ---------------------------------------------


def session_for(user) -> str:
    """A database session for `user` as the portal's sign-in leaves it (a parent has no second
    factor): the value of the session cookie."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from portal.auth.rules import session_started

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session_started(store)
    store.create()
    return store.session_key


def parents_signed_in(count: int) -> list[tuple[int, str]]:
    """`count` new parents, each with a session: (user id, session cookie value)."""
    from django.db import transaction

    from portal.people.models import User

    tag = secrets.token_hex(4)
    made = []
    for index in range(count):
        user = User(email=f"fanout-{tag}-{index}@example.org", first_name="Parent")
        user.set_unusable_password()
        made.append(user)
    with transaction.atomic():
        users = User.objects.bulk_create(made)
        return [(user.pk, session_for(user)) for user in users]


def notify_everyone(user_ids: list[int], round_number: int) -> tuple[float, float]:
    """Commit one notification to each user through the core's service. Returns (the moment
    the transaction committed, the moment the last live update was published)."""
    from django.db import transaction
    from django.utils.translation import gettext_noop

    from portal.notifications.models import NotificationKind
    from portal.notifications.services import notify
    from portal.people.models import User

    moments: dict[str, float] = {}
    recipients = list(User.objects.filter(pk__in=user_ids))
    with transaction.atomic():
        # Commit callbacks run in the order they were added: this one runs first, straight
        # after COMMIT, before the service publishes anything.
        transaction.on_commit(lambda: moments.setdefault("committed", time.monotonic()))
        notify(
            recipients=recipients,
            kind=NotificationKind.CHILD_LINKED,
            text=gettext_noop("Benchmark round %(round)s"),
            params={"round": round_number},
            url=f"/portal/notifications/?{ROUND_MARKER}{round_number}",
        )
        transaction.on_commit(lambda: moments.setdefault("published", time.monotonic()))
    return moments["committed"], moments["published"]


def database_vendor() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    return f"{connection.vendor}: {version.split(' on ')[0]}"


def close_django_connections() -> None:
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        close_pool = getattr(connection, "close_pool", None)
        if close_pool is not None:
            close_pool()


# --- Processes ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raise_file_limit(needed: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        soft = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return soft


def admin_execute(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def wait_for_health(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(base + "/healthz", timeout=2) as response,  # noqa: S310
        ):
            if response.status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"The server did not answer {base}/healthz within {seconds:.0f} s")


def stop(process: subprocess.Popen | None) -> None:
    """Stop a process this script started (and the workers it forked, in its own session)."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


# --- Clients ------------------------------------------------------------------------------------


@dataclass
class Client:
    user_id: int
    cookie: str
    socket: object | None = None
    reader: asyncio.Task | None = None
    arrivals: dict[int, list[float]] = field(default_factory=dict)
    close_code: int | None = None
    error: str | None = None

    @property
    def open(self) -> bool:
        from websockets.protocol import State

        return (
            self.socket is not None
            and self.socket.state is State.OPEN
            and self.reader is not None
            and not self.reader.done()
        )


async def read_forever(client: Client) -> None:
    from websockets.exceptions import ConnectionClosed

    try:
        async for message in client.socket:
            received = time.monotonic()
            round_number = round_of(json.loads(message).get("url") or "")
            if round_number is not None:
                client.arrivals.setdefault(round_number, []).append(received)
    except ConnectionClosed:
        pass
    finally:
        client.close_code = client.socket.close_code


async def connect(client: Client, *, url: str, origin: str, cookie_name: str) -> None:
    from websockets.asyncio.client import connect as ws_connect

    try:
        client.socket = await ws_connect(
            url,
            origin=origin,
            additional_headers={"Cookie": f"{cookie_name}={client.cookie}"},
            # A browser never pings; it answers the server's pings, as this client does.
            ping_interval=None,
            open_timeout=30,
        )
    except Exception as error:  # noqa: BLE001 - every failure to connect is counted
        client.error = f"{type(error).__name__}: {error}"[:200]
        return
    client.reader = asyncio.create_task(read_forever(client))


async def connect_all(clients: list[Client], *, concurrency: int, **target) -> dict:
    gate = asyncio.Semaphore(concurrency)

    async def one(client):
        async with gate:
            await connect(client, **target)

    started = time.monotonic()
    await asyncio.gather(*(one(client) for client in clients))
    seconds = time.monotonic() - started
    # A socket the server accepts and at once closes is a failure too.
    await asyncio.sleep(0.5)
    opened = sum(client.open for client in clients)
    errors = Counter(client.error.split(":")[0] for client in clients if client.error)
    return {
        "clients": len(clients),
        "opened": opened,
        "failed": len(clients) - opened,
        "errors": dict(errors),
        "seconds": round(seconds, 2),
        "per_second": round(len(clients) / seconds, 1) if seconds else None,
        "concurrency": concurrency,
    }


async def deliver_round(
    clients: list[Client], round_number: int, executor: ThreadPoolExecutor
) -> tuple[dict, list[float]]:
    loop = asyncio.get_running_loop()
    user_ids = [client.user_id for client in clients]
    committed, published = await loop.run_in_executor(
        executor, notify_everyone, user_ids, round_number
    )
    deadline = time.monotonic() + ROUND_TIMEOUT
    while time.monotonic() < deadline:
        if all(round_number in client.arrivals for client in clients):
            break
        await asyncio.sleep(0.01)
    latencies = []
    duplicates = 0
    for client in clients:
        times = client.arrivals.get(round_number, [])
        if times:
            latencies.append((times[0] - committed) * 1000)
            duplicates += len(times) - 1
    summary = delivery_summary(latencies, expected=len(clients))
    summary["round"] = round_number
    summary["publish_ms"] = round((published - committed) * 1000, 1)
    summary["duplicates"] = duplicates
    return summary, latencies


async def run_benchmark(args, *, port: int, users: list[tuple[int, str]], cookie_name: str):
    origin = f"http://127.0.0.1:{port}"
    target = {"url": f"ws://127.0.0.1:{port}/ws/notifications/", "origin": origin}
    clients = [Client(user_id=user_id, cookie=cookie) for user_id, cookie in users]
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publisher")
    try:
        connected = await connect_all(
            clients, concurrency=args.connect_concurrency, cookie_name=cookie_name, **target
        )
        print(
            f"connected {connected['opened']}/{len(clients)} in {connected['seconds']} s "
            f"({connected['per_second']}/s)",
            flush=True,
        )
        live = [client for client in clients if client.open]
        rounds, all_latencies = [], []
        for number in range(1, args.rounds + 1):
            summary, latencies = await deliver_round(live, number, executor)
            rounds.append(summary)
            all_latencies += latencies
            print(
                f"round {number}: {summary['arrived']}/{summary['expected']} arrived, "
                f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms",
                flush=True,
            )
            await asyncio.sleep(1)
        print(f"idle for {args.idle_seconds} s ...", flush=True)
        await asyncio.sleep(args.idle_seconds)
        still_open = sum(client.open for client in live)
        closed = Counter(str(client.close_code) for client in live if not client.open)
        after_idle, _ = await deliver_round(live, args.rounds + 1, executor)
        return {
            "connect": connected,
            "rounds": rounds,
            "delivery": delivery_summary(all_latencies, expected=len(live) * args.rounds),
            "idle": {
                "seconds": args.idle_seconds,
                "open_before": len(live),
                "open_after": still_open,
                "lost": len(live) - still_open,
                "close_codes": dict(closed),
            },
            "after_idle": after_idle,
        }
    finally:
        executor.shutdown(wait=True)
        await asyncio.gather(
            *(client.socket.close() for client in clients if client.socket is not None),
            return_exceptions=True,
        )


# --- Reporting ----------------------------------------------------------------------------------


def print_table(result: dict) -> None:
    connected = result["connect"]
    delivery = result["delivery"]
    idle = result["idle"]
    after = result["after_idle"]
    rows = [
        ("clients", f"{connected['clients']} (server: {SERVER_WORKERS} uvicorn workers)"),
        ("connect rate", f"{connected['per_second']} /s ({connected['seconds']} s)"),
        ("connect failures", f"{connected['failed']} {connected['errors'] or ''}".strip()),
        (
            f"delivery, {len(result['rounds'])} rounds",
            f"{delivery['arrived']}/{delivery['expected']} arrived",
        ),
        ("commit to arrival p50", f"{delivery['p50_ms']} ms"),
        ("commit to arrival p95", f"{delivery['p95_ms']} ms"),
        ("commit to arrival max", f"{delivery['max_ms']} ms"),
        (
            "publish time per round",
            ", ".join(f"{summary['publish_ms']}" for summary in result["rounds"]) + " ms",
        ),
        (
            f"open after {idle['seconds']} s idle",
            f"{idle['open_after']}/{idle['open_before']} {idle['close_codes'] or ''}".strip(),
        ),
        (
            "delivery after idle",
            f"{after['arrived']}/{after['expected']} arrived, p50 {after['p50_ms']} ms, "
            f"p95 {after['p95_ms']} ms",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    print()
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")
    info = result["machine"]
    print(f"\n  machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}")
    print(f"  database: {info['database']}; channel layer: Redis")
    print(f"  written to {RESULTS_PATH.relative_to(ROOT)}")


def passed(result: dict) -> bool:
    return (
        result["connect"]["failed"] == 0
        and result["delivery"]["missed"] == 0
        and result["idle"]["lost"] == 0
        and result["after_idle"]["missed"] == 0
    )


# --- Main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--idle-seconds", type=float, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--connect-concurrency",
        type=int,
        default=100,
        help="connections opened at once (default 100)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="100 clients, 20 s idle, 3 rounds (development, CI)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.idle_seconds, args.rounds = 100, 20, 3
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    admin_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not admin_url.startswith(("postgres://", "postgresql://")) or not redis_url:
        print(
            "The fan-out benchmark needs PostgreSQL and Redis: set DATABASE_URL to a PostgreSQL "
            "server (a role that may create databases) and REDIS_URL to a Redis database it may "
            "use. It runs the production server, whose workers reach each other only through "
            "the Redis channel layer, so SQLite and the in-memory layer cannot stand in.",
            file=sys.stderr,
        )
        return 2
    # Each client and each server-side socket holds a file descriptor.
    raise_file_limit(args.clients * 3 + 256)

    database = f"portal_fanout_{secrets.token_hex(4)}"
    database_url = throwaway_database_url(admin_url, database)
    port = free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="portal-fanout-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "fanout-" + secrets.token_hex(32),
        "AUDIT_KEY": "fanout-audit-" + secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # Nothing listens there: no email is sent, production only needs a real backend named.
        "EMAIL_URL": "smtp://127.0.0.1:2525",
        "SECURE_SSL_REDIRECT": "false",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "VAR_DIR": str(var_dir),
    }
    server = None
    server_log = var_dir / "server.log"
    created = False
    try:
        admin_execute(admin_url, f'CREATE DATABASE "{database}"')
        created = True
        print(f"database {database}: migrating ...", flush=True)
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        os.environ.update(env)
        import django

        django.setup()
        from django.conf import settings

        users = parents_signed_in(args.clients)
        vendor = database_vendor()
        close_django_connections()
        print(f"{len(users)} parents signed in; starting the server on port {port}", flush=True)
        with server_log.open("wb") as log:
            server = subprocess.Popen(  # noqa: S603 - the README's production command
                [
                    str(Path(sys.executable).parent / "uvicorn"),
                    "portal.asgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--workers",
                    str(SERVER_WORKERS),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for_health(f"http://127.0.0.1:{port}")
        result = asyncio.run(
            run_benchmark(args, port=port, users=users, cookie_name=settings.SESSION_COOKIE_NAME)
        )
        result["machine"] = {**machine(), "database": vendor}
        result["settings"] = {
            "clients": args.clients,
            "rounds": args.rounds,
            "idle_seconds": args.idle_seconds,
            "server_workers": SERVER_WORKERS,
            "quick": args.quick,
        }
        result["ok"] = passed(result)
        result["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
        RESULTS_PATH.write_text(json.dumps(result, indent=2) + "\n")
        print_table(result)
        if not result["ok"]:
            print("\nFAILED: a connection failed, a socket was lost or a notification missed.")
            if server_log.exists():
                kept = RESULTS_PATH.with_name("fanout-server.log")
                shutil.copyfile(server_log, kept)
                print(f"Server log kept in {kept.relative_to(ROOT)}; its last lines:")
                print("\n".join(server_log.read_text(errors="replace").splitlines()[-30:]))
        return 0 if result["ok"] else 1
    finally:
        stop(server)
        if "django" in sys.modules:
            with contextlib.suppress(Exception):
                close_django_connections()
        if created:
            admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
