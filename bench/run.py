"""`make bench`: the production server command (uvicorn, 2 workers) and the task worker, under
bench settings, on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set (SQLite and
local memory otherwise), loaded with Locust one page at a time and compared with a bare Django
view served by the same processes (P). Prints a table and writes bench/results/latest.json.

    .venv/bin/python bench/run.py [--quick] [--schools N] [--rounds R] [--users 10,20]
                                  [--seconds S] [--growth | --no-growth] [--port P]

With DATABASE_URL set the benchmark EMPTIES that database first (it refuses one that holds
schools it did not make): point it at a throwaway database. Without it, everything lives in a
temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
SESSIONS_PER_ACCOUNT = 10
# URNs the demo data and seed_scale use: a database holding any other school is not the bench's.
BENCH_URN_PREFIXES = ("10000", "700", "7099")


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    path: str
    account: str | None = None  # a key of the scale manifest, or None for a reader not signed in
    csrf_cookie: bool = False
    growth: bool = True  # measured at 1 school and at N


def targets_for(manifest: dict) -> list[Target]:
    """Every page the benchmark loads, the bare view first. Pages whose account or path the
    manifest lacks (a run without the large school, a database without demo pages) are left
    out."""
    report = manifest.get("report_path")
    parent = manifest.get("parent") or {}
    targets = [
        Target("bare", "P: bare Django view", "/bench/bare"),
        Target("home", "home page, anonymous", "/"),
        Target("home_csrf", "home page, csrftoken cookie", "/", csrf_cookie=True),
    ]
    if report:
        targets += [
            Target("report", "SEN information report, anonymous", report),
            Target("report_csrf", "SEN information report, csrftoken cookie", report, None, True),
        ]
    if parent:
        targets += [
            Target("parent_dashboard", "parent dashboard", "/portal/", "parent"),
            Target(
                "child", "parent: child page", f"/portal/pupils/{parent['pupil_id']}/", "parent"
            ),
        ]
    if manifest.get("senco"):
        school = manifest["senco"]["school_id"]
        targets += [
            Target("senco_dashboard", "SENCO dashboard (ordinary school)", "/portal/", "senco"),
            Target(
                "register", "SEN register (ordinary school)", f"/portal/schools/{school}/", "senco"
            ),
        ]
    for key, size in (("senco_small", "small"), ("senco_big", "large")):
        entry = manifest.get(key)
        if entry:
            pupils = entry["register_size"]
            targets += [
                Target(
                    f"{key}_dashboard",
                    f"SENCO dashboard ({size}: {pupils} pupils)",
                    "/portal/",
                    key,
                    growth=False,
                ),
                Target(
                    f"{key}_register",
                    f"SEN register ({size}: {pupils} pupils)",
                    f"/portal/schools/{entry['school_id']}/",
                    key,
                    growth=False,
                ),
            ]
    if manifest.get("trust_lead"):
        targets.append(Target("trust_dashboard", "trust dashboard", "/portal/", "trust_lead"))
    targets.append(Target("sign_in", "sign-in page", "/accounts/login/"))
    # Each journey's pages, named by its `scale.manifest()`: {"targets": [{"name", "label",
    # "path", "account", "growth"?}]}, signed in as one of the manifest's accounts.
    for journey in (manifest.get("journeys") or {}).values():
        for entry in journey.get("targets", []):
            targets.append(
                Target(
                    entry["name"],
                    entry["label"],
                    entry["path"],
                    entry.get("account"),
                    growth=entry.get("growth", True),
                )
            )
    return targets


# Figures ------------------------------------------------------------------------------------


def spread(values: list[float]) -> dict | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def chosen(targets: list[Target], only: str) -> list[Target]:
    """The targets whose names start with one of the comma-separated prefixes in `only` (all of
    them when it is empty), P always first."""
    prefixes = tuple(p.strip() for p in only.split(",") if p.strip())
    if not prefixes:
        return targets
    return [t for t in targets if t.name == "bare" or t.name.startswith(prefixes)]


def failed_pages(figures: list[dict]) -> list[str]:
    """Pages that answered anything but 200, or never answered at all: a benchmark of a broken
    page is no benchmark, and CI must say so."""
    return [
        f"{figure['label']} at {figure['users']} users: "
        f"{figure['errors']} errors in {figure['requests']} requests"
        for figure in figures
        if figure["errors"] or not figure["requests"]
    ]


def summarise(runs: list[dict]) -> list[dict]:
    """One figure per (target, users) from the runs of every round: each measure's min, median
    and max across rounds, and each round's requests per second and CPU per request as a ratio
    to P's in the same round at the same number of users."""
    bare = {(r["round"], r["users"]): r for r in runs if r["target"] == "bare"}
    figures: dict[tuple[str, int], dict] = {}
    for run in runs:
        key = (run["target"], run["users"])
        figure = figures.setdefault(
            key,
            {
                "target": run["target"],
                "label": run["label"],
                "path": run["path"],
                "users": run["users"],
                "runs": [],
            },
        )
        figure["runs"].append(run)
    out = []
    for figure in figures.values():
        runs_here = figure.pop("runs")
        ratios, cpu_ratios = [], []
        for run in runs_here:
            p = bare.get((run["round"], run["users"]))
            if p and p["rps"]:
                ratios.append(run["rps"] / p["rps"])
            if p and p["cpu_ms_per_request"] and run["cpu_ms_per_request"]:
                cpu_ratios.append(run["cpu_ms_per_request"] / p["cpu_ms_per_request"])
        figure.update(
            rounds=len(runs_here),
            requests=sum(r["requests"] for r in runs_here),
            errors=sum(r["errors"] for r in runs_here),
            rps=spread([r["rps"] for r in runs_here]),
            ratio_to_p=spread(ratios),
            p50_ms=spread([r["p50_ms"] for r in runs_here]),
            p95_ms=spread([r["p95_ms"] for r in runs_here]),
            p99_ms=spread([r["p99_ms"] for r in runs_here]),
            cpu_ms_per_request=spread([r["cpu_ms_per_request"] for r in runs_here]),
            cpu_ratio_to_p=spread(cpu_ratios),
            bytes=runs_here[-1]["bytes"],
            queries=runs_here[-1]["queries"],
        )
        out.append(figure)
    return out


