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
SENCO_EMAIL = "drill.senco@example.org"


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


def school_for_the_parent(portal: Portal) -> dict:
    """A school with a SENCO, and a child of the drill's parent there (linked by an accepted
    invitation, the way the product links them), with no quiet hours, so that nobody's
    notification is held. The SENCO's session is made in the database, past the second factor,
    as `bench.sessions` makes them. Returns the ids and the SENCO's session key."""
    out = portal.shell(
        "import datetime, json, secrets\n"
        "from django.utils import timezone\n"
        "from bench.sessions import session_make\n"
        "from messaging.conversations.services import quiet_hours_set\n"
        "from portal.audit.actors import SYSTEM_CONTEXT\n"
        "from portal.people.models import (GuardianLink, Invitation, StaffMembership,"
        " StaffRole, User)\n"
        "from portal.people.services import hash_token\n"
        "from portal.pupils.models import Pupil, SenStatus\n"
        "from portal.schools.models import LocalAuthority, School\n"
        "authority = LocalAuthority.objects.create(name='Drillshire', iass_name='Drillshire"
        " SENDIASS', iass_phone='01632 960 999', iass_email='iass@drillshire.example.org',"
        " iass_website='https://iass.drillshire.example.org/', iass_opening_hours='9 to 5',"
        " local_offer_url='https://offer.drillshire.example.org/')\n"
        "school = School.objects.create(name='Drill Primary School', urn='990001',"
        f" local_authority=authority, senco_name='Drill SENCO', senco_email={SENCO_EMAIL!r})\n"
        f"senco = User.objects.create_user({SENCO_EMAIL!r}, None, first_name='Sam',"
        " last_name='Senco')\n"
        "StaffMembership.objects.create(user=senco, school=school, role=StaffRole.SENCO)\n"
        "quiet_hours_set(actor=senco, context=SYSTEM_CONTEXT, school=school, enabled=False,"
        " starts_at=None, ends_at=None, weekends=False)\n"
        "pupil = Pupil.objects.create(school=school, legal_first_name='Robin',"
        " legal_last_name='Parent', date_of_birth=datetime.date(2018, 5, 4), year_group=3,"
        " sen_status=SenStatus.SEN_SUPPORT, upn='A990001000013')\n"
        f"parent = User.objects.get(email={PARENT_EMAIL!r})\n"
        "now = timezone.now()\n"
        "invitation = Invitation.objects.create(pupil=pupil, email=parent.email,"
        " relationship='mother', has_parental_responsibility=True,"
        " token_hash=hash_token(secrets.token_urlsafe(32)), invited_by=senco, created_at=now,"
        " expires_at=now + datetime.timedelta(days=7), accepted_at=now, accepted_by=parent)\n"
        "GuardianLink.objects.create(parent=parent, pupil=pupil, relationship='mother',"
        " has_parental_responsibility=True, invitation=invitation)\n"
        "print(json.dumps({'school_id': school.pk, 'pupil_id': pupil.pk, 'senco_id': senco.pk,"
        " 'parent_id': parent.pk, 'senco_session': session_make(senco)}))\n"
    )
    return json.loads(out.strip().splitlines()[-1])


def signed_in_as(base: str, session_key: str) -> Browser:
    """A browser holding a session made in the database (see school_for_the_parent)."""
    browser = Browser(base)
    browser.session.cookies.set("sessionid", session_key)
    return browser


def concern_raise_through_the_pages(parent: Browser, pupil_id: int, text: str) -> int:
    """The parent's question pages, as a browser goes through them: each page fetched, its
    answer posted, then the check page sent. Returns the new concern's id."""
    start = parent.get(f"/portal/pupils/{pupil_id}/concerns/new/")
    assert start.status_code == 302, f"starting a concern: {start.status_code}"
    for path, answer in (
        ("/portal/concerns/new/about/", {"category": "support"}),
        ("/portal/concerns/new/what-happened/", {"what_happened": text}),
        ("/portal/concerns/new/what-you-would-like/", {"would_like": "Please call me."}),
    ):
        response = parent.post_form(path, answer)
        assert response.status_code == 302, f"{path}: {response.status_code}"
    sent = parent.post_form("/portal/concerns/new/check/", {})
    assert sent.status_code == 302, f"check your answers: {sent.status_code}"
    found = re.search(r"/portal/concerns/(\d+)/sent/", sent.headers["Location"])
    assert found, f"sent to {sent.headers['Location']}"
    assert parent.get(found.group(0)).status_code == 200, "the confirmation page"
    return int(found.group(1))


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


