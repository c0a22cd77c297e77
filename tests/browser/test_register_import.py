"""The SENCO's register import in a real browser: the upload page and a preview with errors,
at desktop width and at 320 px (reflow, nothing scrolls sideways), checked by axe-core."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.conftest import assert_no_axe_violations, assert_reflows
from tests.browser.test_pages import set_width
from tests.conftest import sign_in

WIDTHS = [1280, 320]
at_width = pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])

BAD_FILE = (
    b"Legal first name,Legal last name,Preferred name,Date of birth,Year group,UPN,SEN status,"
    b"Areas of need,Home language\n"
    b"Maja,Nowak,,14/02/2019,Year 1,A123456789012,Monitoring,Communication and interaction,"
    b"Polish\n"
    b"Oluwaseun,Adeyemi-Featherstonehaugh,Seun,03/09/2017,Year 3,B123456789013,SEN Support,"
    b'"Communication and interaction; Social, emotional and mental health",English\n'
    b"Leo,Grant,,31/02/2016,Year 4,A123,Statement,Dyslexia,Klingon\n"
)


@pytest.fixture
def senco_browser(live_server, world, page):
    """A browser page signed in as school A's SENCO, second factor passed (the session comes
    from the test client, so these tests are about the import, not about signing in)."""
    client = sign_in(Client(), world.senco_a)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


@at_width
def test_upload_page_documents_the_columns_and_reflows(live_server, world, senco_browser, width):
    page = senco_browser
    set_width(page, width)
    response = page.goto(f"{live_server.url}/portal/schools/{world.school_a.pk}/")
    assert response.ok
    with page.expect_navigation():
        page.get_by_role("link", name="Import pupils from a CSV file").click()
    assert page.get_by_role("heading", name="Import pupils from a CSV file").is_visible()
    columns = page.locator("table tbody tr")
    assert columns.count() == 9
    assert page.get_by_role("link", name="Download a template CSV file").is_visible()
    assert_no_axe_violations(page, "import pupils: upload page")
    if width == 320:
        assert_reflows(page, "import pupils: upload page")

    # Submitting without a file names the field in a focused error summary.
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    summary = page.locator(".govuk-error-summary")
    assert "Choose a CSV file to upload" in summary.inner_text()
    assert page.title().startswith("Error:")
    page.wait_for_function(
        "document.activeElement && document.activeElement.matches('.govuk-error-summary')"
    )
    assert_no_axe_violations(page, "import pupils: upload page with an error")
    if width == 320:
        assert_reflows(page, "import pupils: upload page with an error")


@at_width
def test_preview_shows_each_bad_row_and_offers_no_import(live_server, world, senco_browser, width):
    page = senco_browser
    set_width(page, width)
    page.goto(f"{live_server.url}/portal/schools/{world.school_a.pk}/pupils/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "register.csv", "mimeType": "text/csv", "buffer": BAD_FILE}],
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()

    assert page.url.endswith("/pupils/import/check/")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Row 4: the date of birth 31/02/2016 is not a real date" in summary
    assert "Row 4: UPN A123 is not a valid unique pupil number" in summary
    assert page.locator(".govuk-summary-card").count() == 3
    assert page.locator("#row-4 .govuk-tag").inner_text().strip() == "Error"
    assert page.locator("#row-2 .govuk-tag").inner_text().strip() == "New pupil"
    assert page.get_by_role("button", name="Import these pupils").count() == 0
    page.wait_for_function(
        "document.activeElement && document.activeElement.matches('.govuk-error-summary')"
    )
    assert_no_axe_violations(page, "import pupils: preview with errors")
    if width == 320:
        assert_reflows(page, "import pupils: preview with errors")

    # The summary's links take the reader to the row.
    page.locator(".govuk-error-summary a", has_text="Row 4").first.click()
    assert page.evaluate("location.hash") == "#row-4"
