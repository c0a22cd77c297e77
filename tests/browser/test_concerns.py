"""Concerns in a real browser: every new page and error state passes axe at 1280 and 320 px and
in Urdu, and a SENCO's reply appears on the parent's open concern page without a reload."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from messaging.concerns import services
from messaging.concerns.models import Concern
from portal.audit.actors import AuditContext
from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_live_notifications import record_sockets, wait_for
from tests.browser.test_pages import sign_in_through_ui, visit

SIZES = [(1280, ""), (320, ""), (320, "/ur")]


def raise_one(world) -> Concern:
    return services.concern_raise(
        actor=world.parent_1,
        context=AuditContext(),
        pupil=world.pupil_a1,
        category="support",
        what_happened="The reading sessions stopped three weeks ago.",
        would_like="A meeting to restart them.",
    )


def checked(page, base: str, label: str, path: str, failures: list[str]) -> None:
    visit(page, base + path)
    failure = axe_failures(page, label)
    if failure:
        failures.append(failure)


def submit_empty(page, label: str, failures: list[str]) -> None:
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failure = axe_failures(page, f"{label} with errors")
    if failure:
        failures.append(failure)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_parents_pages_pass_axe(live_server, world, new_page, width, prefix):
    page = new_page(viewport={"width": width, "height": 900})
    base = live_server.url + prefix
    sign_in_through_ui(page, live_server.url, world.parent_1.email, prefix=prefix)
    failures: list[str] = []

    checked(page, base, "child page", f"/portal/pupils/{world.pupil_a1.pk}/", failures)
    checked(page, base, "choose a child", "/portal/concerns/new/", failures)
    submit_empty(page, "choose a child", failures)
    checked(page, base, "start", f"/portal/pupils/{world.pupil_a1.pk}/concerns/new/", failures)
    submit_empty(page, "what is it about", failures)
    page.check("input[value=support]")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    submit_empty(page, "what happened", failures)
    page.fill("textarea", "The reading sessions stopped.")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    submit_empty(page, "what would you like", failures)
    page.fill("textarea", "Restart them.")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    failure = axe_failures(page, "check your answers")
    if failure:
        failures.append(failure)
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "notes.png", "mimeType": "image/png", "buffer": b"<html></html>"}],
    )
    submit_empty(page, "check your answers, a refused file", failures)
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    concern = Concern.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(concern.reference)
    failure = axe_failures(page, "confirmation")
    if failure:
        failures.append(failure)

    checked(page, base, "concern page", f"/portal/concerns/{concern.pk}/", failures)
    checked(page, base, "reply", f"/portal/concerns/{concern.pk}/parent-reply/", failures)
    submit_empty(page, "reply", failures)
    services.concern_answer(
        actor=world.senco_a, context=AuditContext(), concern=concern, body="Restarted Monday."
    )
    checked(page, base, "not resolved", f"/portal/concerns/{concern.pk}/not-resolved/", failures)
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    expect(page.locator("#next-stage-heading")).to_be_visible()
    failure = axe_failures(page, "the next stage")
    if failure:
        failures.append(failure)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_staff_pages_pass_axe(live_server, world, new_page, width, prefix):
    concern = raise_one(world)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    base = live_server.url + prefix
    school = world.school_a.pk
    failures: list[str] = []

    for label, path in [
        ("dashboard", "/portal/"),
        ("concerns list", f"/portal/schools/{school}/concerns/"),
        ("governors' report", f"/portal/schools/{school}/concerns/report/"),
        ("concern page", f"/portal/concerns/{concern.pk}/"),
        ("acknowledge", f"/portal/concerns/{concern.pk}/acknowledge/"),
    ]:
        checked(page, base, label, path, failures)
    for label, path in [
        ("settings", f"/portal/schools/{school}/concerns/settings/"),
        ("assign", f"/portal/concerns/{concern.pk}/assign/"),
        ("reply", f"/portal/concerns/{concern.pk}/reply/"),
        ("answer", f"/portal/concerns/{concern.pk}/answer/"),
        ("revise a date", f"/portal/concerns/{concern.pk}/revise/"),
    ]:
        checked(page, base, label, path, failures)
        if label == "settings":
            page.fill("#id_acknowledge_within_days", "")
        submit_empty(page, label, failures)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_trust_counts_pass_axe(live_server, world, new_page, width, prefix):
    raise_one(world)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.trust_lead)
    failures: list[str] = []

    checked(
        page,
        live_server.url + prefix,
        "trust concern counts",
        f"/portal/trusts/{world.trust.pk}/concerns/",
        failures,
    )

    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_the_sencos_reply_appears_on_the_parents_open_page_without_a_reload(
    live_server, world, page
):
    concern = raise_one(world)
    sockets = record_sockets(page)
    sign_in_through_ui(page, live_server.url, world.parent_1.email)
    address = f"/portal/concerns/{concern.pk}/"
    visit(page, live_server.url + address)
    assert wait_for(lambda: len(sockets) >= 2, 5, page), "the concern page opened a socket"
    page.evaluate("window.__notReloaded = true")
    timeline = page.locator("#concern-timeline")
    expect(timeline).not_to_contain_text("We will restart the sessions on Monday.")

    services.concern_reply(
        actor=world.senco_a,
        context=AuditContext(),
        concern=concern,
        body="We will restart the sessions on Monday.",
    )
    # The server's message for the parent, as the socket delivers it after the commit.
    notification = concern.raised_by.notifications.get()
    sockets[-1].send(
        json.dumps(
            {"kind": notification.kind, "text": notification.text, "url": address, "unread": 1}
        )
    )

    expect(timeline).to_contain_text("We will restart the sessions on Monday.")
    expect(timeline).to_contain_text("Reply from the school")
    assert page.evaluate("window.__notReloaded") is True
