"""Consent and formal notices in a real browser: every page and error state passes axe with
nothing scrolling sideways at 1280 and 320 px and in Urdu, and the parent's whole answer journey
works without JavaScript-only controls."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from portal.audit.actors import AuditContext
from portal.support.consent import services
from portal.support.consent.models import ConsentRequest, ConsentStatus
from portal.support.notices.services import formal_notice_send
from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_pages import sign_in_through_ui, visit

SIZES = [(1280, ""), (320, ""), (320, "/ur")]
CONTEXT = AuditContext()


def ask(world, service="salt") -> ConsentRequest:
    return services.consent_request_create(
        actor=world.senco_a,
        context=CONTEXT,
        pupil=world.pupil_a1,
        service=service,
        purpose="To assess Aisha's speech sounds and suggest activities for home.",
        information_shared="Her support plan and the last review.",
        answer_needed_by=services.local_today() + datetime.timedelta(days=10),
    )


def checked(page, base: str, label: str, path: str, failures: list[str]) -> None:
    visit(page, base + path)
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)


def submit(page, label: str, failures: list[str], *, errors: bool) -> None:
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    if errors:
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        label = f"{label} with errors"
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_parents_consent_and_notice_pages_pass_axe(live_server, world, new_page, width, prefix):
    refused = ask(world)
    given = ask(world, service="ep")
    services.consent_give(actor=world.parent_1, context=CONTEXT, request=given)
    notice = formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    page = new_page(viewport={"width": width, "height": 900})
    base = live_server.url + prefix
    sign_in_through_ui(page, live_server.url, world.parent_1.email, prefix=prefix)
    failures: list[str] = []

    checked(page, base, "child page", f"/portal/pupils/{world.pupil_a1.pk}/", failures)
    checked(page, base, "formal notice", f"/portal/notices/{notice.pk}/", failures)
    checked(page, base, "consent request", f"/portal/consent/{refused.pk}/", failures)
    checked(page, base, "give or refuse", f"/portal/consent/{refused.pk}/answer/", failures)
    submit(page, "give or refuse", failures, errors=True)
    question = page.locator("main legend")
    for shown in ("To assess Aisha's speech sounds", "Her support plan and the last review"):
        assert (
            page.locator("main").get_by_text(shown).bounding_box()["y"]
            < (question.bounding_box()["y"])
        ), "what is asked shows above the question"
    page.check("input[value=refuse]")
    expect(page.locator("#id_reason")).to_be_visible()
    page.fill("#id_reason", "x" * 5001)
    submit(page, "give or refuse, reason too long", failures, errors=True)
    expect(page.locator("#id_reason")).to_be_visible()
    page.fill("#id_reason", "We already see an NHS therapist.")
    submit(page, "check your answer", failures, errors=False)
    expect(page.locator("main")).to_contain_text("We already see an NHS therapist.")
    reason_page = f"/portal/consent/{refused.pk}/answer/reason/"
    checked(page, base, "change the reason", reason_page, failures)
    submit(page, "check your answer again", failures, errors=False)
    submit(page, "answer sent", failures, errors=False)
    expect(page.locator(".govuk-panel")).to_be_visible()
    refused.refresh_from_db()
    assert refused.status == ConsentStatus.REFUSED
    checked(page, base, "withdraw", f"/portal/consent/{given.pk}/withdraw/", failures)
    page.fill("textarea", "x" * 5001)
    submit(page, "withdraw", failures, errors=True)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_sencos_consent_and_notice_pages_pass_axe(live_server, world, new_page, width, prefix):
    waiting = ask(world)
    services.consent_record_pupil_view(
        actor=world.senco_a, context=CONTEXT, request=waiting, view="Happy to meet them."
    )
    notice = formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    base = live_server.url + prefix
    pupil, school = world.pupil_a1.pk, world.school_a.pk
    failures: list[str] = []

    for label, path in [
        ("dashboard", "/portal/"),
        ("child page", f"/portal/pupils/{pupil}/"),
        ("pupil's consent list", f"/portal/pupils/{pupil}/consent/"),
        ("school's waiting list", f"/portal/schools/{school}/consent/"),
        ("consent request", f"/portal/consent/{waiting.pk}/"),
        ("referral refused", f"/portal/consent/{waiting.pk}/referral/"),
        ("cancel", f"/portal/consent/{waiting.pk}/cancel/"),
        ("formal notice with delivery", f"/portal/notices/{notice.pk}/"),
        ("pupil's notices", f"/portal/pupils/{pupil}/notices/"),
    ]:
        checked(page, base, label, path, failures)
    checked(page, base, "ask for consent", f"/portal/pupils/{pupil}/consent/new/", failures)
    submit(page, "ask for consent", failures, errors=True)
    checked(page, base, "pupil's view", f"/portal/consent/{waiting.pk}/pupil-view/", failures)
    submit(page, "pupil's view", failures, errors=True)
    checked(
        page, base, "send the notice", f"/portal/pupils/{world.pupil_a2.pk}/notices/send/", failures
    )
    submit(page, "send the notice without parents", failures, errors=True)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