def drill_f_redis_stopped_concern_and_message(template: Template) -> str:
    """Redis stopped while a parent raises a concern and sends a message: both saved and the
    SENCO told; a SENCO socket opened once Redis is back gets the next message live."""
    stage = Stage(template, "f")
    portal = stage.portal
    ids = school_for_the_parent(portal)
    portal.start_server()
    portal.start_worker()
    parent = Browser(portal.base)
    parent.sign_in()
    senco = signed_in_as(portal.base, ids["senco_session"])
    assert socket_outcome(portal.base, senco.cookie_header()) == "open", "no SENCO socket before"
    unread_before = senco.get("/portal/notifications/unread/").json()["unread"]

    stage.redis.stop()
    stopped = time.monotonic()
    began = time.monotonic()
    concern_id = concern_raise_through_the_pages(
        parent, ids["pupil_id"], "Drill: the support stopped while Redis was down."
    )
    concern_seconds = time.monotonic() - began
    began = time.monotonic()
    started = parent.post_form(
        f"/portal/pupils/{ids['pupil_id']}/conversations/new/",
        {"staff": str(ids["senco_id"]), "subject": "Drill: Redis down",
         "body": "Drill: message written while Redis was down"},
    )  # fmt: skip
    message_seconds = time.monotonic() - began
    assert started.status_code == 302, f"starting a conversation: {started.status_code}"
    conversation_path = started.headers["Location"]
    assert re.fullmatch(r"/portal/conversations/\d+/", conversation_path), conversation_path
    assert parent.get(conversation_path).status_code == 200, "the conversation page"
    saved = stage.sql(
        "SELECT (SELECT count(*) FROM concerns_concern WHERE id = %s AND raised_by_id = %s),"
        " (SELECT count(*) FROM conversations_message WHERE author_id = %s AND body LIKE %s)",
        concern_id,
        ids["parent_id"],
        ids["parent_id"],
        "%while Redis was down",
    )[0]
    assert saved == (1, 1), f"saved (concern, message): {saved}"
    told = stage.sql(
        "SELECT url FROM notifications_notification WHERE recipient_id = %s",
        ids["senco_id"],
    )
    told_urls = {url for (url,) in told}
    concern_path = f"/portal/concerns/{concern_id}/"
    assert {concern_path, conversation_path} <= told_urls, f"the SENCO's notifications: {told}"
    during = socket_outcome(portal.base, senco.cookie_header())
    assert during != "open", "a socket opened with Redis down"

    stage.redis.start()
    restarted = time.monotonic()
    wait_for(
        lambda: socket_outcome(portal.base, senco.cookie_header(), wait=0.5) == "open",
        60,
        0.5,
        what="a SENCO socket to open after Redis is back",
    )
    socket_back = time.monotonic() - restarted

    refused: list[str] = []

    async def live_delivery() -> tuple[float, dict]:
        # As the page's script does: a socket refused is opened again (the first use of each
        # server process's Redis connections after the restart can fail once).
        for _attempt in range(5):
            try:
                socket = await _socket_open(portal.base, senco.cookie_header())
                break
            except Exception as error:  # noqa: BLE001 - counted and tried again
                refused.append(type(error).__name__)
                await asyncio.sleep(0.5)
        else:
            raise AssertionError(f"no SENCO socket after Redis came back: {refused}")
        try:
            began = time.time()
            sending = asyncio.create_task(
                asyncio.to_thread(
                    parent.post_form,
                    conversation_path,
                    {"body": "Drill: message written after Redis came back"},
                )
            )
            while True:
                event = json.loads(await asyncio.wait_for(socket.recv(), 90))
                if event.get("kind") != "page.update" and event.get("url") == conversation_path:
                    arrived = time.time()
                    response = await sending
                    assert response.status_code == 302, f"the reply: {response.status_code}"
                    return arrived - began, event
        finally:
            await socket.close()

    delivered_in, event = asyncio.run(live_delivery())
    unread = senco.get("/portal/notifications/unread/").json()["unread"]
    assert unread >= unread_before + 3, f"unread {unread_before} -> {unread}"
    assert event.get("unread") == unread, f"the live event's unread count: {event}"
    listing = senco.get("/portal/notifications/")
    assert listing.status_code == 200, f"the SENCO's notifications: {listing.status_code}"
    for path in (concern_path, conversation_path):
        assert f'href="{path}"' in listing.text, f"not in the SENCO's list: {path}"
    seen = senco.get(concern_path)
    assert seen.status_code == 200 and "while Redis was down" in seen.text, "the concern page"
    return (
        f"Redis down {restarted - stopped:.1f}s: concern raised through 4 pages in "
        f"{concern_seconds:.2f}s and a conversation started in {message_seconds:.2f}s, both "
        f"saved, the SENCO's 2 notifications stored; SENCO socket back {socket_back:.1f}s after "
        f"Redis ({len(refused)} refused before it opened), the next message live "
        f"{delivered_in * 1000:.0f} ms after it was sent; unread "
        f"{unread_before} -> {unread}, both earlier notifications listed"
    )


