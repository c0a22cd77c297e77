"""Support plans in a real browser: the parent's and the SENCO's pages, and every form's error
state, pass axe at 1280 and 320 px and in Urdu, and reflow at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.audit.actors import AuditContext
from portal.support.plans import services
from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_pages import sign_in_through_ui, visit
from tests.factories import make_plan, review_plan

SIZES = [(1280, ""), (320, ""), (320, "/ur")]


def two_cycles(world):
    """Pupil A1: cycle 1 reviewed with progress, cycle 2 under way and shared."""
    first = make_plan(
        world.pupil_a1,
        world.senco_a,
        outcomes=("Uses sentences of five words to ask for help", "Retells a short story"),
        support=(("Talk Boost language group", "additional"), ("Word mat on the desk", "core")),
    )
    review_plan(first, world.senco_a, scores={"Retells a short story": 5})
    return make_plan(
        world.pupil_a1,
        world.senco_a,
        support=(("Writing frames with picture prompts", "core"),),
    )


def checked(page, base: str, label: str, path: str, failures: list[str]) -> None:
    visit(page, base + path)
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)


def submit_empty(page, label: str, failures: list[str], *, clear: tuple[str, ...] = ()) -> None:
    for selector in clear:
        page.fill(selector, "")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failure = axe_failures(page, f"{label} with errors")
    if failure:
        failures.append(failure)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_parents_plan_pages_pass_axe(live_server, world, new_page, width, prefix):
    two_cycles(world)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_through_ui(page, live_server.url, world.parent_1.email, prefix=prefix)
    base = live_server.url + prefix
    failures: list[str] = []

    checked(
        page, base, "child page with the plan", f"/portal/pupils/{world.pupil_a1.pk}/", failures
    )
    expect(page.locator("#pupil-plan-panel svg[role=img]").first).to_be_visible()
    checked(page, base, "plan page", f"/portal/pupils/{world.pupil_a1.pk}/plan/", failures)
    expect(page.locator("#plan-changes-heading")).to_be_visible()
    page.click(".govuk-details__summary")
    failure = axe_failures(page, "plan page, earlier cycle open")
    if failure:
        failures.append(failure)

    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_sencos_plan_pages_and_their_errors_pass_axe(
    live_server, world, new_page, width, prefix
):
    cycle = two_cycles(world)
    outcome = cycle.outcomes.first()
    item = cycle.support_items.first()
    draft = services.cycle_start(actor=world.senco_a, context=AuditContext(), pupil=world.pupil_a2)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    base = live_server.url + prefix
    failures: list[str] = []

    for label, path in [
        ("plan page (SENCO)", f"/portal/pupils/{world.pupil_a1.pk}/plan/"),
        ("plan page, draft", f"/portal/pupils/{world.pupil_a2.pk}/plan/"),
        ("remove an outcome", f"/portal/plans/outcomes/{outcome.pk}/remove/"),
        ("remove support", f"/portal/plans/support/{item.pk}/remove/"),
        ("who sees each section", f"/portal/plans/{cycle.pk}/who-sees/"),
        ("change an outcome", f"/portal/plans/outcomes/{outcome.pk}/"),
        ("change support", f"/portal/plans/support/{item.pk}/"),
    ]:
        checked(page, base, label, path, failures)
    for label, path, clear in [
        ("assessment", f"/portal/plans/{cycle.pk}/assessment/", ("#id_needs",)),
        ("impact and review date", f"/portal/plans/{cycle.pk}/impact/", ("#id_expected_impact",)),
        ("add an outcome", f"/portal/plans/{cycle.pk}/outcomes/new/", ()),
        ("add support", f"/portal/plans/{cycle.pk}/support/new/", ()),
        ("review", f"/portal/plans/{cycle.pk}/review/", ()),
        ("share an incomplete plan", f"/portal/plans/{draft.pk}/share/", ()),
    ]:
        checked(page, base, label, path, failures)
        submit_empty(page, label, failures, clear=clear)

    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_a_teacher_reads_the_plan_without_edit_links(live_server, world, new_page):
    two_cycles(world)
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.teacher_a)
    visit(page, f"{live_server.url}/portal/pupils/{world.pupil_a1.pk}/plan/")
    expect(page.locator("h1")).to_contain_text("support plan")
    expect(page.get_by_text("Add an outcome")).to_have_count(0)
    failure = axe_failures(page, "plan page (teacher)")
    if failure:
        pytest.fail(failure, pytrace=False)
