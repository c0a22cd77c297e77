"""The SENCO's and the trust lead's newer pages in Urdu, right to left, at 320 px: no axe
violations and nothing wider than the screen."""

from __future__ import annotations

import pytest

from tests.browser.test_calendar import calendar_rows, check, sign_in_with_backup_code, visit  # noqa: F401


def test_senco_pages_in_urdu_are_accessible_and_fit_a_small_screen(
    live_server,
    world,
    calendar_rows,  # noqa: F811
    page,
):
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    page.set_viewport_size({"width": 320, "height": 900})
    school = world.school_a.pk
    failures = []
    for label, path in [
        ("school calendar", f"/ur/portal/schools/{school}/calendar/"),
        ("add a closure", f"/ur/portal/schools/{school}/calendar/closures/new/"),
        ("register import", f"/ur/portal/schools/{school}/pupils/import/"),
        ("notifications", "/ur/portal/notifications/"),
        ("notification settings", "/ur/portal/notifications/settings/"),
    ]:
        visit(page, live_server.url + path)
        assert page.evaluate("document.documentElement.dir") == "rtl", label
        failures += check(page, f"{label} (Urdu)", 320)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_trust_term_dates_in_urdu_are_accessible_and_fit_a_small_screen(live_server, world, page):
    sign_in_with_backup_code(page, live_server.url, world.trust_lead)
    page.set_viewport_size({"width": 320, "height": 900})
    visit(page, f"{live_server.url}/ur/portal/trusts/{world.trust.pk}/calendar/term-dates/")
    failures = check(page, "set term dates for every school (Urdu)", 320)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