def drill_g_deadline_while_worker_down(template: Template) -> str:
    """A concern's acknowledgement date passes while the worker is down: after the restart the
    parent is told once (one timeline entry, one notification, one email), however often the
    worker restarts or the check runs."""
    stage = Stage(template, "g")
    portal = stage.portal
    ids = school_for_the_parent(portal)
    # No worker: the check queued for the end of the due day waits in the queue.
    made = json.loads(
        portal.shell(
            "import datetime, json\n"
            "from django.utils import timezone\n"
            "from messaging.concerns import services\n"
            "from portal.audit.actors import SYSTEM_CONTEXT\n"
            "from portal.people.models import User\n"
            "from portal.pupils.models import Pupil\n"
            f"parent = User.objects.get(email={PARENT_EMAIL!r})\n"
            f"pupil = Pupil.objects.select_related('school').get(pk={ids['pupil_id']})\n"
            "policy = services.concern_policy_for(school=pupil.school)\n"
            "today = services.local_today()\n"
            "for days in range(1, 60):\n"
            "    raised = timezone.now() - datetime.timedelta(days=days)\n"
            "    dates = services.concern_dates(school=pupil.school, received_at=raised,"
            " policy=policy)\n"
            "    if dates.acknowledge_by < today <= dates.answer_by:\n"
            "        break\n"
            "concern = services.concern_raise(actor=parent, context=SYSTEM_CONTEXT, pupil=pupil,"
            " category='support', what_happened='Drill: nobody has replied.',"
            " would_like='A reply, please.', now=raised)\n"
            "print(json.dumps({'id': concern.pk, 'due': concern.acknowledge_by.isoformat(),"
            " 'raised': raised.isoformat()}))\n"
        )
        .strip()
        .splitlines()[-1]
    )
    concern_path = f"/portal/concerns/{made['id']}/"
    waiting = stage.sql(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s"
        " AND status = 'READY' AND run_after < now() AND args_kwargs::text LIKE %s",
        "%concern_deadline_check",
        f'%"concern_id": {made["id"]}%',
    )[0][0]
    assert waiting == 1, f"due checks waiting for the worker: {waiting}"

    def figures() -> tuple[int, int, int, int]:
        events, notes, emails = stage.sql(
            "SELECT (SELECT count(*) FROM concerns_concernevent WHERE concern_id = %s"
            "   AND kind = 'acknowledge_overdue'),"
            " (SELECT count(*) FROM notifications_notification WHERE recipient_id = %s"
            "   AND url = %s),"
            ' (SELECT count(*) FROM notifications_outboundemail WHERE "to" = %s'
            " AND body LIKE %s)",
            made["id"],
            ids["parent_id"],
            concern_path,
            PARENT_EMAIL,
            f"%{concern_path}%",
        )[0]
        return events, notes, emails, stage.smtp.received[PARENT_EMAIL]

    assert figures() == (0, 0, 0, 0), f"told before the worker ran: {figures()}"
    portal.start_worker()
    restarted = time.monotonic()
    wait_for(lambda: figures()[0] >= 1, 60, 0.2, what="the overdue entry")
    told_in = time.monotonic() - restarted
    wait_for(lambda: figures()[3] >= 1, 60, 0.2, what="the overdue email")
    emailed_in = time.monotonic() - restarted

    # The worker restarted, and the same check queued again (a task run twice).
    portal.stop_all()
    portal.shell(
        "from messaging.concerns.tasks import concern_deadline_check\n"
        f"concern_deadline_check.enqueue(concern_id={made['id']}, deadline='acknowledge',"
        f" due={made['due']!r})\n"
    )
    portal.start_worker()
    wait_for(
        lambda: (
            not stage.sql(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s"
                " AND status IN ('READY', 'RUNNING') AND args_kwargs::text LIKE %s",
                "%concern_deadline_check",
                '%"deadline": "acknowledge"%',
            )[0][0]
        ),
        60,
        0.2,
        what="the repeated check to run",
    )
    time.sleep(3)  # anything sent twice would arrive now
    final = figures()
    assert final == (1, 1, 1, 1), f"(entries, notifications, outbox, received): {final}"
    checks = stage.sql(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s"
        " AND status = 'SUCCESSFUL'",
        "%concern_deadline_check",
    )[0][0]
    assert checks == 2, f"acknowledgement checks run: {checks}"
    return (
        f"acknowledgement due {made['due']}, worker down: the parent told {told_in:.1f}s after "
        f"the worker started, the email sent {emailed_in:.1f}s after; after a second restart and "
        f"the check run again ({checks} checks run): 1 overdue entry, 1 notification, 1 outbox "
        "email, received once"
    )


