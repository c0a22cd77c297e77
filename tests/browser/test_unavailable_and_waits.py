"""The pages a person meets when something is wrong: the service-unavailable page while the
database is down, and the sign-in page asking them to wait after too many wrong passwords. Both
in a real browser, at 1280 and 320 px and in Urdu: no axe violations, nothing wider than the
screen, and the message in the reader's language."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.browser.conftest import axe_failures
from tests.browser.test_pages import screenshot
from tests.conftest import ensure_home_page

WIDTHS = [1280, 320]


@contextmanager
def database_down():
    """Every query, in every thread (the live server's too), fails as it does when PostgreSQL
    is down or has no connection slots left. Queries are refused rather than connections,
    because the live server shares the test's open in-memory SQLite connection."""

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    original = BaseDatabaseWrapper._cursor
    BaseDatabaseWrapper._cursor = refuse
    try:
        yield
    finally:
        BaseDatabaseWrapper._cursor = original


def check_at_each_width(page, label: str) -> list[str]:
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        failure = axe_failures(page, f"{label} at {width} px")
        if failure:
            failures.append(failure)
    return failures


def test_the_service_unavailable_page_is_accessible_in_english_and_urdu(live_server, page):
    ensure_home_page()
    failures = []
    with database_down():
        for prefix, heading, direction in [
            ("", "Sorry, the service is unavailable", "ltr"),
            ("/ur", "معذرت، سروس دستیاب نہیں ہے", "rtl"),
        ]:
            response = page.goto(f"{live_server.url}{prefix}/accounts/login/")
            assert response is not None and response.status == 503
            assert response.headers["retry-after"] == "120"
            assert page.locator("h1").inner_text() == heading
            assert page.evaluate("document.documentElement.dir") == direction
            failures += check_at_each_width(page, f"service unavailable ({prefix or 'en'})")
            screenshot(page, f"service-unavailable-{prefix.strip('/') or 'en'}-320")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def try_wrong_password(page, url: str, email: str):
    page.goto(url)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "not-the-password-at-all")
    with page.expect_navigation() as navigation:
        page.click("#main-form button[type=submit]")
    return navigation.value


def test_the_sign_in_wait_is_explained_accessibly_in_english_and_urdu(live_server, world, page):
    url = f"{live_server.url}/accounts/login/"
    for _ in range(5):
        assert try_wrong_password(page, url, world.senco_a.email).status == 200

    refused = try_wrong_password(page, url, world.senco_a.email)

    assert refused.status == 429
    summary = page.locator(".govuk-error-summary")
    assert "Wait 30 seconds, then try again" in summary.inner_text()
    # The summary's link takes the keyboard to the form.
    assert summary.locator("a").count() >= 1
    failures = check_at_each_width(page, "sign-in wait")

    refused_in_urdu = try_wrong_password(
        page, f"{live_server.url}/ur/accounts/login/", world.senco_a.email
    )

    assert refused_in_urdu.status == 429
    assert "انتظار کریں" in page.locator(".govuk-error-summary").inner_text()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    failures += check_at_each_width(page, "sign-in wait (Urdu)")
    screenshot(page, "sign-in-wait-ur-320")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