def growth_rows(small: list[dict], large: list[dict], schools: int) -> list[dict]:
    """The same page at 1 school and at `schools`: p95, response bytes and query count."""
    at_n = {r["target"]: r for r in large}
    rows = []
    for one in small:
        many = at_n.get(one["target"])
        if many is None:
            continue
        rows.append(
            {
                "target": one["target"],
                "label": one["label"],
                "schools": [1, schools],
                "p95_ms": [one["p95_ms"], many["p95_ms"]],
                "bytes": [one["bytes"], many["bytes"]],
                "queries": [one["queries"], many["queries"]],
                # Fewer is fine: a page served from the cache at N that was not at 1.
                "queries_grow": (many["queries"] or 0) > (one["queries"] or 0),
            }
        )
    return rows


def machine(database: str, redis: bool) -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return {
        "cpu_model": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "database": database,
        "redis": redis,
    }


def results_document(
    *, figures: list[dict], growth: list[dict], machine: dict, settings: dict, scale: dict
) -> dict:
    """What bench/results/latest.json holds."""
    return {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "settings": settings,
        "scale": scale,
        "figures": figures,
        "growth": growth,
    }


def _fmt(value, digits=0) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}"


def _trio(measure: dict | None, digits=0) -> str:
    if not measure:
        return "-"
    return "/".join(_fmt(measure[k], digits) for k in ("min", "median", "max"))


