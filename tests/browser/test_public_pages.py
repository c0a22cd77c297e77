"""The public pages of each school, in a real browser: 0 axe violations at 1280 and 320 px,
the report's contents list works by keyboard, and the pages need no JavaScript."""

import pytest

from tests.browser.test_pages import at_width, check_pages, set_width, visit
from tests.content.conftest import site  # noqa: F401 - the public pages fixture


@at_width
def test_every_public_page_type_has_no_axe_violations(live_server, site, page, width):  # noqa: F811
    set_width(page, width)
    check_pages(
        page,
        live_server.url,
        [
            ("home page", site.home.url),
            ("school page", site.page_a.url),
            ("SEN information report", site.report_a.url),
            ("guidance page", site.guidance.url),
            ("search results", site.page_a.url + "search/?q=support"),
        ],
    )


def test_the_reports_contents_list_takes_a_keyboard_user_to_the_section(
    live_server,
    site,  # noqa: F811
    page,
):
    visit(page, live_server.url + site.report_a.url)
    link = page.locator('nav.app-contents a[href="#sir-9"]')
    link.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#sir-9")
    assert page.locator("#sir-9").is_visible()


def test_the_report_reads_without_javascript(live_server, site, new_page):  # noqa: F811
    page = new_page(java_script_enabled=False)
    visit(page, live_server.url + site.report_a.url)
    assert "Content for SIR-12." in page.inner_text("main")
    assert page.locator("aside.app-advice-panel").count() == 1


@pytest.mark.parametrize("media", ["print"])
def test_the_report_prints_without_navigation(live_server, site, page, media):  # noqa: F811
    visit(page, live_server.url + site.report_a.url)
    page.emulate_media(media=media)
    assert not page.locator(".govuk-language-navigation").is_visible()
    assert page.locator("#sir-1").is_visible()
