"""Every page of the portal, in a real browser: WCAG 2.2 AA by axe-core at desktop and at
320 px (reflow), keyboard-only sign-in, right-to-left Urdu, and pages that work without JavaScript.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import assert_no_axe_violations, assert_reflows, axe_failures
from tests.conftest import ensure_home_page, give_backup_codes
from tests.factories import PASSWORD

WIDTHS = [1280, 320]
BACKUP_CODE = "browsr2345"


at_width = pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])


def set_width(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})


def visit(page, url: str):
    """Open the page, check it answered, and check that it reflows at 320 px."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    assert_reflows(page, url)
    return response


def sign_in_through_ui(page, base_url: str, email: str, *, prefix: str = "") -> None:
    """Fill in the real sign-in form and submit it, as a person would."""
    visit(page, f"{base_url}{prefix}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")


def check_pages(page, base_url: str, pages: list[tuple[str, str]]) -> None:
    """Visit each (label, path) and fail once, listing every page's violations."""
    failures = []
    for label, path in pages:
        visit(page, f"{base_url}{path}")
        failure = axe_failures(page, label)
        if failure:
            failures.append(failure)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def expect_advice_panel(page, iass_name: str) -> None:
    panel = page.locator("aside.app-advice-panel")
    assert panel.count() >= 1, f"no advice panel on {page.url}"
    assert "Independent advice" in panel.first.inner_text()
    assert iass_name in panel.first.inner_text()


@pytest.fixture
def senco_with_backup_code(world):
    give_backup_codes(world.senco_a, BACKUP_CODE)
    return world.senco_a


@pytest.fixture
def senco_page(live_server, senco_with_backup_code, page):
    """A page signed in as the SENCO through the UI, second factor passed with a backup code."""
    sign_in_through_ui(page, live_server.url, senco_with_backup_code.email)
    assert "/portal/2fa/verify/" in page.url
    page.fill("input[name=token]", BACKUP_CODE)
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    assert page.url == f"{live_server.url}/portal/"
    return page


# Parents ------------------------------------------------------------------------------------


@at_width
def test_parent_signs_in_and_parent_pages_have_no_axe_violations(live_server, world, page, width):
    set_width(page, width)
    sign_in_through_ui(page, live_server.url, world.parent_1.email)

    assert page.url == f"{live_server.url}/portal/"
    children = page.locator(".app-card__heading").all_inner_texts()
    assert "Aisha Khan" in children
    assert "Sam Khan" in children
    expect_advice_panel(page, "Northshire SENDIASS")
    assert_no_axe_violations(page, "parent dashboard")

    visit(page, f"{live_server.url}/portal/pupils/{world.pupil_a1.pk}/")
    assert page.locator("h1").inner_text() == "Aisha Khan"
    expect_advice_panel(page, "Northshire SENDIASS")
    assert_no_axe_violations(page, "parent's view of a child")


def test_pupil_page_works_without_javascript(live_server, world, new_page):
    page = new_page(java_script_enabled=False)
    sign_in_through_ui(page, live_server.url, world.parent_1.email)
    assert page.url == f"{live_server.url}/portal/"
    assert "js-enabled" not in (page.get_attribute("body", "class") or "")

    page.click("text=Aisha Khan")
    page.wait_for_url(f"{live_server.url}/portal/pupils/{world.pupil_a1.pk}/")
    assert page.locator("h1").inner_text() == "Aisha Khan"
    summary = page.locator(".govuk-summary-list").first.inner_text()
    assert "Year group" in summary
    assert "Areas of need" in summary
    expect_advice_panel(page, "Northshire SENDIASS")


def test_urdu_pages_are_right_to_left_and_have_no_axe_violations(live_server, world, page):
    visit(page, f"{live_server.url}/ur/accounts/login/")
    assert page.get_attribute("html", "lang") == "ur"
    assert page.locator("html[dir=rtl]").count() == 1
    assert_no_axe_violations(page, "sign-in page in Urdu")

    sign_in_through_ui(page, live_server.url, world.parent_1.email, prefix="/ur")
    visit(page, f"{live_server.url}/ur/portal/")
    assert page.get_attribute("html", "lang") == "ur"
    assert page.locator("html[dir=rtl]").count() == 1
    assert page.locator(".app-card__heading", has_text="Aisha Khan").count() == 1
    assert_no_axe_violations(page, "parent dashboard in Urdu")