def table(figures: list[dict], growth: list[dict]) -> str:
    lines = [
        "min/median/max across rounds; xP = requests per second as a ratio to P's in the same "
        "round; CPU = the server processes' CPU per request",
        f"{'page':<44}{'users':>5}  {'req/s':>17}  {'xP':>14}  {'p50 ms':>14}  {'p95 ms':>16}  "
        f"{'p99 ms':>16}  {'err':>4}  {'CPU ms/req':>16}  {'bytes':>7}  {'queries':>7}",
    ]
    for f in sorted(figures, key=lambda f: (f["users"],)):
        lines.append(
            f"{f['label'][:44]:<44}{f['users']:>5}  {_trio(f['rps'], 1):>17}  "
            f"{_trio(f['ratio_to_p'], 2):>14}  {_trio(f['p50_ms']):>14}  "
            f"{_trio(f['p95_ms']):>16}  {_trio(f['p99_ms']):>16}  {f['errors']:>4}  "
            f"{_trio(f['cpu_ms_per_request'], 1):>16}  {_fmt(f['bytes']):>7}  "
            f"{_fmt(f['queries']):>7}"
        )
    if growth:
        schools = growth[0]["schools"][1]
        lines += [
            "",
            f"Growth: the same page at 1 school and at {schools} (10 users)",
            f"{'page':<44}{'p95 ms':>16}  {'bytes':>17}  {'queries':>9}",
        ]
        for g in growth:
            lines.append(
                f"{g['label'][:44]:<44}{' -> '.join(_fmt(v) for v in g['p95_ms']):>16}  "
                f"{' -> '.join(_fmt(v) for v in g['bytes']):>17}  "
                f"{' -> '.join(_fmt(v) for v in g['queries']):>9}"
                + ("  queries grow" if g["queries_grow"] else "")
            )
    return "\n".join(lines)


# Processes ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state is field 0; utime and stime are fields 11 and 12.
        total += (int(fields[11]) + int(fields[12])) / tick
        todo.extend(children.get(current, []))
    return total


