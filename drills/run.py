"""Failure drills on production settings: each starts its own PostgreSQL, Redis, mail server,
server and worker, breaks one of them, and checks that people notice as little as possible and
nothing is lost or sent twice.

    .venv/bin/python drills/run.py            # all of them
    .venv/bin/python drills/run.py --only a,c # a subset

Prints a PASS or FAIL line per drill with its figures; exits non-zero if any drill failed or
could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import CannotRun, Portal, Postgres, Redis, SmtpSink, wait_for  # noqa: E402

PARENT_EMAIL = "drill.parent@example.org"
PARENT_PASSWORD = "drill-parent-password-7261"  # noqa: S105 - a throwaway database's parent


# --- Set-up shared by the drills ---------------------------------------------------------------


class Template:
    """A PostgreSQL cluster migrated once per run (with the statutory pages and a parent), and
    the static files collected once. Each drill copies the stopped cluster into a PostgreSQL of
    its own, so no drill sees another's rows."""

    def __init__(self) -> None:
        self.folder = harness.temp_folder("portal-drills-template-", for_the_run=True)
        self.postgres: Postgres | None = None
        # Kept between runs (collectstatic then copies only what changed), under var/ like
        # the rest of the local state.
        self.static = harness.REPO / "var" / "drills-static"
        self.steps: dict[str, float] = {}

    def build(self) -> float:
        started = time.monotonic()
        self.postgres = Postgres(self.folder)
        self.postgres.create()
        self.postgres.start()
        self.postgres.create_database()
        portal = Portal(
            self.folder,
            database_url=self.postgres.url,
            redis_url=f"redis://127.0.0.1:{harness.free_port()}/0",  # none: the cache copes
            smtp_port=harness.free_port(),
            static_root=self.static,
            extra_env={"DB_POOL_MAX_SIZE": "0"},
        )
        # Collect into the template's static folder (the portal's var/static links to it).
        self.static.mkdir(parents=True, exist_ok=True)
        # collectstatic needs no database: it runs beside the migrations.
        began = time.monotonic()
        collect = subprocess.Popen(
            [str(harness.PYTHON), "manage.py", "collectstatic", "--no-input"],
            cwd=harness.REPO,
            env=portal.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            portal.manage("migrate", "--no-input", timeout=600)
            self.steps["migrate"] = time.monotonic() - began
            began = time.monotonic()
            portal.manage("setup_statutory_pages", "--contact-email", "dpo@example.org")
            self.steps["setup_statutory_pages"] = time.monotonic() - began
            _, errors = collect.communicate(timeout=600)
        finally:
            harness.stop(collect)
        if collect.returncode != 0:
            raise RuntimeError(f"collectstatic failed: {errors[-2000:]}")
        portal.shell(
            "from allauth.account.models import EmailAddress\n"
            "from portal.people.models import User\n"
            f"user = User.objects.create_user({PARENT_EMAIL!r}, {PARENT_PASSWORD!r},"
            " first_name='Drill', last_name='Parent')\n"
            "EmailAddress.objects.create(user=user, email=user.email, verified=True,"
            " primary=True)\n"
        )
        self.postgres.stop()
        return time.monotonic() - started


class Stage:
    """One drill's own PostgreSQL, Redis, mail server and portal, all stopped afterwards."""

    def __init__(self, template: Template, name: str, *, extra_env: dict | None = None,
                 smtp_listening: bool = True) -> None:  # fmt: skip
        self.folder = harness.temp_folder(f"portal-drill-{name}-")
        self.postgres = Postgres(self.folder)
        self.postgres.copy_from(template.postgres)
        self.postgres.start()
        self.redis = Redis(self.folder)
        self.redis.start()
        self.smtp = SmtpSink()
        if smtp_listening:
            self.smtp.start()
        self.portal = Portal(
            self.folder,
            database_url=self.postgres.url,
            redis_url=self.redis.url,
            smtp_port=self.smtp.port,
            static_root=template.static,
            extra_env=extra_env,
        )

    def emails_enqueue(
        self, count: int, prefix: str, *, duplicate_tasks: bool = False
    ) -> list[str]:
        """`count` emails through the outbox service, in one transaction; with duplicate_tasks,
        each email's delivery task is queued twice, so two workers race for the same row."""
        addresses = [f"{prefix}{n}@example.org" for n in range(count)]
        self.portal.shell(
            "from django.db import transaction\n"
            "from portal.notifications.services import email_enqueue\n"
            "from portal.notifications.tasks import email_deliver\n"
            "with transaction.atomic():\n"
            f"    for to in {addresses!r}:\n"
            "        email = email_enqueue(to=to, subject='Drill', body='A link')\n"
            f"        if {duplicate_tasks!r}:\n"
            "            email_deliver.enqueue(email_id=email.pk)\n"
        )
        return addresses

    def sql(self, query: str, *params) -> list[tuple]:
        """Read the drill's database directly (the drill's own check, not the portal's)."""
        import psycopg

        with psycopg.connect(self.postgres.url.replace("postgres://", "postgresql://")) as db:
            return db.execute(query, params).fetchall()

    def outbox(self) -> dict[str, int]:
        """How many outbox rows are in each status, and the fewest and most attempts of any."""
        rows = dict(self.sql("SELECT status, count(*) FROM notifications_outboundemail GROUP BY 1"))
        low, high = self.sql(
            "SELECT min(attempts), max(attempts) FROM notifications_outboundemail"
        )[0]
        return {**rows, "min_attempts": low or 0, "max_attempts": high or 0}


# --- A browser, as far as the drills need one --------------------------------------------------


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.headers.update({"X-Forwarded-Proto": "https"})

    def get(self, path: str) -> requests.Response:
        return self.session.get(
            self.base + path,
            headers={"Cookie": self.cookie_header()},
            allow_redirects=False,
            timeout=30,
        )

    def post_form(self, path: str, data: dict) -> requests.Response:
        """GET the form for its CSRF token, then POST it as the browser would."""
        page = self.get(path)
        assert page.status_code == 200, f"GET {path}: {page.status_code}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        referer = self.base.replace("http://", "https://") + path
        return self.session.post(
            self.base + path,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": referer, "Cookie": self.cookie_header()},
            allow_redirects=False,
            timeout=30,
        )

    def sign_in(self, email: str = PARENT_EMAIL, password: str = PARENT_PASSWORD) -> None:
        response = self.post_form("/accounts/login/", {"login": email, "password": password})
        assert response.status_code == 302, f"sign-in answered {response.status_code}"
        assert "sessionid" in self.session.cookies, "sign-in set no session cookie"

    def cookie_header(self) -> str:
        """The cookies, sent by hand: they are Secure (X-Forwarded-Proto says https, as from the
        TLS proxy) and requests keeps Secure cookies from plain http."""
        return "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)


def anonymous_get(base: str, path: str) -> requests.Response:
    return requests.get(
        base + path, headers={"X-Forwarded-Proto": "https"}, allow_redirects=False, timeout=30
    )


async def _socket_open(base: str, cookies: str):
    import websockets

    return await websockets.connect(
        base.replace("http://", "ws://") + "/ws/notifications/",
        additional_headers={
            "Cookie": cookies,
            "Origin": base.replace("http://", "https://"),
            "X-Forwarded-Proto": "https",
        },
        open_timeout=5,
    )


def socket_outcome(base: str, cookies: str, wait: float = 1.5) -> str:
    """'open' if a notification socket connects and stays open for `wait` seconds, else why not."""

    async def attempt():
        try:
            socket = await _socket_open(base, cookies)
        except Exception as error:  # noqa: BLE001 - any refusal is an outcome
            return f"refused ({type(error).__name__})"
        try:
            await asyncio.wait_for(socket.recv(), wait)
        except TimeoutError:
            await socket.close()
            return "open"
        except Exception as error:  # noqa: BLE001
            return f"closed ({type(error).__name__})"
        await socket.close()
        return "open"

    return asyncio.run(attempt())


def notify(portal: Portal, text: str) -> float:
    """A notification for the parent through the real service; the wall-clock time it was
    committed and published."""
    out = portal.shell(
        "import time\n"
        "from django.db import transaction\n"
        "from portal.notifications.models import NotificationKind\n"
        "from portal.notifications.services import notify\n"
        "from portal.people.models import User\n"
        "with transaction.atomic():\n"
        f"    notify(recipients=[User.objects.get(email={PARENT_EMAIL!r})],"
        f" kind=NotificationKind.CHILD_LINKED, text={text!r})\n"
        "    committing = time.time()\n"
        "print(committing)\n"
    )
    return float(out.strip().splitlines()[-1])


# --- The drills --------------------------------------------------------------------------------


def drill_a_redis_stopped(template: Template) -> str:
    """Redis stopped while people work, then started again."""
    stage = Stage(template, "a")
    portal = stage.portal
    portal.start_server()
    portal.start_worker()
    before = Browser(portal.base)
    before.sign_in()
    assert socket_outcome(portal.base, before.cookie_header()) == "open", "no socket before"

    stage.redis.stop()
    stopped = time.monotonic()
    home = anonymous_get(portal.base, "/")
    assert home.status_code == 200, f"home page while Redis is down: {home.status_code}"
    parent = Browser(portal.base)
    sign_in_started = time.monotonic()
    parent.sign_in()
    sign_in_seconds = time.monotonic() - sign_in_started
    assert parent.get("/portal/").status_code == 200, "dashboard while Redis is down"
    saved = parent.post_form("/portal/notifications/settings/", {"delivery": "digest"})
    assert saved.status_code == 302, f"settings not saved: {saved.status_code}"
    preference = stage.sql(
        "SELECT p.delivery FROM notifications_notificationpreference p JOIN people_user u"
        " ON u.id = p.user_id WHERE u.email = %s",
        PARENT_EMAIL,
    )[0][0]
    assert preference == "digest", f"the saved setting reads {preference!r}"
    notify(portal, "Drill: written while Redis was down")
    during = socket_outcome(portal.base, parent.cookie_header())
    assert during != "open", "a socket opened with Redis down"
    unread = parent.get("/portal/notifications/unread/")
    assert unread.status_code == 200 and unread.json()["unread"] >= 1, "unread count"

    stage.redis.start()
    restarted = time.monotonic()
    wait_for(
        lambda: socket_outcome(portal.base, parent.cookie_header(), wait=0.5) == "open",
        60,
        0.5,
        what="a socket to open after Redis is back",
    )
    socket_back = time.monotonic() - restarted

    async def live_delivery() -> float:
        socket = await _socket_open(portal.base, parent.cookie_header())
        try:
            sending = asyncio.create_task(
                asyncio.to_thread(notify, portal, "Drill: written after Redis came back")
            )
            while True:
                message = json.loads(await asyncio.wait_for(socket.recv(), 90))
                if "came back" in message.get("text", ""):
                    arrived = time.time()
                    return arrived - await sending
        finally:
            await socket.close()

    delivered_in = asyncio.run(live_delivery())
    listing = parent.get("/portal/notifications/")
    assert listing.status_code == 200
    for text in ("written while Redis was down", "written after Redis came back"):
        assert text in listing.text, f"missing from the list: {text}"
    return (
        f"Redis down {restarted - stopped:.1f}s: home 200, sign-in 302 in {sign_in_seconds:.2f}s, "
        f"setting saved, socket {during}, unread {unread.json()['unread']}; sockets back "
        f"{socket_back:.1f}s after Redis, live notification "
        f"{delivered_in * 1000:.0f} ms after its commit, both notifications listed"
    )


def drill_b_mail_server_failing(template: Template) -> str:
    """The mail server not listening, then refusing (451), then accepting."""
    count = 12
    stage = Stage(template, "b", extra_env={"OUTBOX_RETRY_BASE_SECONDS": "1"}, smtp_listening=False)
    portal = stage.portal
    portal.start_worker()
    started = time.monotonic()
    addresses = stage.emails_enqueue(count, "b")
    wait_for(lambda: stage.outbox().get("ready") == count and stage.outbox()["min_attempts"] >= 1,
             30, 0.5, what="every email tried once with nothing listening")  # fmt: skip
    stage.smtp.mode = "refuse"
    stage.smtp.start()
    wait_for(lambda: stage.smtp.refused >= count, 30, 0.3, what="every email refused with 451")
    waiting = stage.outbox()
    assert waiting.get("ready") == count and stage.smtp.total() == 0, f"outbox: {waiting}"
    stage.smtp.mode = "accept"
    accepting = time.monotonic()
    wait_for(lambda: stage.smtp.total() >= count, 60, 0.2, what="every email sent")
    drained = time.monotonic() - accepting
    time.sleep(3)  # anything sent twice would arrive now
    final = stage.outbox()
    received = {a: stage.smtp.received[a] for a in addresses}
    assert all(n == 1 for n in received.values()), f"not exactly once: {received}"
    assert stage.smtp.total() == count and final.get("sent") == count, f"outbox: {final}"
    return (
        f"{count} emails waited {accepting - started:.1f}s (refused {stage.smtp.refused} times, "
        f"up to {waiting['max_attempts']} attempts), all sent {drained:.1f}s after the mail "
        f"server accepted, each exactly once"
    )


def drill_c_postgres_stopped(template: Template) -> str:
    """PostgreSQL stopped, then started again."""
    stage = Stage(template, "c")
    portal = stage.portal
    portal.start_server()
    portal.start_worker()
    for _ in range(2):
        home = anonymous_get(portal.base, "/")
        assert home.status_code == 200, f"home page: {home.status_code}"
    assert home.headers.get("X-Cache") == "hit", "the home page was not cached"
    parent = Browser(portal.base)
    parent.sign_in()

    stage.postgres.stop()
    stopped = time.monotonic()
    cached = anonymous_get(portal.base, "/")
    assert cached.status_code == 200 and cached.headers.get("X-Cache") == "hit", (
        f"cached home page while PostgreSQL is down: {cached.status_code}"
    )
    # A public page outside the cache (a query string bypasses it) needs the database. (The
    # sign-in page may still render: nothing on it needs the database for a new reader.)
    timed = time.monotonic()
    unavailable = anonymous_get(portal.base, "/?drill=c")
    wait_503 = time.monotonic() - timed
    assert unavailable.status_code == 503, f"uncached public page: {unavailable.status_code}"
    assert unavailable.headers.get("Retry-After") == "120", "no Retry-After"
    assert "Sorry, the service is unavailable" in unavailable.text
    signed_in = parent.get("/portal/notifications/")
    assert signed_in.status_code == 503, f"signed-in page: {signed_in.status_code}"

    stage.postgres.start()
    restarted = time.monotonic()
    wait_for(lambda: parent.get("/portal/notifications/").status_code == 200,
             60, 0.2, what="a signed-in page after the restart")  # fmt: skip
    recovered = time.monotonic() - restarted
    # Every server process's pool recovers, not only the one that answered first.
    statuses = [parent.get("/portal/notifications/").status_code for _ in range(8)]
    assert statuses == [200] * 8, f"signed-in pages after the restart: {statuses}"
    health = anonymous_get(portal.base, "/healthz")
    assert health.status_code == 200, f"healthz after the restart: {health.status_code}"
    return (
        f"PostgreSQL down {restarted - stopped:.1f}s: cached home 200 (X-Cache hit), other pages "
        f"503 with Retry-After 120 after {wait_503:.1f}s; 200 again {recovered:.1f}s after the "
        "restart, 8/8 signed-in pages 200, healthz 200"
    )


def drill_d_killed_mid_send(template: Template) -> str:
    """The server and the worker killed with SIGKILL while emails are queued and one is being
    sent; after the restart each email is sent exactly once."""
    count = 20
    claim_timeout = 3
    stage = Stage(
        template,
        "d",
        extra_env={
            "OUTBOX_RETRY_BASE_SECONDS": "1",
            "OUTBOX_CLAIM_TIMEOUT_SECONDS": str(claim_timeout),
        },
    )
    stage.smtp.hold_seconds = 0.4
    portal = stage.portal
    portal.start_server()
    portal.start_worker()
    addresses = stage.emails_enqueue(count, "d")
    wait_for(lambda: stage.smtp.total() >= 4 and stage.smtp.holding.is_set(), 60, 0.01,
             what="a few emails sent and one in flight")  # fmt: skip
    portal.stop_all(signal.SIGKILL)
    killed = time.monotonic()
    before = stage.smtp.total()
    state = stage.outbox()
    assert state.get("sent", 0) < count, "everything was sent before the kill"
    time.sleep(max(0.0, claim_timeout + 0.5 - (time.monotonic() - killed)))
    portal.start_server()
    portal.start_worker()
    wait_for(lambda: stage.smtp.total() >= count, 90, 0.2, what="every email sent")
    recovered = time.monotonic() - killed
    time.sleep(2)
    received = {a: stage.smtp.received[a] for a in addresses}
    assert all(n == 1 for n in received.values()), f"not exactly once: {received}"
    final = stage.outbox()
    assert stage.smtp.total() == count and final.get("sent") == count, f"outbox: {final}"
    assert anonymous_get(portal.base, "/healthz").status_code == 200
    return (
        f"killed with {before}/{count} sent (outbox {state}); all {count} sent "
        f"{recovered:.1f}s after the kill (claim timeout {claim_timeout}s), each exactly once"
    )


def drill_e_two_workers(template: Template) -> str:
    """Two workers racing for the same outbox rows (each email's task queued twice)."""
    count = 30
    stage = Stage(template, "e")
    stage.smtp.hold_seconds = 0.02
    portal = stage.portal
    portal.start_worker()
    portal.start_worker()
    time.sleep(2)  # both workers polling
    started = time.monotonic()
    addresses = stage.emails_enqueue(count, "e", duplicate_tasks=True)
    wait_for(lambda: stage.smtp.total() >= count, 60, 0.2, what="every email sent")
    elapsed = time.monotonic() - started
    time.sleep(3)
    received = {a: stage.smtp.received[a] for a in addresses}
    assert all(n == 1 for n in received.values()), f"not exactly once: {received}"
    runs = stage.sql(
        "SELECT count(*), count(DISTINCT worker_ids->>-1)"
        " FROM django_tasks_database_dbtaskresult"
        " WHERE task_path LIKE %s AND status = 'SUCCESSFUL'",
        "%email_deliver",
    )[0]
    assert stage.smtp.total() == count
    return (
        f"{count} emails, {runs[0]} delivery tasks run by {runs[1]} workers, all sent in "
        f"{elapsed:.1f}s, each exactly once"
    )


DRILLS = {
    "a": ("Redis stopped while people work", drill_a_redis_stopped),
    "b": ("the mail server failing", drill_b_mail_server_failing),
    "c": ("PostgreSQL stopped", drill_c_postgres_stopped),
    "d": ("server and worker killed mid-send", drill_d_killed_mid_send),
    "e": ("two workers racing for the outbox", drill_e_two_workers),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated drill letters, e.g. a,c")
    parser.add_argument("--keep", action="store_true", help="keep logs of failed drills")
    args = parser.parse_args(argv)
    chosen = [letter.strip() for letter in args.only.split(",") if letter.strip()] or list(DRILLS)
    unknown = [letter for letter in chosen if letter not in DRILLS]
    if unknown:
        parser.error(f"unknown drills: {', '.join(unknown)} (choose from {', '.join(DRILLS)})")

    results: dict[str, bool] = {}
    begun = time.monotonic()
    template = Template()
    try:
        took = template.build()
        steps = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in template.steps.items())
        print(f"set-up: template database and static files in {took:.1f}s ({steps})", flush=True)
    except CannotRun as reason:
        for letter in chosen:
            print(f"FAIL {letter} {DRILLS[letter][0]}: cannot run: {reason}", flush=True)
        return 1
    for letter in chosen:
        title, drill = DRILLS[letter]
        started = time.monotonic()
        try:
            figures = drill(template)
        except CannotRun as reason:
            results[letter] = False
            print(f"FAIL {letter} {title}: cannot run: {reason}", flush=True)
        except Exception as error:  # noqa: BLE001 - a failed drill is reported, the rest run
            results[letter] = False
            print(f"FAIL {letter} {title} ({time.monotonic() - started:.1f}s): {error}", flush=True)
            traceback.print_exc()
            _print_logs(letter, keep=args.keep)
        else:
            results[letter] = True
            print(
                f"PASS {letter} {title} ({time.monotonic() - started:.1f}s): {figures}", flush=True
            )
        finally:
            harness.stop_everything()
    failed = [letter for letter, passed in results.items() if not passed]
    print(
        f"drills: {len(results) - len(failed)} passed, {len(failed)} failed "
        f"in {time.monotonic() - begun:.1f}s",
        flush=True,
    )
    return 1 if failed else 0


def _print_logs(letter: str, keep: bool) -> None:
    for folder in harness.live_folders():
        if f"portal-drill-{letter}-" not in folder.name:
            continue
        for log in sorted(folder.glob("*.log")):
            print(f"--- {log.name} (last lines)", file=sys.stderr)
            print(harness.tail(log), file=sys.stderr)
        if keep:
            kept = Path(tempfile.gettempdir()) / f"{folder.name}kept"
            shutil.copytree(
                folder, kept, dirs_exist_ok=True, ignore=shutil.ignore_patterns("pgdata")
            )
            print(f"logs kept in {kept}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
