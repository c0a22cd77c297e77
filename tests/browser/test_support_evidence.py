"""The evidence pack's page for a PDF asked for too often, in a real browser: it says how long to
wait, links to the print view, and passes axe at 1280 and 320 px and in Urdu."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_failures
from tests.browser.test_pages import sign_in_through_ui
from tests.support.evidence import builders

SIZES = [(1280, ""), (320, ""), (320, "/ur")]


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_wait_before_making_the_pdf_again_passes_axe(
    live_server, world, new_page, settings, width, prefix
):
    # No PDF allowed at all: the first asking already gets the page (a PDF takes seconds).
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "evidence_pdf": "0/h/user"}
    builders.cycle(world.pupil_a1, number=1, status="active")
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_through_ui(page, live_server.url, world.parent_1.email, prefix=prefix)
    url = f"{live_server.url}{prefix}/portal/pupils/{world.pupil_a1.pk}/evidence-pack.pdf"
    response = page.goto(url)
    assert response is not None and response.status == 429
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(f"a[href$='/pupils/{world.pupil_a1.pk}/evidence-pack/']")).to_be_visible()
    failure = axe_failures(page, f"evidence pack PDF wait {width}{prefix}")
    assert failure == "", failure