class Bench:
    def __init__(self, args):
        self.args = args
        self.processes: list[subprocess.Popen] = []
        self.temp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
        self.logs = self.temp / "logs"
        self.logs.mkdir()
        (self.temp / "var").mkdir()
        self.database_url = os.environ.get("DATABASE_URL", "")
        self.redis_url = os.environ.get("REDIS_URL", "")
        self.port = args.port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = os.environ.copy()
        self.env.update(
            DJANGO_SETTINGS_MODULE="portal.settings.bench",
            SECRET_KEY="bench-" + secrets.token_hex(32),
            AUDIT_KEY="bench-audit-" + secrets.token_hex(32),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            VAR_DIR=str(self.temp / "var"),
            BASE_URL=self.base,
            PYTHONPATH=str(ROOT),
        )
        self.env.setdefault("EMAIL_URL", "smtp://127.0.0.1:2525")
        if args.quick:
            # No compressed copies of the static files (half a minute): no page measured here
            # serves them.
            self.env["BENCH_STATIC_UNCOMPRESSED"] = "1"
        self.sessions: dict[str, list[str]] = {}
        # Accounts that are a visit begun by typing a code (a pupil's), started on first use.
        self.visits: dict[str, dict] = {}
        self.manifest: dict = {}

    # Set-up --------------------------------------------------------------------------------

    def manage(self, *command: str, settings: str | None = None, quiet: bool = True) -> str:
        env = dict(self.env)
        if settings:
            env["DJANGO_SETTINGS_MODULE"] = settings
        started = time.monotonic()
        result = subprocess.run(  # noqa: S603 - our own commands
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        log = self.logs / "setup.log"
        with log.open("a") as out:
            out.write(f"$ manage.py {' '.join(command)}\n{result.stdout}{result.stderr}\n")
        if result.returncode != 0:
            raise SystemExit(
                f"manage.py {' '.join(command)} failed:\n{result.stdout[-2000:]}"
                f"{result.stderr[-3000:]}"
            )
        if not quiet:
            print(f"  manage.py {' '.join(command)}: {time.monotonic() - started:.0f} s")
        return result.stdout

    def reset_postgres(self) -> None:
        """Empty the PostgreSQL database DATABASE_URL names, refusing one with other schools."""
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            exists = conn.execute("SELECT to_regclass('public.schools_school')").fetchone()[0]
            if exists:
                urns = [row[0] for row in conn.execute("SELECT urn FROM schools_school")]
                foreign = [u for u in urns if not u.startswith(BENCH_URN_PREFIXES)]
                if foreign:
                    raise SystemExit(
                        f"DATABASE_URL holds schools the benchmark did not make ({foreign[:3]}); "
                        "the benchmark empties its database: point it at a throwaway one."
                    )
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")

    def set_up(self, *, schools: int, big: int, small: int) -> None:
        print(f"Setting up in {self.temp} ({self.database_vendor()})")
        if self.database_url:
            self.reset_postgres()
        # Static files need no database: gathered while the database is migrated.
        static = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "manage.py", "collectstatic", "--no-input"],
            cwd=ROOT,
            env=self.env,
            stdout=(self.logs / "collectstatic.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        try:
            self.manage("migrate", "--no-input", quiet=False)
        finally:
            if static.wait() != 0:
                raise SystemExit(f"collectstatic failed:\n{self.tail('collectstatic.log')}")
        if self.redis_url:
            # Pages an earlier run cached.
            self.manage("shell", "-c", "from django.core.cache import cache; cache.clear()")
        # The demo's public pages (the home page, the SEN information reports). seed_demo sets
        # known passwords, which only development settings allow; nobody signs in with them.
        self.manage("seed_demo", settings="portal.settings.dev", quiet=False)
        self.seed_scale(schools=schools, big=big, small=small)

    def seed_scale(self, *, schools: int, big: int, small: int) -> None:
        manifest = self.temp / "scale.json"
        self.manage(
            "seed_scale",
            f"--schools={schools}",
            f"--big-school-pupils={big}",
            f"--small-school-pupils={small}",
            f"--manifest={manifest}",
            quiet=False,
        )
        self.manifest = json.loads(manifest.read_text())
        result = subprocess.run(  # noqa: S603 - our own commands
            [
                sys.executable,
                "-m",
                "bench.sessions",
                str(manifest),
                f"--per-account={SESSIONS_PER_ACCOUNT}",
            ],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        self.sessions = json.loads(result.stdout)
        self.visits = {
            name: visit
            for journey in (self.manifest.get("journeys") or {}).values()
            for name, visit in (journey.get("visits") or {}).items()
        }

    def database_vendor(self) -> str:
        return "postgresql" if self.database_url.startswith("postgres") else "sqlite"

    def start(self, command: list[str], log: str) -> subprocess.Popen:
        out = (self.logs / log).open("ab")
        # A session of its own: stopping it stops the uvicorn workers it spawned, and nothing
        # else.
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start_servers(self) -> None:
        self.server = self.start(
            [
                str(BIN / "uvicorn"),
                "portal.asgi:application",
                "--host=127.0.0.1",
                f"--port={self.port}",
                "--workers=2",
                "--proxy-headers",
                "--forwarded-allow-ips=127.0.0.1",
                "--no-access-log",
            ],
            "server.log",
        )
        self.worker = self.start([sys.executable, "manage.py", "run_worker"], "worker.log")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise SystemExit(f"the server stopped:\n{self.tail('server.log')}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        print(f"Server on {self.base} (2 workers) and the task worker started")
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise SystemExit(f"the server did not answer /healthz in 60 s:\n{self.tail('server.log')}")

    def tail(self, log: str) -> str:
        path = self.logs / log
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-30:]) if path.exists() else ""
        )

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    # Measuring -----------------------------------------------------------------------------

    def visit_begin(self, visit: dict) -> list[str]:
        """Sessions that hold a visit, one for each code, begun as the reader begins one: the
        form at `path` fetched, and its code posted (with the form's CSRF token) in `field`."""
        keys = []
        for code in visit["codes"]:
            page = _http(self.base + visit["path"], headers=_FORWARDED)
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
            if page.status != 200 or token is None:
                raise SystemExit(f"{visit['path']} answered {page.status} with no form to type in")
            csrf = page.cookies.get("csrftoken", "")
            posted = _http(
                self.base + visit["path"],
                data={"csrfmiddlewaretoken": token.group(1).decode(), visit["field"]: code},
                headers={
                    **_FORWARDED,
                    "Referer": self.base.replace("http://", "https://") + visit["path"],
                    "Cookie": f"csrftoken={csrf}",
                },
            )
            key = posted.cookies.get("sessionid")
            if posted.status != 302 or not key:
                raise SystemExit(
                    f"typing a code at {visit['path']} answered {posted.status}, not a redirect "
                    "with a session"
                )
            keys.append(key)
        return keys

    def cookies(self, target: Target) -> list[str]:
        if target.account:
            if target.account not in self.sessions and target.account in self.visits:
                self.sessions[target.account] = self.visit_begin(self.visits[target.account])
            return [f"sessionid={key}" for key in self.sessions[target.account]]
        if target.csrf_cookie:
            return [f"csrftoken={secrets.token_urlsafe(24)[:32]}"]
        return []

    def probe(self, target: Target) -> tuple[int, int, int | None]:
        """One request as a reader would make it: (status, bytes, queries). Its time, alone on
        the server, is kept in `self.last_probe_seconds`."""
        started = time.monotonic()
        try:
            return self._probe(target)
        finally:
            self.last_probe_seconds = time.monotonic() - started

    def _probe(self, target: Target) -> tuple[int, int, int | None]:
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "en"}
        cookies = self.cookies(target)
        if cookies:
            headers["Cookie"] = cookies[0]
        request = urllib.request.Request(self.base + target.path, headers=headers)  # noqa: S310

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=120) as response:
                body = response.read()
                status, query_header = response.status, response.headers.get("X-Query-Count")
        except urllib.error.HTTPError as error:
            body, status, query_header = (
                error.read(),
                error.code,
                error.headers.get("X-Query-Count"),
            )
        return status, len(body), int(query_header) if query_header is not None else None

    def load(self, target: Target, *, users: int, seconds: float, round_: int) -> dict:
        # Twice: the first may be the one that fills a cache (each worker's own, without Redis).
        self.probe(target)
        status, size, queries = self.probe(target)
        if status != 200:
            print(f"  ! {target.label}: {target.path} answered {status}, not 200")
        # A page that takes a second alone takes `users` seconds each under load: run long
        # enough for every user to finish a few (at most a minute), or nothing is counted.
        seconds = max(seconds, min(60.0, self.last_probe_seconds * users * 1.5))
        prefix = self.temp / f"locust-{target.name}-{users}-{round_}"
        env = dict(self.env)
        env.update(
            BENCH_PATH=target.path,
            BENCH_NAME=target.name,
            BENCH_COOKIES=json.dumps(self.cookies(target)),
        )
        cpu_before = process_cpu_seconds(self.server.pid)
        subprocess.run(  # noqa: S603 - our own commands
            [
                str(BIN / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                f"--users={users}",
                f"--spawn-rate={users}",
                f"--run-time={round(seconds)}s",
                f"--host={self.base}",
                f"--csv={prefix}",
                "--only-summary",
                "--stop-timeout=30",
                "--loglevel=ERROR",
                "--skip-log-setup",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(self.logs / "locust.log").open("ab"),
            check=False,
        )
        cpu = process_cpu_seconds(self.server.pid) - cpu_before
        row = {}
        stats = Path(f"{prefix}_stats.csv")
        if stats.exists():
            with stats.open() as rows:
                row = next((r for r in csv.DictReader(rows) if r["Name"] == target.name), {})
        requests = int(row.get("Request Count") or 0)

        def number(name):
            value = row.get(name)
            return float(value) if value not in (None, "", "N/A") else None

        return {
            "target": target.name,
            "label": target.label,
            "path": target.path,
            "users": users,
            "round": round_,
            "requests": requests,
            "errors": int(row.get("Failure Count") or 0),
            "rps": number("Requests/s") or 0.0,
            "p50_ms": number("50%"),
            "p95_ms": number("95%"),
            "p99_ms": number("99%"),
            "cpu_ms_per_request": (cpu * 1000 / requests) if requests else None,
            "status": status,
            "bytes": size,
            "queries": queries,
        }

    def rounds(self, targets: list[Target], *, users: list[int], rounds: int, seconds: float):
        runs = []
        for round_ in range(1, rounds + 1):
            for count in users:
                # Interleaved: P and every page each round; the order turns each round so that
                # no page always follows the same neighbour.
                shift = (round_ - 1) % len(targets)
                for target in targets[shift:] + targets[:shift]:
                    run = self.load(target, users=count, seconds=seconds, round_=round_)
                    runs.append(run)
                    print(
                        f"  round {round_}, {count} users, {target.label}: "
                        f"{run['rps']:.1f} req/s, p95 {_fmt(run['p95_ms'])} ms, "
                        f"{run['errors']} errors"
                    )
        return runs


_FORWARDED = {"X-Forwarded-Proto": "https", "Accept-Language": "en"}


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes
    cookies: dict[str, str]


def _http(url: str, *, headers: dict, data: dict | None = None) -> _Answer:
    """One request, redirects not followed: its status, body and the cookies it set."""
    from http.cookies import SimpleCookie
    from urllib.parse import urlencode

    body = urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            status, content, set_cookies = (
                response.status,
                response.read(),
                response.headers.get_all("Set-Cookie") or [],
            )
    except urllib.error.HTTPError as error:
        status, content, set_cookies = (
            error.code,
            error.read(),
            error.headers.get_all("Set-Cookie") or [],
        )
    jar = SimpleCookie()
    for header in set_cookies:
        jar.load(header)
    return _Answer(status, content, {name: morsel.value for name, morsel in jar.items()})


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 round, 10 users, 2 schools")
    parser.add_argument("--schools", type=int, help="ordinary schools (50; 2 with --quick)")
    parser.add_argument("--rounds", type=int, help="rounds (3; 1 with --quick)")
    parser.add_argument("--users", help="comma-separated user counts (10,20; 10 with --quick)")
    parser.add_argument("--seconds", type=float, help="seconds per page per round (20; 3 quick)")
    parser.add_argument(
        "--big-school-pupils", type=int, default=1000, help="the large school's register (1000)"
    )
    parser.add_argument(
        "--growth",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="measure the pages at 1 school and at N first (on by default, off with --quick)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated prefixes of the page names to load (P is always loaded), "
        "e.g. voice_ for pupil voice's pages",
    )
    parser.add_argument("--port", type=int, default=0, help="the server's port (a free one)")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    args.schools = args.schools or (2 if args.quick else 50)
    args.rounds = args.rounds or (1 if args.quick else 3)
    args.users = [int(u) for u in (args.users or ("10" if args.quick else "10,20")).split(",")]
    args.seconds = args.seconds or (3 if args.quick else 20)
    if args.growth is None:
        args.growth = not args.quick
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    bench = Bench(args)

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    started = time.monotonic()
    finished = False
    try:
        growth = []
        if args.growth:
            bench.set_up(schools=1, big=0, small=0)
            bench.start_servers()
            pages = [t for t in chosen(targets_for(bench.manifest), args.only) if t.growth]
            print("Growth: the pages at 1 school")
            at_one = bench.rounds(pages, users=[10], rounds=1, seconds=args.seconds)
            bench.seed_scale(schools=args.schools, big=args.big_school_pupils, small=40)
            print(f"Growth: the pages at {args.schools} schools")
            at_n = bench.rounds(pages, users=[10], rounds=1, seconds=args.seconds)
            growth = growth_rows(at_one, at_n, args.schools)
        else:
            bench.set_up(schools=args.schools, big=args.big_school_pupils, small=40)
            bench.start_servers()
        targets = chosen(targets_for(bench.manifest), args.only)
        for target in targets:  # warm each page (and each worker's caches) before timing
            bench.probe(target)
        runs = bench.rounds(targets, users=args.users, rounds=args.rounds, seconds=args.seconds)
        figures = summarise(runs)
        document = results_document(
            figures=figures,
            growth=growth,
            machine=machine(bench.database_vendor(), bool(bench.redis_url)),
            settings={
                "quick": args.quick,
                "schools": args.schools,
                "rounds": args.rounds,
                "users": args.users,
                "seconds_per_page": args.seconds,
                "server": "uvicorn portal.asgi:application --workers 2, portal.settings.bench",
            },
            scale=bench.manifest.get("totals", {}),
        )
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print()
        print(table(figures, growth))
        print(f"\n{document['machine']}")
        print(f"Written to {args.output} in {time.monotonic() - started:.0f} s")
        finished = True
        failed = failed_pages(figures)
        for line in failed:
            print(f"FAILED: {line}")
        return 1 if failed else 0
    except KeyboardInterrupt:
        print("Interrupted: stopping the server and the worker")
        return 130
    finally:
        bench.stop_all()
        if not finished:
            kept = RESULTS / "failed-run-logs"
            shutil.copytree(bench.logs, kept, dirs_exist_ok=True)
            print(f"The server, worker, Locust and set-up logs are in {kept}")
        shutil.rmtree(bench.temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