def _meeting_to_share(portal, ids: dict, *, second_parent: str, count: int = 1) -> list[int]:
    """Draft records of `count` meetings about the drill's child, each with its outcomes
    written, and a second parent linked to the child (so two parents are told). Returns the
    meetings' ids."""
    out = portal.shell(
        "import datetime, json, secrets\n"
        "from django.utils import timezone\n"
        "from allauth.account.models import EmailAddress\n"
        "from portal.audit.actors import SYSTEM_CONTEXT\n"
        "from portal.people.models import GuardianLink, Invitation, User\n"
        "from portal.people.services import hash_token\n"
        "from portal.pupils.models import Pupil\n"
        "from portal.support.meetings import services\n"
        "from portal.support.meetings.models import Meeting\n"
        f"pupil = Pupil.objects.get(pk={ids['pupil_id']})\n"
        f"senco = User.objects.get(pk={ids['senco_id']})\n"
        f"other, made = User.objects.get_or_create(email={second_parent!r},"
        " defaults={'first_name': 'Second', 'last_name': 'Parent'})\n"
        "if made:\n"
        "    EmailAddress.objects.create(user=other, email=other.email, verified=True,"
        " primary=True)\n"
        "    now = timezone.now()\n"
        "    invitation = Invitation.objects.create(pupil=pupil, email=other.email,"
        " relationship='father', has_parental_responsibility=True,"
        " token_hash=hash_token(secrets.token_urlsafe(32)), invited_by=senco, created_at=now,"
        " expires_at=now + datetime.timedelta(days=7), accepted_at=now, accepted_by=other)\n"
        "    GuardianLink.objects.create(parent=other, pupil=pupil, relationship='father',"
        " has_parental_responsibility=True, invitation=invitation)\n"
        "made_ids = []\n"
        f"for n in range({count}):\n"
        "    meeting = services.meeting_propose(actor=senco, context=SYSTEM_CONTEXT, pupil=pupil,"
        " kind='review', starts_at=timezone.now() + datetime.timedelta(days=1 + n))\n"
        "    services.meeting_record_update(actor=senco, context=SYSTEM_CONTEXT, meeting=meeting,"
        " parent_views='', pupil_views='', discussion='Drill',"
        " outcomes_agreed='Drill: reading three times a week.')\n"
        # A record is shared once the meeting has taken place.
        "    Meeting.objects.filter(pk=meeting.pk).update("
        "starts_at=timezone.now() - datetime.timedelta(days=1 + n))\n"
        "    made_ids.append(meeting.pk)\n"
        "print(json.dumps(made_ids))\n"
    )
    return json.loads(out.strip().splitlines()[-1])


