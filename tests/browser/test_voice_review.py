"""Staff review pupils' views, and the views reach the meeting record and the passport, in a real
browser: every page and error state passes axe at 1280 and 320 px and in Urdu, the review works
by keyboard, and the printed passport with the pupil's words still fits on one page of A4."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from portal.audit.actors import AuditContext
from portal.support.meetings.models import RecordStatus
from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_pages import sign_in_through_ui, visit
from tests.browser.test_support_passports import written
from tests.factories import MeetingFactory
from tests.voice.factories import flag_response, make_response
from voice.asking.services import views_request_cancel
from voice.models import GatheredHow, Wording
from voice.review.services import communication_note_save, response_review

SIZES = [(1280, ""), (320, ""), (320, "/ur")]
SECRET = "I worry about the playground."


def _meeting(world):
    return MeetingFactory(
        pupil=world.pupil_a1,
        starts_at=timezone.now() - timezone.timedelta(days=1),
        record_status=RecordStatus.SHARED,
        shared_at=timezone.now(),
    )


def _reviewed(world, meeting=None):
    response = make_response(pupil=world.pupil_a1, meeting=meeting, just_for_teacher_text=SECRET)
    answer = response.answers.get(question__kind="free_text")
    response_review(
        actor=world.senco_a,
        context=AuditContext(),
        response=response,
        gathered_how=GatheredHow.WITH_HELP,
        helped_by="Mrs Patel",
        wordings={answer.pk: Wording.OWN_WORDS},
        note="Answered in the library.",
    )
    communication_note_save(
        actor=world.senco_a,
        context=AuditContext(),
        pupil=world.pupil_a1,
        text="Uses symbols and short sentences.",
    )
    return response


def _checked(page, base: str, label: str, path: str, failures: list[str]) -> None:
    visit(page, base + path)
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)


def _errors_checked(page, label: str, failures: list[str]) -> None:
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failure = axe_failures(page, f"{label} with errors")
    if failure:
        failures.append(failure)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_sencos_review_pages_pass_axe(live_server, world, new_page, width, prefix):
    meeting = _meeting(world)
    reviewed = _reviewed(world, meeting)
    waiting = make_response(pupil=world.pupil_a2)
    ended = make_response(pupil=world.pupil_a2, finished=False)
    views_request_cancel(actor=world.senco_a, context=AuditContext(), views_request=ended.request)
    flag_response(reviewed)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    base = live_server.url + prefix
    failures: list[str] = []
    for label, path in [
        ("dashboard", "/portal/"),
        ("school's pupil views", f"/portal/schools/{world.school_a.pk}/pupil-views/"),
        ("response, held", f"/portal/pupil-views/{reviewed.pk}/"),
        ("response, waiting", f"/portal/pupil-views/{waiting.pk}/"),
        ("response, ended before the pupil finished", f"/portal/pupil-views/{ended.pk}/"),
        ("pupil page", f"/portal/pupils/{world.pupil_a1.pk}/"),
        ("meeting record", f"/portal/meetings/{meeting.pk}/record/"),
        ("passport", f"/portal/pupils/{world.pupil_a1.pk}/passport/"),
        ("communication note", f"/portal/pupils/{world.pupil_a1.pk}/communication/"),
    ]:
        _checked(page, base, label, path, failures)
    page.fill("#id_text", "x" * 2100)
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    _errors_checked(page, "communication note", failures)

    _checked(page, base, "review form", f"/portal/pupil-views/{waiting.pk}/review/", failures)
    with page.expect_navigation():
        page.click("#main-form button[name=check]")
    _errors_checked(page, "review form", failures)
    page.check("#id_gathered_how_1")
    page.fill("#id_helped_by", "Mrs Patel")
    page.check(f"#id_wording_{waiting.answers.get(question__kind='free_text').pk}_0")
    with page.expect_navigation():
        page.click("#main-form button[name=check]")
    expect(page.locator("h1")).to_be_visible()
    failure = axe_failures(page, "check your answers")
    if failure:
        failures.append(failure)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_parents_pages_with_views_pass_axe(live_server, world, new_page, width, prefix):
    meeting = _meeting(world)
    _reviewed(world, meeting)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_through_ui(page, live_server.url, world.parent_1.email, prefix=prefix)
    base = live_server.url + prefix
    failures: list[str] = []
    for label, path in [
        ("child page", f"/portal/pupils/{world.pupil_a1.pk}/"),
        ("child's views", f"/portal/pupils/{world.pupil_a1.pk}/pupil-views/"),
        ("meeting record", f"/portal/meetings/{meeting.pk}/record/"),
        ("passport", f"/portal/pupils/{world.pupil_a1.pk}/passport/"),
    ]:
        _checked(page, base, label, path, failures)
        assert SECRET not in page.content()
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_the_senco_reviews_by_keyboard_alone(live_server, world, page):
    response = make_response(pupil=world.pupil_a1)
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    visit(page, f"{live_server.url}/portal/pupil-views/{response.pk}/")
    page.locator("a.govuk-button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("#id_gathered_how_0").focus()
    page.keyboard.press("Space")
    expect(page.locator("#id_gathered_how_0")).to_be_checked()
    answer = response.answers.get(question__kind="free_text").pk
    page.locator(f"#id_wording_{answer}_0").focus()
    page.keyboard.press("Space")
    page.locator("#main-form button[name=check]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Check your answers")
    page.locator("button[name=confirm]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Review saved.")
    # Said once, in the page's one place for messages.
    expect(page.get_by_text("Review saved.")).to_have_count(1)


def test_the_printed_passport_with_the_pupils_words_fits_on_one_page(live_server, world, page):
    written(world)
    _reviewed(world)
    sign_in_through_ui(page, live_server.url, world.parent_1.email)
    visit(page, f"{live_server.url}/portal/pupils/{world.pupil_a1.pk}/passport/print/")
    expect(page.locator("main")).to_contain_text("All about me, by Aisha")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
