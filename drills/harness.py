"""The parts every drill needs: a throwaway PostgreSQL and Redis, a local SMTP sink, and the
production server and task worker started against them.

Everything here is started by the drill and stopped by it, by process id or by its own data
folder, never by name: the machine's own PostgreSQL and Redis are never touched.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
UVICORN = REPO / ".venv" / "bin" / "uvicorn"
DRILL_OS_USER = "portal-drills"


class CannotRun(Exception):
    """The drill cannot run here (a missing binary, say): it fails, saying why."""


def free_port() -> int:
    """A loopback port nothing listens on now (the kernel's choice for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], object], timeout: float, interval: float = 0.1, what: str = ""):
    """Call `check` until it returns something truthy; its value, or AssertionError on timeout."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
        except Exception as error:  # noqa: BLE001 - waiting for something to come up
            last_error = error
            value = None
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or check}: {last_error}")


def find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise CannotRun(f"{name} not found on PATH or in /usr/lib/postgresql/*/bin")


# --- Processes the drills start ---------------------------------------------------------------

_children: list[subprocess.Popen] = []
_cleanups: list[Callable[[], None]] = []


def stop_everything() -> None:
    """Stop what the drill started (its children, its PostgreSQL) and remove its folders."""
    for child in _children:
        stop(child, signal.SIGKILL)
    _children.clear()
    for cleanup in reversed(_cleanups):
        with contextlib.suppress(Exception):  # best effort: the rest must still run
            cleanup()
    _cleanups.clear()


atexit.register(stop_everything)


def on_cleanup(action: Callable[[], None]) -> None:
    _cleanups.append(action)


def spawn(args: list[str], *, env: dict | None = None, log: Path, **kwargs) -> subprocess.Popen:
    """Start a child in its own process group, its output to `log`."""
    handle = open(log, "ab")  # noqa: SIM115 - closed when the process is reaped
    child = subprocess.Popen(
        args, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
    )
    handle.close()
    _children.append(child)
    return child


def stop(child: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    """Stop one child we started, and the processes it started (its own process group)."""
    if child is None or child.poll() is not None:
        return
    try:
        os.killpg(child.pid, sig)
    except ProcessLookupError:
        return
    try:
        child.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()


# --- PostgreSQL --------------------------------------------------------------------------------


def _drill_os_user() -> str | None:
    """PostgreSQL refuses to run as root: as root, run it as an unprivileged user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(DRILL_OS_USER)
    except KeyError:
        made = subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                DRILL_OS_USER,
            ],
            capture_output=True,
        )
        if made.returncode != 0:
            return "nobody"
    return DRILL_OS_USER


class Postgres:
    """A PostgreSQL cluster in a folder of its own, on a spare loopback port."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.data = folder / "pgdata"
        self.port = port or free_port()
        self.os_user = _drill_os_user()
        self.pg_ctl = find_binary("pg_ctl")
        self.initdb = find_binary("initdb")
        on_cleanup(self.stop_immediately)

    def _as_owner(self, args: list[str], **kwargs) -> subprocess.CompletedProcess:
        if self.os_user:
            args = ["runuser", "-u", self.os_user, "--", *args]
        return subprocess.run(args, capture_output=True, text=True, **kwargs)

    def _own(self) -> None:
        if self.os_user:
            os.chmod(self.folder, 0o755)  # noqa: S103 - the cluster's owner must reach it
            shutil.chown(self.folder, self.os_user)
            for path in self.folder.rglob("*"):
                shutil.chown(path, self.os_user)

    def create(self) -> None:
        self._own()
        done = self._as_owner(
            [self.initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync"]
        )  # fmt: skip
        if done.returncode != 0:
            raise CannotRun(f"initdb failed: {done.stderr.strip()[-500:]}")

    def copy_from(self, template: Postgres) -> None:
        """A cluster of our own, as a copy of a stopped template cluster (migrations done)."""
        shutil.copytree(template.data, self.data, symlinks=True)
        self._own()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        done = self._as_owner(
            [self.pg_ctl, "-D", str(self.data), "-l", str(self.folder / "postgres.log"),
             "-o", options, "-w", "-t", "60", "start"]
        )  # fmt: skip
        if done.returncode != 0:
            log = (self.folder / "postgres.log").read_text(errors="replace")[-800:]
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr.strip()} {log}")

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._as_owner([self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop"])

    def stop_immediately(self) -> None:
        self.stop("immediate")
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():  # pg_ctl could not stop it: end our postmaster by its pid
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)

    def create_database(self, name: str = "portal") -> None:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')


# --- Redis -------------------------------------------------------------------------------------


class Redis:
    """redis-server as our child, with nothing saved, on a spare loopback port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.binary = shutil.which("redis-server")
        if not self.binary:
            raise CannotRun("redis-server not found on PATH")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = spawn(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            log=self.folder / "redis.log",
        )  # fmt: skip

        def answers():
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")

        wait_for(answers, 10, what="Redis")

    def stop(self) -> None:
        stop(self.process)