def _record_figures(stage: Stage, meeting_id: int) -> dict:
    """For one meeting: its record status, the share audited, and per parent the notifications,
    the outbox emails with the record's link, and the emails the mail server received."""
    path = f"/portal/meetings/{meeting_id}/record/"
    status, shares = stage.sql(
        "SELECT (SELECT record_status FROM support_meetings_meeting WHERE id = %s),"
        " (SELECT count(*) FROM audit_auditevent WHERE action = 'meeting.shared'"
        "   AND object_id = %s)",
        meeting_id,
        str(meeting_id),
    )[0]
    rows = stage.sql(
        "SELECT u.email,"
        " (SELECT count(*) FROM notifications_notification n WHERE n.recipient_id = u.id"
        "   AND n.url = %s),"
        ' (SELECT count(*) FROM notifications_outboundemail e WHERE e."to" = u.email'
        "   AND e.body LIKE %s)"
        " FROM people_user u JOIN people_guardianlink g ON g.parent_id = u.id"
        " JOIN support_meetings_meeting m ON m.pupil_id = g.pupil_id WHERE m.id = %s",
        path,
        f"%{path}%",
        meeting_id,
    )
    return {
        "status": status,
        "shares": shares,
        "parents": {email: (notes, emails) for email, notes, emails in rows},
    }


def drill_h_record_shared_while_mail_fails(template: Template) -> str:
    """A meeting record shared while the mail server fails reaches every parent once after
    recovery: the share is saved and the parents told in the portal at once; the emails wait in
    the outbox through refusals and arrive once each when the mail server accepts."""
    second = "second.parent@example.org"
    stage = Stage(template, "h", extra_env={"OUTBOX_RETRY_BASE_SECONDS": "1"}, smtp_listening=False)
    portal = stage.portal
    ids = school_for_the_parent(portal)
    (meeting_id,) = _meeting_to_share(portal, ids, second_parent=second)
    portal.start_server()
    portal.start_worker()
    senco = signed_in_as(portal.base, ids["senco_session"])
    started = time.monotonic()
    shared = senco.post_form(f"/portal/meetings/{meeting_id}/share/", {})
    share_seconds = time.monotonic() - started
    assert shared.status_code == 302, f"sharing answered {shared.status_code}"
    figures = _record_figures(stage, meeting_id)
    assert figures["status"] == "shared" and figures["shares"] == 1, figures
    assert figures["parents"] == {PARENT_EMAIL: (1, 1), second: (1, 1)}, figures

    def record_emails_tried() -> bool:
        rows = stage.sql(
            "SELECT count(*) FROM notifications_outboundemail WHERE status = 'ready'"
            " AND attempts >= 1 AND body LIKE %s",
            f"%/portal/meetings/{meeting_id}/record/%",
        )
        return rows[0][0] == 2

    wait_for(record_emails_tried, 30, 0.5, what="both record emails tried with nothing listening")
    stage.smtp.mode = "refuse"
    stage.smtp.start()
    wait_for(lambda: stage.smtp.refused >= 2, 30, 0.3, what="both record emails refused")
    assert stage.smtp.total() == 0, "an email went through while refused"
    stage.smtp.mode = "accept"
    accepting = time.monotonic()
    wait_for(lambda: stage.smtp.total() >= 2, 60, 0.2, what="both record emails sent")
    drained = time.monotonic() - accepting
    time.sleep(3)  # anything sent twice would arrive now
    received = {email: stage.smtp.received[email] for email in (PARENT_EMAIL, second)}
    assert received == {PARENT_EMAIL: 1, second: 1}, f"not exactly once: {received}"
    assert _record_figures(stage, meeting_id) == figures, "the record's figures changed"
    return (
        f"record shared in {share_seconds:.2f}s with the mail server down; 2 parents told in the "
        f"portal at once; their emails refused {stage.smtp.refused} times, then sent "
        f"{drained:.1f}s after the mail server accepted, each exactly once"
    )


