"""The attachments field and the rate-limited summary on a form page, in English and in Urdu,
at desktop width and at 320 px: no axe violations, nothing wider than the screen, and what was
typed still there after a 429. The page is the harness in tests/portal/files_urls.py."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.browser.test_calendar import check, visit
from tests.factories import PASSWORD
from tests.portal.test_files import harness  # noqa: F401

DESKTOP = {"width": 1280, "height": 900}


def docx_file() -> dict:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
    return {"name": "report.docx", "mimeType": "application/pdf", "buffer": out.getvalue()}


def sign_in_as_parent(page, base_url: str, user) -> None:
    visit(page, f"{base_url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    assert page.url == f"{base_url}/portal/"


def send(page, text: str, *files: dict) -> None:
    page.fill("input[name=note]", text)
    if files:
        page.set_input_files("input[name=attachments]", list(files))
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")


@pytest.mark.parametrize("language", ["", "/ur"])
def test_the_attachments_field_and_the_wait_are_accessible_and_fit_a_small_screen(
    live_server,
    world,
    harness,  # noqa: F811
    settings,
    page,
    language,
):
    settings.PORTAL_RATE_LIMITS = {"note_send": "1/h/user"}
    sign_in_as_parent(page, live_server.url, world.parent_1)
    url = f"{live_server.url}{language}/files-harness/{world.school_a.pk}/note/"
    failures = []

    page.set_viewport_size(DESKTOP)
    visit(page, url)
    direction = "rtl" if language == "/ur" else "ltr"
    assert page.evaluate("document.documentElement.dir") == direction
    failures += check(page, f"attachments field{language}", 1280)

    send(page, "Aisha came home upset", docx_file())
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#id_attachments-error").is_visible()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        failures += check(page, f"a refused file{language}", width)

    page.set_viewport_size(DESKTOP)
    send(page, "the first note")  # uses up the limit of one
    visit(page, url)
    send(page, "Aisha came home upset again")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("input[name=note]") == "Aisha came home upset again"
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        failures += check(page, f"a post refused for a wait{language}", width)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