# --- The mail server ---------------------------------------------------------------------------


class SmtpSink:
    """A local mail server that counts what it accepted per recipient, and can be made to refuse
    (451, or not listening at all) or to hold a message before answering.

    A message counts only when its 250 reply is on its way: if the sender has gone by then
    (killed mid-send), the message was not accepted, as with a real mail server.
    """

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.mode = "accept"  # accept | refuse
        self.hold_seconds = 0.0
        self.holding = threading.Event()
        self.received: collections.Counter[str] = collections.Counter()
        self.refused = 0
        self.lock = threading.Lock()
        self.controller = None
        on_cleanup(self.stop)

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.mode == "refuse":
            with self.lock:
                self.refused += 1
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        import asyncio

        if self.hold_seconds:
            self.holding.set()
            await asyncio.sleep(self.hold_seconds)
            self.holding.clear()
            transport = getattr(server, "transport", None)
            if transport is None or transport.is_closing():
                return "451 4.3.0 Sender went away"
        self.count(envelope.rcpt_tos)
        return "250 Message accepted"

    def count(self, recipients) -> None:
        with self.lock:
            for recipient in recipients:
                self.received[recipient.lower()] += 1

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())

    def duplicates(self) -> dict[str, int]:
        with self.lock:
            return {to: n for to, n in self.received.items() if n != 1}


# --- The portal --------------------------------------------------------------------------------


class Portal:
    """The production server (uvicorn, production settings) and task workers, as in the README,
    against the drill's own PostgreSQL, Redis and mail server."""

    def __init__(self, folder: Path, *, database_url: str, redis_url: str, smtp_port: int,
                 static_root: Path, extra_env: dict | None = None) -> None:  # fmt: skip
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        var = folder / "var"
        var.mkdir(exist_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_hex(32),
            "AUDIT_KEY": "drills-audit-" + secrets.token_hex(16),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "BASE_URL": self.base,
            "VAR_DIR": str(var),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        # The static files are collected once per run, into the template's folder.
        if not (var / "static").exists():
            (var / "static").symlink_to(static_root)
        self.server: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []

    def manage(self, *args: str, stdin: str | None = None, timeout: float = 120) -> str:
        done = subprocess.run(
            [str(PYTHON), "manage.py", *args],
            cwd=REPO,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def shell(self, code: str, timeout: float = 120) -> str:
        """Run Python in `manage.py shell` (the real services, the real settings)."""
        return self.manage("shell", "--no-imports", "-c", code, timeout=timeout)

    def start_server(self, workers: int = 2) -> None:
        self.server = spawn(
            [str(UVICORN), "portal.asgi:application", "--host", "127.0.0.1", "--port",
             str(self.port), "--workers", str(workers), "--proxy-headers",
             "--forwarded-allow-ips", "127.0.0.1"],
            env=self.env, cwd=REPO, log=self.folder / "server.log",
        )  # fmt: skip
        wait_for(lambda: _status(f"{self.base}/healthz") in (200, 503), 60, 0.2, what="the server")

    def start_worker(self) -> subprocess.Popen:
        worker = spawn(
            [str(PYTHON), "manage.py", "run_worker"],
            env=self.env,
            cwd=REPO,
            log=self.folder / f"worker-{len(self.workers) + 1}.log",
        )
        self.workers.append(worker)
        return worker

    def stop_all(self, sig: int = signal.SIGTERM) -> None:
        for worker in self.workers:
            stop(worker, sig)
        self.workers = []
        stop(self.server, sig)
        self.server = None


def _status(url: str) -> int:
    import requests

    return requests.get(url, timeout=5).status_code


_folders: list[Path] = []


def temp_folder(prefix: str, for_the_run: bool = False) -> Path:
    """A folder removed when the drill ends (or, `for_the_run`, when the run ends)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    _folders.append(folder)
    remove = lambda: shutil.rmtree(folder, ignore_errors=True)  # noqa: E731
    if for_the_run:
        atexit.register(remove)
    else:
        on_cleanup(remove)
    return folder


def live_folders() -> list[Path]:
    return [folder for folder in _folders if folder.exists()]


def tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