def drill_i_sharing_twice_at_once(template: Template) -> str:
    """Two requests share the same record at the same moment, against the real server on
    PostgreSQL, several times over: each record is shared once, audited once, and each parent
    is told once and emailed once."""
    import threading

    rounds = 5
    second = "second.parent@example.org"
    stage = Stage(template, "i")
    portal = stage.portal
    ids = school_for_the_parent(portal)
    meeting_ids = _meeting_to_share(portal, ids, second_parent=second, count=rounds)
    portal.start_server(workers=2)
    portal.start_worker()
    answers: list[int] = []
    for meeting_id in meeting_ids:
        path = f"/portal/meetings/{meeting_id}/share/"
        browsers = [signed_in_as(portal.base, ids["senco_session"]) for _ in range(2)]
        tokens = []
        for browser in browsers:
            page = browser.get(path)
            assert page.status_code == 200, f"GET {path}: {page.status_code}"
            tokens.append(
                re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            )
        barrier = threading.Barrier(2)

        def share(browser: Browser, token: str, path: str = path, barrier=barrier) -> None:
            barrier.wait()
            response = browser.session.post(
                browser.base + path,
                data={"csrfmiddlewaretoken": token},
                headers={
                    "Referer": browser.base.replace("http://", "https://") + path,
                    "Cookie": browser.cookie_header(),
                },
                allow_redirects=False,
                timeout=30,
            )
            answers.append(response.status_code)

        threads = [
            threading.Thread(target=share, args=(browser, token))
            for browser, token in zip(browsers, tokens, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert answers == [302] * (2 * rounds), f"answers: {answers}"
    wait_for(lambda: stage.smtp.total() >= 2 * rounds, 60, 0.2, what="the record emails")
    time.sleep(3)  # anything sent twice would arrive now
    for meeting_id in meeting_ids:
        figures = _record_figures(stage, meeting_id)
        assert figures["status"] == "shared" and figures["shares"] == 1, figures
        assert figures["parents"] == {PARENT_EMAIL: (1, 1), second: (1, 1)}, figures
    received = {email: stage.smtp.received[email] for email in (PARENT_EMAIL, second)}
    assert received == {PARENT_EMAIL: rounds, second: rounds}, f"received: {received}"
    return (
        f"{rounds} records each shared by 2 requests at once (all answered 302): each shared "
        f"once, audited once, and each of the 2 parents told once and emailed once per record"
    )


DSL_EMAIL = "drill.dsl@example.org"


def drill_j_safeguarding_flag_while_redis_down(template: Template) -> str:
    """A safeguarding flag raised while Redis is down still reaches the DSL: the pupil's answer
    is saved with its flag, the DSL's notification row and outbox email are written in the same
    transaction, and the worker sends the email (a link, never the words) with Redis still
    down."""
    stage = Stage(template, "j")
    portal = stage.portal
    ids = school_for_the_parent(portal)
    portal.start_worker()
    stage.redis.stop()
    stopped = time.monotonic()
    began = time.monotonic()
    out = portal.shell(
        "import datetime, json\n"
        "from django.db import transaction\n"
        "from django.utils import timezone\n"
        "from portal.audit.actors import AuditContext\n"
        "from portal.people.models import StaffMembership, StaffRole, User\n"
        "from voice.models import (Answer, Question, QuestionSet, Response, ViewsRequest)\n"
        "from voice.safeguarding.services import answer_screen\n"
        f"school_id, pupil_id = {ids['school_id']!r}, {ids['pupil_id']!r}\n"
        f"dsl = User.objects.create_user({DSL_EMAIL!r}, None, first_name='Dee',"
        " last_name='Lead')\n"
        "StaffMembership.objects.create(user=dsl, school_id=school_id, role=StaffRole.DSL)\n"
        "chosen = QuestionSet.objects.create(scope='school', school_id=school_id,"
        " purpose='other', title='Drill', status='ready')\n"
        "question = Question.objects.create(question_set=chosen, order=0, kind='free_text',"
        " text='Tell us more')\n"
        "request = ViewsRequest.objects.create(school_id=school_id, pupil_id=pupil_id,"
        " question_set=chosen, code='DRLLJ234', status='started',"
        " expires_at=timezone.now() + datetime.timedelta(days=14))\n"
        "response = Response.objects.create(request=request, school_id=school_id,"
        " pupil_id=pupil_id)\n"
        "with transaction.atomic():\n"
        "    answer = Answer.objects.create(response=response, question=question,"
        " text='Drill: my uncle hit me', value={'text': 'Drill: my uncle hit me'})\n"
        "    flag = answer_screen(answer=answer, context=AuditContext())\n"
        "print(json.dumps({'flag_id': flag.pk, 'dsl_id': dsl.pk}))\n",
        timeout=180,
    )
    answer_seconds = time.monotonic() - began
    made = json.loads(out.strip().splitlines()[-1])
    flag_path = f"/portal/safeguarding/{made['flag_id']}/"
    told = stage.sql(
        "SELECT kind, url, text FROM notifications_notification WHERE recipient_id = %s",
        made["dsl_id"],
    )
    assert len(told) == 1 and told[0][0] == "safeguarding" and told[0][1] == flag_path, told
    assert "hit" not in told[0][2], f"the notification shows the words: {told}"
    queued = stage.sql(
        'SELECT count(*) FROM notifications_outboundemail WHERE "to" = %s AND body LIKE %s',
        DSL_EMAIL,
        f"%{flag_path}%",
    )[0][0]
    assert queued == 1, f"outbox emails to the DSL: {queued}"
    wait_for(
        lambda: stage.smtp.received.get(DSL_EMAIL, 0) >= 1,
        60,
        0.3,
        what="the DSL's email sent with Redis down",
    )
    sent_in = time.monotonic() - began
    body = stage.sql(
        'SELECT subject || body FROM notifications_outboundemail WHERE "to" = %s', DSL_EMAIL
    )[0][0]
    assert "hit" not in body and "uncle" not in body, "the email shows the words"
    stage.redis.start()
    time.sleep(2)  # anything sent twice would arrive now
    assert stage.smtp.received.get(DSL_EMAIL) == 1, f"emails to the DSL: {stage.smtp.received}"
    return (
        f"Redis down {time.monotonic() - stopped:.1f}s: the flagging answer saved in "
        f"{answer_seconds:.2f}s (a shell process, start-up included); the DSL's notification "
        f"stored and the email sent {sent_in:.1f}s after the answer, once, without the words"
    )


def _pupil_request(portal: Portal, ids: dict, questions: int) -> str:
    """A ready question set of the school's own with `questions` free-text questions, and a
    request for the drill's pupil asked by the SENCO through the asking service. Returns the
    code the pupil types."""
    out = portal.shell(
        "from portal.audit.actors import SYSTEM_CONTEXT\n"
        "from portal.people.models import User\n"
        "from portal.pupils.models import Pupil\n"
        "from voice.asking.services import views_request_create\n"
        "from voice.models import Question, QuestionSet, SetPurpose, SetScope, SetStatus\n"
        f"pupil = Pupil.objects.get(pk={ids['pupil_id']})\n"
        f"senco = User.objects.get(pk={ids['senco_id']})\n"
        "question_set = QuestionSet.objects.create(scope=SetScope.SCHOOL, school=pupil.school,"
        " purpose=SetPurpose.OTHER, title='Drill questions', status=SetStatus.READY,"
        " created_by=senco)\n"
        f"for order in range({questions}):\n"
        "    Question.objects.create(question_set=question_set, order=order, kind='free_text',"
        " text=f'Question {order + 1}?')\n"
        "views_request = views_request_create(actor=senco, context=SYSTEM_CONTEXT, pupil=pupil,"
        " question_set=question_set)\n"
        "print(views_request.code)\n"
    )
    return out.strip().splitlines()[-1]


def _pupil_enters(base: str, code: str) -> Browser:
    """A browser in which the pupil has typed their code at /voice/."""
    pupil = Browser(base)
    entered = pupil.post_form("/voice/", {"code": code})
    assert entered.status_code == 302, f"typing the code answered {entered.status_code}"
    assert "sessionid" in pupil.session.cookies, "typing the code set no session"
    return pupil


def drill_k_pupil_answering_through_restarts(template: Template) -> str:
    """A pupil answers question after question while the server is killed (SIGKILL) and later
    restarted gracefully (SIGTERM, as a deploy does). Whenever a page fails the pupil presses
    Next again. Every answer that got a success is in the database with the words posted; the
    pupil's own browser still shows them; and another browser typing the code resumes at the
    first question not answered, without being shown the answers."""
    import threading

    questions, stop_after = 14, 12
    stage = Stage(template, "k")
    portal = stage.portal
    ids = school_for_the_parent(portal)
    code = _pupil_request(portal, ids, questions)
    portal.start_server()
    pupil = _pupil_enters(portal.base, code)
    page = pupil.get("/voice/question/1/")
    assert page.status_code == 200, f"the first question: {page.status_code}"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    saved: list[int] = []  # question numbers whose answer got a redirect (success)
    outcomes: dict[str, int] = {}
    done = threading.Event()

    def answer_all() -> None:
        number = 1
        while number <= stop_after:
            path = f"/voice/question/{number}/"
            try:
                answered = pupil.session.post(
                    pupil.base + path,
                    data={
                        "csrfmiddlewaretoken": token,
                        "answer": f"My answer to question {number}.",
                        "action": "next",
                    },
                    headers={
                        "Referer": pupil.base.replace("http://", "https://") + path,
                        "Cookie": pupil.cookie_header(),
                    },
                    allow_redirects=False,
                    timeout=10,
                )
                outcome = str(answered.status_code)
            except requests.RequestException as error:
                outcome = type(error).__name__
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if outcome == "302":
                saved.append(number)
                number += 1
            else:
                time.sleep(0.05)  # the page failed: the pupil presses Next again
        done.set()

    answering = threading.Thread(target=answer_all, daemon=True)
    answering.start()
    wait_for(lambda: len(saved) >= 3, 60, 0.01, what="three answers saved")
    portal.stop_all(signal.SIGKILL)
    killed = time.monotonic()
    time.sleep(1)
    portal.start_server()
    back_after_kill = time.monotonic() - killed
    wait_for(lambda: len(saved) >= 7, 60, 0.01, what="answers saved after the kill")
    portal.stop_all(signal.SIGTERM)
    time.sleep(0.5)
    portal.start_server()
    assert done.wait(120), f"the pupil could not finish answering: {outcomes}"
    answering.join(5)

    assert saved == list(range(1, stop_after + 1)), f"answers that succeeded: {saved}"
    failed = sum(n for outcome, n in outcomes.items() if outcome != "302")
    assert failed > 0, f"no answer failed: the restarts missed the pupil ({outcomes})"
    rows = dict(
        stage.sql(
            'SELECT q."order" + 1, a.text FROM voice_answer a'
            " JOIN voice_question q ON q.id = a.question_id"
            " JOIN voice_response r ON r.id = a.response_id"
            " JOIN voice_viewsrequest v ON v.id = r.request_id WHERE v.code = %s",
            code,
        )
    )
    for number in saved:
        assert rows.get(number) == f"My answer to question {number}.", (
            f"question {number}: saved as {rows.get(number)!r}"
        )
    assert set(rows) == set(saved), f"answers in the database: {sorted(rows)}"
    position, status = stage.sql(
        "SELECT position, status FROM voice_viewsrequest WHERE code = %s", code
    )[0]
    assert (position, status) == (stop_after, "started"), f"the request: {position}, {status}"

    # The tab was closed: the same browser (its session survives the restarts) still shows the
    # pupil's own answer, and carries on where they stopped.
    resume = f"/voice/question/{stop_after + 1}/"
    own = pupil.get(f"/voice/question/{stop_after}/")
    assert f"My answer to question {stop_after}." in own.text, "the pupil's own answer lost"
    # Another browser typing the code carries on there too, and is not shown the answers.
    again = _pupil_enters(portal.base, code)
    start = again.get("/voice/start/")
    assert start.status_code == 200, f"the start page: {start.status_code}"
    assert f'href="{resume}"' in start.text, f"no way on to {resume} on the start page"
    carried_on = again.get(resume)
    assert carried_on.status_code == 200, f"{resume}: {carried_on.status_code}"
    earlier = again.get(f"/voice/question/{stop_after}/")
    assert "You answered this earlier." in earlier.text, "no word of the earlier answer"
    assert f"My answer to question {stop_after}." not in earlier.text, "shown to another browser"
    return (
        f"{stop_after} answers posted through a SIGKILL (server back in {back_after_kill:.1f}s) "
        f"and a graceful restart: {failed} posts failed and were pressed again ({outcomes}); "
        f"all {len(saved)} answers that succeeded are saved with their words, the request "
        f"stands at question {position}; the pupil's own browser still shows them, and another "
        f"browser with the code resumes at {resume} without being shown them"
    )


DRILLS = {
    "a": ("Redis stopped while people work", drill_a_redis_stopped),
    "b": ("the mail server failing", drill_b_mail_server_failing),
    "c": ("PostgreSQL stopped", drill_c_postgres_stopped),
    "d": ("server and worker killed mid-send", drill_d_killed_mid_send),
    "e": ("two workers racing for the outbox", drill_e_two_workers),
    "f": (
        "Redis stopped while a concern and a message are sent",
        drill_f_redis_stopped_concern_and_message,
    ),
    "g": ("a concern's date passing while the worker is down", drill_g_deadline_while_worker_down),
    "h": (
        "a meeting record shared while the mail server fails",
        drill_h_record_shared_while_mail_fails,
    ),
    "i": ("a meeting record shared twice at the same moment", drill_i_sharing_twice_at_once),
    "j": (
        "a safeguarding flag raised while Redis is down",
        drill_j_safeguarding_flag_while_redis_down,
    ),
    "k": (
        "a pupil answering while the server is killed and restarted",
        drill_k_pupil_answering_through_restarts,
    ),
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
