"""Browser fixtures: Debian's Chromium driven by Playwright, and an axe-core accessibility check.

Every test in this folder is marked `browser` and put in the `browser` xdist group, so that with
`--dist loadgroup` one worker owns the single Chromium process.

Run them with `pytest tests/browser` (add `-p no:xdist` or `-n 2 --dist loadgroup`). The
front-end must be built first (`npm run build`) and axe-core installed (`npm ci`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUILT_CSS = REPO_ROOT / "assets" / "dist" / "css" / "main.css"
DESKTOP = {"width": 1280, "height": 900}
REFLOW_WIDTH = 320
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_configure(config):
    # pytest-xdist declares this marker; declare it too for runs with `-p no:xdist`.
    config.addinivalue_line("markers", "xdist_group(name): run in the same xdist worker")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the whole browser folder: the session's browser, in practice.

    Scoped to this package rather than to the session on purpose. While Playwright's sync API
    is open it keeps an asyncio loop running on the test thread, so Django's ORM (without
    DJANGO_ALLOW_ASYNC_UNSAFE) and asgiref's `async_to_sync` (channels tests) refuse to work
    on it. Closing the browser when the last test of this folder ends keeps every other test in
    the same process, before or after, free of that loop and of the environment variable.
    """
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium package.")
    if not BUILT_CSS.exists():
        _unavailable(f"{BUILT_CSS} is missing: run `npm run build` first.")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _audit_rows_cleared_before_flush(transactional_db):
    """Live-server tests end with a flush (DELETE on SQLite) of every table. Should the audit
    table carry append-only triggers that refuse deletes, empty it with them briefly lifted,
    before the flush runs, and put them straight back. PostgreSQL's flush truncates, which row
    triggers do not see."""
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["audit_auditevent"],
        )
        triggers = cursor.fetchall()
        if not triggers:
            return
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            cursor.execute("DELETE FROM audit_auditevent")
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)


@pytest.fixture
def new_page(browser) -> Iterator[Callable]:
    """`new_page(**context_options)` opens a page in a fresh context (its own cookies)."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    _wait_for_the_live_servers_last_requests()


def _wait_for_the_live_servers_last_requests(timeout: float = 5.0) -> None:
    """Pages with live regions fetch themselves again when they catch up (every poll, since the
    test server has no sockets), so a request may still be running in the live server's thread
    when the page closes. On SQLite's shared in-memory database its open transaction locks the
    session table, and the flush that ends the test would fail: wait until it has finished."""
    from django.db import OperationalError, connection

    if connection.vendor != "sqlite":
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM django_session WHERE 0")
            return
        except OperationalError:
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)


@pytest.fixture
def page(new_page):
    return new_page()


def _axe_source() -> str:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci`.", pytrace=False)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def run_axe(page) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page; return the violations.

    The script is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy (no inline scripts) does not govern.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
                summary: v.nodes.length ? v.nodes[0].failureSummary : '',
                count: v.nodes.length,
            }));
        }""",
        WCAG_TAGS,
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['count']} element(s)] {violation['helpUrl']}"
        )
        lines.extend(f"    at {target}" for target in violation["targets"])
        if violation["summary"]:
            lines.extend(f"    {line}" for line in violation["summary"].splitlines())
    return "\n".join(lines)


def reflow_failure(page, label: str) -> str:
    """WCAG 1.4.10 Reflow: at 320 CSS px nothing may scroll sideways. Narrows the page to
    320 px if it is wider, measures the document, and puts the width back. Returns "" when the
    page reflows, else the widths and the elements that stick out."""
    size = page.viewport_size or DESKTOP
    if size["width"] != REFLOW_WIDTH:
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
    try:
        measured = page.evaluate(
            """() => {
                const view = window.innerWidth;
                const wide = [];
                for (const element of document.body.querySelectorAll('*')) {
                    const box = element.getBoundingClientRect();
                    const spills = element.clientWidth && element.scrollWidth > view;
                    if (spills || (box.width && (box.right > view + 1 || box.left < -1))) {
                        const classes = [...element.classList].map((c) => '.' + c).join('');
                        const id = element.id ? '#' + element.id : '';
                        const name = element.tagName.toLowerCase() + id + classes;
                        wide.push(`${name} (${Math.round(box.left)}..${Math.round(box.right)})`);
                    }
                }
                return {
                    document: document.documentElement.scrollWidth,
                    view: view,
                    wide: wide.slice(-8),
                };
            }"""
        )
    finally:
        if size["width"] != REFLOW_WIDTH:
            page.set_viewport_size(size)
    if measured["document"] <= measured["view"]:
        return ""
    wide = "\n".join(f"    {element}" for element in measured["wide"])
    return (
        f"{label} ({page.url}) scrolls sideways at {REFLOW_WIDTH} px: the document is "
        f"{measured['document']} px wide in a {measured['view']} px window. Too wide:\n{wide}"
    )


def assert_reflows(page, label: str) -> None:
    failure = reflow_failure(page, label)
    if failure:
        pytest.fail(failure, pytrace=False)


def axe_failures(page, label: str) -> str:
    """A readable account of the page's violations, or "" when there are none. Every page
    checked here is also checked for reflow at 320 px (see `reflow_failure`)."""
    violations = run_axe(page)
    failures = [reflow_failure(page, label)]
    if violations:
        size = page.viewport_size or {}
        failures.append(
            f"axe found {len(violations)} WCAG violation(s) on {label} "
            f"({page.url}, {size.get('width')} px wide):\n{format_violations(violations)}"
        )
    return "\n".join(failure for failure in failures if failure)


def assert_no_axe_violations(page, label: str) -> None:
    failure = axe_failures(page, label)
    if failure:
        pytest.fail(failure, pytrace=False)
