"""Asking a pupil for their views in a real browser: /voice/ and the staff's pages pass axe at
1280 and 320 px and in Urdu, a code is typed by keyboard alone, and the card prints on one page
of A5."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_pages import visit
from tests.factories import MeetingFactory
from tests.voice.asking_helpers import ask, built_in_set
from voice.models import ViewsRequest

SIZES = [(1280, ""), (320, ""), (320, "/ur")]


def _checked(page, url: str, label: str, failures: list[str]) -> None:
    visit(page, url)
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)


def _submitted(page, label: str, failures: list[str]) -> None:
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failure = axe_failures(page, f"{label} with errors")
    if failure:
        failures.append(failure)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_code_page_passes_axe_with_and_without_errors(
    live_server, world, new_page, width, prefix, settings
):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "voice_code": "2/10m/ip"}
    page = new_page(viewport={"width": width, "height": 900})
    base = live_server.url + prefix
    failures: list[str] = []
    _checked(page, f"{base}/voice/?code=ACEF3479", "code page", failures)
    page.fill("#id_code", "")
    _submitted(page, "code page, empty", failures)
    page.fill("#id_code", "ACEF 3479")
    _submitted(page, "code page, wrong code", failures)
    page.fill("#id_code", "ACEF 3479")
    _submitted(page, "code page, too many tries", failures)
    _checked(page, f"{base}/voice/stop/", "stopped page", failures)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_a_code_is_typed_and_sent_with_the_keyboard_alone(live_server, world, page):
    views_request = ask(world.senco_a, world.pupil_a1)
    visit(page, f"{live_server.url}/voice/")
    page.keyboard.press("Tab")  # the skip link
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_code":
            break
    assert page.evaluate("document.activeElement.id") == "id_code"
    page.keyboard.type(views_request.code.lower()[:4] + " " + views_request.code.lower()[4:])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/voice/start/")
    assert ViewsRequest.objects.get().status == "started"


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_staff_pages_pass_axe(live_server, world, new_page, width, prefix):
    built_in_set()
    MeetingFactory(pupil=world.pupil_a1)
    views_request = ask(world.senco_a, world.pupil_a1)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    base = live_server.url + prefix
    pupil = f"/portal/pupils/{world.pupil_a1.pk}"
    r = f"/portal/views-requests/{views_request.pk}"
    failures: list[str] = []
    for label, path in [
        ("pupil page", f"{pupil}/"),
        ("pupil's views", f"{pupil}/views/"),
        ("card", f"{r}/card/"),
        ("supervise", f"{r}/supervise/"),
        ("cancel", f"{r}/cancel/"),
    ]:
        _checked(page, base + path, label, failures)
    _checked(page, f"{base}{pupil}/views/new/", "ask for views", failures)
    page.fill("#id_expires_in_days", "40")
    _submitted(page, "ask for views", failures)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize("prefix", ["", "/ur"])
def test_the_card_prints_on_one_page_of_a5(live_server, world, page, prefix):
    world.pupil_a1.preferred_name = "Ash"
    world.pupil_a1.save()
    views_request = ask(world.senco_a, world.pupil_a1)
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    visit(page, f"{live_server.url}{prefix}/portal/views-requests/{views_request.pk}/card/")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert 145 < width_mm < 151  # A5 is 148 mm wide
    text = " ".join(reader.pages[0].extract_text().split())
    assert views_request.code[:4] in text and "Ash" in text and "Khan" not in text
