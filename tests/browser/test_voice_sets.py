"""Question sets in a real browser: the lists, a set's page, the copy and the question and card
editors (with their error states) pass axe at 1280 and 320 px and in Urdu, and a SENCO adds a
question by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.audit.actors import AuditContext
from portal.people.models import StaffRole
from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_pages import visit
from tests.factories import StaffMembershipFactory
from voice.models import QuestionSet, SetScope
from voice.sets import services

SIZES = [(1280, ""), (320, ""), (320, "/ur")]


def built_in(key: str) -> QuestionSet:
    return QuestionSet.objects.get(scope=SetScope.BUILT_IN, key=key)


def checked(page, base: str, label: str, path: str, failures: list[str]) -> None:
    visit(page, base + path)
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)


def submitted_with_errors(page, label: str, failures: list[str]) -> None:
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failure = axe_failures(page, f"{label} with errors")
    if failure:
        failures.append(failure)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_sencos_set_pages_and_editors_pass_axe(live_server, world, new_page, width, prefix):
    copy = services.question_set_copy(
        actor=world.senco_a,
        context=AuditContext(),
        source=built_in("all_about_me"),
        school=world.school_a,
    )
    sort = copy.questions.get(kind="sort")
    card = sort.options.first()
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    base = live_server.url + prefix
    one_set = f"/portal/question-sets/{copy.pk}"
    failures: list[str] = []
    for label, path in [
        ("dashboard", "/portal/"),
        ("school's question sets", f"/portal/schools/{world.school_a.pk}/question-sets/"),
        ("built-in set", f"/portal/question-sets/{built_in('before_my_review').pk}/"),
        ("school's copy", f"{one_set}/"),
        ("mark ready", f"{one_set}/ready/"),
        ("archive", f"{one_set}/archive/"),
        ("remove a question", f"{one_set}/questions/{sort.pk}/delete/"),
    ]:
        checked(page, base, label, path, failures)
    checked(page, base, "copy, one place to copy to", f"{one_set}/copy/", failures)
    StaffMembershipFactory(user=world.senco_a, school=world.school_b, role=StaffRole.SENCO)
    two_places = f"/portal/question-sets/{built_in('all_about_me').pk}/copy/"
    checked(page, base, "copy, two places to copy to", two_places, failures)
    submitted_with_errors(page, "copy", failures)
    checked(page, base, "change the set", f"{one_set}/edit/", failures)
    page.fill("#id_title", "")
    submitted_with_errors(page, "change the set", failures)
    checked(page, base, "add a question", f"{one_set}/questions/add/", failures)
    submitted_with_errors(page, "add a question", failures)
    checked(page, base, "change a question", f"{one_set}/questions/{sort.pk}/", failures)
    page.fill("#id_text", "What do you think about your individual education plan objectives?")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner")).to_have_count(2)
    failure = axe_failures(page, "set page with advice on a question's wording")
    if failure:
        failures.append(failure)
    checked(page, base, "add a card", f"{one_set}/questions/{sort.pk}/cards/add/", failures)
    submitted_with_errors(page, "add a card", failures)
    checked(
        page, base, "change a card", f"{one_set}/questions/{sort.pk}/cards/{card.pk}/", failures
    )
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_trusts_set_list_passes_axe(live_server, world, new_page, width, prefix):
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.trust_lead)
    failures: list[str] = []
    checked(
        page,
        live_server.url + prefix,
        "trust's question sets",
        f"/portal/trusts/{world.trust.pk}/question-sets/",
        failures,
    )
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def _tab_to(page, test: str, limit: int = 400) -> None:
    """Press Tab until `test` (a JavaScript expression on `el`) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {test}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def test_a_senco_adds_a_question_and_marks_the_set_ready_by_keyboard(live_server, world, page):
    copy = services.question_set_copy(
        actor=world.senco_a,
        context=AuditContext(),
        source=built_in("before_my_review"),
        school=world.school_a,
    )
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    visit(page, f"{live_server.url}/portal/question-sets/{copy.pk}/")
    _tab_to(page, "el.textContent.trim() === 'Add a question'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "el.id === 'id_kind_0'")
    for _ in range(3):  # feelings, sort, choice, yes / no
        page.keyboard.press("ArrowDown")
    _tab_to(page, "el.id === 'id_text'")
    page.keyboard.type("Do you like the playground?")
    _tab_to(page, "el.name === 'symbol'")
    page.keyboard.press("ArrowDown")  # the first symbol after "No symbol"
    _tab_to(page, "el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".app-set-questions")).to_contain_text("Do you like the playground?")
    question = copy.questions.get(text="Do you like the playground?")
    assert question.kind == "yes_no"
    assert question.symbol != ""
    _tab_to(page, "el.textContent.trim() === 'Mark as ready to use'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "el.textContent.trim() === 'Mark as ready'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    copy.refresh_from_db()
    assert copy.status == "ready"
