"""Pupil passports and the evidence pack in a real browser: every page and error state passes
axe at 1280 and 320 px and in Urdu, and the passport's print view fits on one page of A4."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from portal.audit.actors import AuditContext
from portal.support.passports.selectors import passport_page
from portal.support.passports.services import passport_save
from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_pages import sign_in_through_ui, visit
from tests.support.evidence import builders

SIZES = [(1280, ""), (320, ""), (320, "/ur")]

ENTRY = (
    "Aisha is kind and notices when her friends are sad. She loves drawing animals, "
    "especially cats, and will happily explain each picture. She likes to know the plan for "
    "the day before it starts and needs a moment to answer a question. Short instructions, "
    "one at a time, and pictures with new words help her most; a now-and-next board keeps "
    "her calm when the day changes. "
)


def written(world):
    page = passport_page(pupil=world.pupil_a1)
    passport_save(
        actor=world.senco_a,
        context=AuditContext(),
        pupil=world.pupil_a1,
        texts={section.key: ENTRY for section in page.sections},
    )


def records(world):
    builders.cycle(world.pupil_a1, number=1, status="reviewed")
    builders.cycle(world.pupil_a1, number=2, status="active", outcome="وہ خود کتاب پڑھے گا")
    builders.meeting(world.pupil_a1, shared=True, senco=world.senco_a, parent=world.parent_1)
    builders.other_records(world.pupil_a1, senco=world.senco_a, parent=world.parent_1)


def checked(page, base: str, label: str, path: str, failures: list[str]) -> None:
    visit(page, base + path)
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)


def submitted(page, button: str, label: str, failures: list[str]) -> None:
    with page.expect_navigation():
        page.click(button)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failure = axe_failures(page, f"{label} with errors")
    if failure:
        failures.append(failure)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_sencos_passport_and_evidence_pages_pass_axe(
    live_server, world, new_page, width, prefix
):
    written(world)
    records(world)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    base = live_server.url + prefix
    pupil = f"/portal/pupils/{world.pupil_a1.pk}"
    failures: list[str] = []

    for label, path in [
        ("dashboard", "/portal/"),
        ("pupil page", f"{pupil}/"),
        ("passport", f"{pupil}/passport/"),
        ("passport print view", f"{pupil}/passport/print/"),
        ("evidence pack", f"{pupil}/evidence-pack/"),
    ]:
        checked(page, base, label, path, failures)
    checked(page, base, "edit the passport", f"{pupil}/passport/edit/", failures)
    page.fill("#id_b0", "x" * 1300)
    submitted(page, "#main-form button[type=submit]", "edit the passport", failures)
    checked(
        page,
        base,
        "school passport headings",
        f"/portal/schools/{world.school_a.pk}/passport-headings/",
        failures,
    )
    page.fill("#id_headings-1-title", "")
    submitted(page, "button.govuk-button[value=save]", "school passport headings", failures)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_parents_passport_and_evidence_pages_pass_axe(
    live_server, world, new_page, width, prefix
):
    written(world)
    records(world)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_through_ui(page, live_server.url, world.parent_1.email, prefix=prefix)
    base = live_server.url + prefix
    pupil = f"/portal/pupils/{world.pupil_a1.pk}"
    failures: list[str] = []

    for label, path in [
        ("child page", f"{pupil}/"),
        ("passport", f"{pupil}/passport/"),
        ("passport print view", f"{pupil}/passport/print/"),
        ("evidence pack", f"{pupil}/evidence-pack/"),
    ]:
        checked(page, base, label, path, failures)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_teacher_and_trust_pages_pass_axe(live_server, world, new_page, width, prefix):
    written(world)
    failures: list[str] = []
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.teacher_a)
    base = live_server.url + prefix
    checked(page, base, "pupil page (teacher)", f"/portal/pupils/{world.pupil_a1.pk}/", failures)
    expect(page.locator("#pupil-passport-panel")).to_contain_text("now-and-next board")

    lead = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(lead, live_server.url, world.trust_lead)
    path = f"/portal/trusts/{world.trust.pk}/passport-headings/"
    checked(lead, base, "trust passport headings", path, failures)
    with lead.expect_navigation():
        lead.click("button[value=add]")
    submitted(lead, "button.govuk-button[value=save]", "trust passport headings", failures)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize("prefix", ["", "/ur"])
def test_the_passport_print_view_fits_on_one_page_of_a4(live_server, world, page, prefix):
    written(world)
    sign_in_through_ui(page, live_server.url, world.parent_1.email, prefix=prefix)
    visit(page, f"{live_server.url}{prefix}/portal/pupils/{world.pupil_a1.pk}/passport/print/")
    expect(page.locator("main")).to_contain_text("now-and-next board")
    pdf = page.pdf(format="A4", print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert " ".join(reader.pages[0].extract_text().split()).count("now-and-next board") == 5