# Keyboard -----------------------------------------------------------------------------------


def test_skip_link_is_first_focusable_and_shows_when_focused(live_server, page):
    visit(page, f"{live_server.url}/accounts/login/")
    skip_link = page.locator("a.govuk-skip-link")
    hidden_box = skip_link.bounding_box()

    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.matches('a.govuk-skip-link')")
    assert skip_link.get_attribute("href") == "#main-content"
    shown_box = skip_link.bounding_box()
    assert shown_box["width"] > 20 and shown_box["height"] > 10, (
        f"skip link not visible when focused: {hidden_box} -> {shown_box}"
    )


def tab_to_field(page, name: str, *, most: int = 10) -> None:
    """Press Tab, as a keyboard user would, until the form field `name` has focus."""
    passed = []
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return {name: e.name || '', text: (e.textContent || '').trim(), tag: e.tagName}; })()"
        )
        if focused["name"] == name:
            return
        passed.append(f"{focused['tag']} {focused['name'] or focused['text']}".strip())
    pytest.fail(f"{most} presses of Tab never reached the field {name!r}; focus went {passed}")


def test_parent_signs_in_with_the_keyboard_alone(live_server, world, page):
    visit(page, f"{live_server.url}/accounts/login/")

    tab_to_field(page, "login")
    page.keyboard.type(world.parent_1.email)
    tab_to_field(page, "password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == f"{live_server.url}/portal/"
    assert page.locator("h1").inner_text() == "Your dashboard"
    assert page.locator(".app-card__heading", has_text="Aisha Khan").count() == 1


# Staff --------------------------------------------------------------------------------------


@at_width
def test_senco_pages_have_no_axe_violations(live_server, world, senco_page, width):
    page = senco_page
    set_width(page, width)
    register = page.locator("table", has_text="Williams, Leo")
    assert register.count() == 1, "the SENCO's dashboard shows the school's SEN register"
    assert_no_axe_violations(page, "SENCO dashboard with SEN register")

    pupil = world.pupil_a1.pk
    check_pages(
        page,
        live_server.url,
        [
            ("school SEN register", f"/portal/schools/{world.school_a.pk}/"),
            ("pupil detail", f"/portal/pupils/{pupil}/"),
            ("pupil edit", f"/portal/pupils/{pupil}/edit/"),
            ("staff who work with a pupil", f"/portal/pupils/{pupil}/staff/"),
            ("invite a parent", f"/portal/pupils/{pupil}/invite/"),
            ("add a pupil", f"/portal/schools/{world.school_a.pk}/pupils/new/"),
            ("withdraw invitation", f"/portal/invitations/{world.invitation_a1.pk}/withdraw/"),
            ("remove parent link", f"/portal/links/{world.link_a1.pk}/remove/"),
            ("backup codes", "/portal/2fa/backup-codes/"),
        ],
    )


@at_width
def test_empty_add_pupil_form_shows_focused_error_summary(live_server, world, senco_page, width):
    page = senco_page
    set_width(page, width)
    visit(page, f"{live_server.url}/portal/schools/{world.school_a.pk}/pupils/new/")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "There is a problem" in summary.inner_text()
    assert page.title().startswith("Error:")
    page.wait_for_function(
        "document.activeElement && document.activeElement.matches('.govuk-error-summary')"
    )
    assert_no_axe_violations(page, "add a pupil, with errors")


# Public pages -------------------------------------------------------------------------------


@pytest.fixture
def home_page(live_server):
    return ensure_home_page()


@at_width
def test_public_pages_have_no_axe_violations(live_server, world, home_page, page, width):
    set_width(page, width)
    check_pages(
        page,
        live_server.url,
        [
            ("home page", "/"),
            ("sign in", "/accounts/login/"),
            ("password reset", "/accounts/password/reset/"),
            ("invitation, signed out", f"/portal/invitations/accept/{world.invitation_a1.token}/"),
        ],
    )


@at_width
def test_second_factor_setup_page_has_no_axe_violations(live_server, world, page, width):
    set_width(page, width)
    sign_in_through_ui(page, live_server.url, world.parent_2.email)
    visit(page, f"{live_server.url}/portal/2fa/setup/")
    assert page.locator("figure.app-qr svg").count() == 1
    assert_no_axe_violations(page, "set up two-step verification")


# Pages new users tripped on ------------------------------------------------------------------


def screenshot(page, name: str) -> None:
    """Keep a screenshot for a person to look at when SCREENSHOT_DIR is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def submit_empty_add_pupil_form(page, base_url: str, school_pk: int, *, prefix: str = "") -> None:
    visit(page, f"{base_url}{prefix}/portal/schools/{school_pk}/pupils/new/")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")


@at_width
def test_notification_pages_and_parents_child_page_have_no_axe_violations(
    live_server, world, page, width
):
    set_width(page, width)
    sign_in_through_ui(page, live_server.url, world.parent_1.email)
    check_pages(
        page,
        live_server.url,
        [
            ("notifications", "/portal/notifications/"),
            ("notification settings", "/portal/notifications/settings/"),
            ("parent's view of a child", f"/portal/pupils/{world.pupil_a1.pk}/"),
        ],
    )
    contact = page.locator(".app-senco-contact")
    assert contact.count() == 1
    assert contact.locator("a[href^='mailto:'][dir=ltr]").count() == 1
    assert contact.locator("a[href^='tel:'][dir=ltr]").count() == 1
    if width == 320:
        screenshot(page, "parent-child-page-320")


@at_width
def test_add_pupil_form_with_errors_marks_each_field(live_server, world, senco_page, width):
    page = senco_page
    set_width(page, width)
    submit_empty_add_pupil_form(page, live_server.url, world.school_a.pk)

    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the pupil's first name" in summary
    assert "Select the pupil's year group" in summary
    assert "This field is required" not in page.content()
    assert page.locator("input.govuk-date-input__input.govuk-input--error").count() == 3
    page.click(".govuk-error-summary a:text('Enter a date of birth')")
    assert page.evaluate("document.activeElement.id") == "id_date_of_birth_0"
    failure = axe_failures(page, "add a pupil, with errors")
    if failure:
        pytest.fail(failure, pytrace=False)


def test_register_stacks_at_320_px(live_server, world, senco_page):
    page = senco_page
    set_width(page, 320)
    visit(page, f"{live_server.url}/portal/schools/{world.school_a.pk}/")
    cell = page.locator("table.app-table--stacked td[data-label]").first
    assert cell.evaluate("(element) => getComputedStyle(element).display") == "block"
    screenshot(page, "register-320")
    visit(page, f"{live_server.url}/portal/pupils/{world.pupil_a1.pk}/")
    screenshot(page, "senco-pupil-page-320")


def test_new_pages_in_urdu_have_no_axe_violations(live_server, world, senco_page, new_page):
    submit_empty_add_pupil_form(senco_page, live_server.url, world.school_a.pk, prefix="/ur")
    assert senco_page.locator("html[dir=rtl]").count() == 1
    assert senco_page.locator(".govuk-error-summary").count() == 1
    failures = [axe_failures(senco_page, "add a pupil, with errors, in Urdu")]

    parent = new_page()
    sign_in_through_ui(parent, live_server.url, world.parent_1.email, prefix="/ur")
    for label, path in [
        ("notifications in Urdu", "/ur/portal/notifications/"),
        ("notification settings in Urdu", "/ur/portal/notifications/settings/"),
        ("parent's view of a child in Urdu", f"/ur/portal/pupils/{world.pupil_a1.pk}/"),
    ]:
        visit(parent, f"{live_server.url}{path}")
        assert parent.locator("html[dir=rtl]").count() == 1
        failures.append(axe_failures(parent, label))
    failures = [failure for failure in failures if failure]
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_a_long_register_pages_through_at_320_px(live_server, world, senco_page):
    from portal.pupils.models import SenStatus
    from tests.factories import PupilFactory

    for index in range(60):
        PupilFactory(
            school=world.school_a,
            legal_last_name=f"Family{index:03d}",
            sen_status=SenStatus.EHC_PLAN,
        )
    page = senco_page
    set_width(page, 320)
    visit(page, f"{live_server.url}/portal/schools/{world.school_a.pk}/?status=ehc_plan")
    assert page.locator("nav.govuk-pagination").is_visible()
    assert_no_axe_violations(page, "SEN register, first of two pages, at 320 px")
    assert_reflows(page, "SEN register, first of two pages")
    with page.expect_navigation():
        page.click("nav.govuk-pagination a[rel=next]")
    assert "page=2" in page.url and "status=ehc_plan" in page.url
    assert page.locator("tbody tr").count() == 10
    assert_no_axe_violations(page, "SEN register, second page, at 320 px")
