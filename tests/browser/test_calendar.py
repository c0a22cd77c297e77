"""The school calendar in a real browser: a SENCO adds a term through the form, the pages pass
axe's WCAG 2.2 AA rules at 1280 and 320 px, and nothing is wider than the screen at 320 px."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from portal.lib.school_days import school_year_of
from portal.schools.models import ClosureKind, SchoolClosure, TermDate
from tests.browser.conftest import assert_no_axe_violations, assert_reflows, axe_failures
from tests.browser.test_pages import visit
from tests.conftest import give_backup_codes
from tests.factories import PASSWORD

WIDTHS = [1280, 320]
BACKUP_CODE = "calend2345"
NEXT = school_year_of(timezone.localdate()) + 1

at_width = pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])


def sign_in_with_backup_code(page, base_url: str, user) -> None:
    give_backup_codes(user, BACKUP_CODE)
    visit(page, f"{base_url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    page.fill("input[name=token]", BACKUP_CODE)
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    assert page.url == f"{base_url}/portal/"


def check(page, label: str, width: int) -> list[str]:
    failures = []
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)
    if width == 320:
        assert_reflows(page, label)
    return failures


@pytest.fixture
def calendar_rows(world):
    TermDate.objects.create(
        school=world.school_a,
        name="Autumn 1",
        starts_on=datetime.date(NEXT, 9, 1),
        ends_on=datetime.date(NEXT, 10, 22),
    )
    wednesday = datetime.date(NEXT, 9, 1)
    wednesday += datetime.timedelta(days=(2 - wednesday.weekday()) % 7)
    return SchoolClosure.objects.create(
        school=world.school_a, date=wednesday, kind=ClosureKind.INSET, reason="Staff training"
    )


@at_width
def test_senco_calendar_pages_are_accessible_and_fit_the_screen(
    live_server, world, calendar_rows, page, width
):
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    page.set_viewport_size({"width": width, "height": 900})
    base = f"{live_server.url}/portal/schools/{world.school_a.pk}/calendar/"
    term = TermDate.objects.get(school=world.school_a)
    failures = []
    for label, url in [
        ("school calendar", base),
        ("add a term", f"{base}terms/new/"),
        ("add a closure", f"{base}closures/new/"),
        ("remove a term", f"{base}terms/{term.pk}/remove/"),
        ("remove a closure", f"{base}closures/{calendar_rows.pk}/remove/"),
    ]:
        visit(page, url)
        failures += check(page, label, width)

    visit(page, f"{base}terms/new/")
    page.fill("#id_name", "Autumn 2")
    page.fill("#id_starts_on_0", "30")
    page.fill("#id_starts_on_1", "2")
    page.fill("#id_starts_on_2", str(NEXT))
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    summary = page.locator(".govuk-error-summary")
    assert "The first day of term must be a real date" in summary.inner_text()
    assert "Enter the last day of term" in summary.inner_text()
    assert page.title().startswith("Error:")
    failures += check(page, "add a term, with errors", width)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_senco_adds_a_term_with_the_date_inputs(live_server, world, page):
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    with page.expect_navigation():
        page.click("text=School calendar: Riverside Primary")
    with page.expect_navigation():
        page.click("text=Add a term")
    page.fill("#id_name", "Autumn 2")
    for prefix, day in (("starts_on", "2"), ("ends_on", "17")):
        page.fill(f"#id_{prefix}_0", day)
        page.fill(f"#id_{prefix}_1", "11" if prefix == "starts_on" else "12")
        page.fill(f"#id_{prefix}_2", str(NEXT))
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    assert "Autumn 2 added." in page.locator(".govuk-notification-banner").inner_text()
    assert f"2 November {NEXT} to 17 December {NEXT}" in page.inner_text("main")
    assert_no_axe_violations(page, "school calendar after adding a term")


@at_width
def test_trust_calendar_pages_are_accessible_and_fit_the_screen(live_server, world, page, width):
    sign_in_with_backup_code(page, live_server.url, world.trust_lead)
    page.set_viewport_size({"width": width, "height": 900})
    base = f"{live_server.url}/portal/trusts/{world.trust.pk}/calendar/"
    failures = []
    visit(page, base)
    failures += check(page, "trust term dates", width)
    visit(page, f"{base}term-dates/")
    failures += check(page, "set term dates for every school", width)
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    assert "Select the school year" in page.locator(".govuk-error-summary").inner_text()
    failures += check(page, "set term dates for every school, with errors", width)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
