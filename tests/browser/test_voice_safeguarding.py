"""The DSL's safeguarding pages in a real browser: the queue, a flag (with and without errors),
check-your-answers for resolving and the list of words pass axe at 1280 and 320 px and in Urdu,
and the DSL works a flag by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_pages import visit
from tests.voice.safeguarding_support import answer, response_for
from voice.models import FlagStatus, SafeguardingFlag

SIZES = [(1280, ""), (320, ""), (320, "/ur")]


def _flag(world):
    response = response_for(world.pupil_a1, questions=3)
    answer(response, "I like reading with Miss Jones", number=1)
    return answer(response, "My brother hit me and it is a secret", number=2)[1]


def _flag_changed_later(world):
    """A flag whose answer the pupil changed afterwards to words that no longer match."""
    response = response_for(world.pupil_a2, questions=2)
    flag = answer(response, "Dad hit me last night")[1]
    answer(response, "Everything is fine")
    return flag


def _check(page, label: str, failures: list[str]) -> None:
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_dsls_safeguarding_pages_pass_axe(live_server, world, new_page, width, prefix):
    flag = _flag(world)
    changed = _flag_changed_later(world)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.dsl_a)
    base = live_server.url + prefix
    failures: list[str] = []
    for label, path in [
        ("dashboard", "/portal/"),
        ("queue", f"/portal/schools/{world.school_a.pk}/safeguarding/"),
        ("flag", f"/portal/safeguarding/{flag.pk}/"),
        ("flag, words changed later", f"/portal/safeguarding/{changed.pk}/"),
        ("resolve", f"/portal/safeguarding/{flag.pk}/resolve/"),
        ("words", f"/portal/schools/{world.school_a.pk}/safeguarding/words/"),
    ]:
        visit(page, base + path)
        _check(page, label, failures)

    visit(page, base + f"/portal/safeguarding/{flag.pk}/resolve/")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _check(page, "resolve with errors", failures)

    page.check("#id_parents_may_see_1")
    page.fill("#id_note", "Spoke to the family; referred to social care.")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    expect(page.locator("h1")).to_have_count(1)
    _check(page, "resolve check your answers", failures)

    visit(page, base + f"/portal/schools/{world.school_a.pk}/safeguarding/words/")
    page.fill("#id_phrases", "hit me\nx")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _check(page, "words with errors", failures)
    assert failures == []


def test_the_dsl_acknowledges_and_resolves_a_flag_by_keyboard(live_server, world, new_page):
    flag = _flag(world)
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.dsl_a)
    visit(page, live_server.url + f"/portal/safeguarding/{flag.pk}/")
    page.locator("button", has_text="Acknowledge").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert SafeguardingFlag.objects.get(pk=flag.pk).status == FlagStatus.ACKNOWLEDGED
    page.locator("a", has_text="Resolve the flag").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("#id_parents_may_see_1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Checked with the class teacher.")
    with page.expect_navigation():
        page.locator("#main-form button[type=submit]").press("Enter")
    with page.expect_navigation():
        page.locator("button[name=confirm][value=yes]").press("Enter")
    resolved = SafeguardingFlag.objects.get(pk=flag.pk)
    assert resolved.status == FlagStatus.RESOLVED
    assert resolved.parents_may_see is False
