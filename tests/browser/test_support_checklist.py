"""The provision map and the Code of Practice checklist in a real browser: every page, and the
intervention form's error state, pass axe at 1280 and 320 px and in Urdu, and nothing scrolls
sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.support.meetings.models import MeetingKind
from portal.support.plans.models import ProvisionType
from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_pages import visit
from tests.support.checklist import builders as b

SIZES = [(1280, ""), (320, ""), (320, "/ur")]


def _records(world):
    """An intervention that shows no progress, a pupil on it, and a checklist with every
    answer: met, not met and does not apply."""
    weak = b.intervention(world.school_a, "Reading catch-up group", cost_per_term="300.00")
    first = b.cycle(
        world.pupil_a1, support=((ProvisionType.ADDITIONAL, weak),), started_days_ago=90
    )
    b.review(first, scores=(1,))
    b.cycle(world.pupil_a1, number=2, previous=first, support=((ProvisionType.ADDITIONAL, weak),))
    b.notice(world.pupil_a1)
    b.meeting(world.pupil_a1, kind=MeetingKind.EARLY_DISCUSSION)
    return weak


def _check(page, base: str, label: str, path: str, failures: list[str]) -> None:
    visit(page, base + path)
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_sencos_checklist_and_provision_map_pages_pass_axe(
    live_server, world, new_page, width, prefix
):
    weak = _records(world)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    base = live_server.url + prefix
    school = world.school_a.pk
    failures: list[str] = []
    for label, path in [
        ("dashboard", "/portal/"),
        ("pupil page", f"/portal/pupils/{world.pupil_a1.pk}/"),
        ("pupil checklist", f"/portal/pupils/{world.pupil_a1.pk}/checklist/"),
        ("school summary", f"/portal/schools/{school}/checklist/"),
        (
            "school summary filtered",
            f"/portal/schools/{school}/checklist/?check=notified&state=not_met",
        ),
        ("governors' report", f"/portal/schools/{school}/checklist/governors/"),
        ("provision map", f"/portal/schools/{school}/provision-map/"),
        ("intervention", f"/portal/interventions/{weak.pk}/"),
        ("archive", f"/portal/interventions/{weak.pk}/archive/"),
        ("edit intervention", f"/portal/interventions/{weak.pk}/edit/"),
        ("add intervention", f"/portal/schools/{school}/provision-map/new/"),
    ]:
        _check(page, base, label, path, failures)
    # The add form's error state: nothing filled in.
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failure = axe_failures(page, "add intervention with errors")
    if failure:
        failures.append(failure)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_trust_leads_checklist_pages_pass_axe(live_server, world, new_page, width, prefix):
    _records(world)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.trust_lead)
    base = live_server.url + prefix
    failures: list[str] = []
    for label, path in [
        ("trust counts", f"/portal/trusts/{world.trust.pk}/checklist/"),
        (
            "governors' report, counts only",
            f"/portal/schools/{world.school_a.pk}/checklist/governors/",
        ),
    ]:
        _check(page, base, label, path, failures)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_the_governors_report_shows_the_pupils_behind_a_count_when_opened(
    live_server, world, new_page
):
    _records(world)
    page = new_page()
    sign_in_with_backup_code(page, live_server.url, world.head_a)
    visit(page, f"{live_server.url}/portal/schools/{world.school_a.pk}/checklist/governors/")
    names = page.get_by_role("link", name="Leo Williams").first
    expect(names).to_be_hidden()
    page.get_by_text("The pupil who has not met it").first.click()
    expect(names).to_be_visible()
