"""Conversations in a real browser: a SENCO's reply appears on the parent's open page without a
reload, and every conversation page and error state passes axe at 1280 and 320 px and in Urdu.

The test server speaks HTTP only, so the notification socket is Playwright's WebSocket route and
the test plays the server's part: it passes on the page update the service publishes after
commit (tests/messaging/test_conversations_socket.py checks who that reaches)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from messaging.conversations import services
from messaging.conversations.models import QuietHours
from portal.audit.actors import AuditContext
from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_live_notifications import record_sockets, wait_for
from tests.browser.test_pages import sign_in_through_ui, visit

WIDTHS = [1280, 320]


@pytest.fixture
def conversation(world):
    QuietHours.objects.create(
        school=world.school_a,
        enabled=True,
        starts_at=datetime.time(18, 0),
        ends_at=datetime.time(7, 30),
        weekends=True,
        updated_by=world.senco_a,
    )
    conversation, _sent = services.conversation_start(
        actor=world.parent_1,
        context=AuditContext(),
        pupil=world.pupil_a1,
        parent=world.parent_1,
        staff=[world.senco_a, world.teacher_a],
        subject="Reading at home",
        body="Could we talk about reading at home?",
        reply_needed_by=timezone.localdate() + datetime.timedelta(days=4),
    )
    return conversation


def check_everywhere(page, base_url: str, pages: list[tuple[str, str]]) -> list[str]:
    """Each page at 1280 and 320 px, and in Urdu: axe and reflow failures, if any."""
    failures = []
    for label, path in pages:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            visit(page, base_url + path)
            failures.append(axe_failures(page, f"{label} at {width} px"))
        page.set_viewport_size({"width": 320, "height": 900})
        visit(page, f"{base_url}/ur{path}")
        assert page.evaluate("document.documentElement.dir") == "rtl", label
        failures.append(axe_failures(page, f"{label} (Urdu)"))
    return [failure for failure in failures if failure]


def check_error_state(page, base_url: str, label: str, path: str) -> list[str]:
    """Submit the form empty at each width and in Urdu, and check the page with its errors."""
    failures = []
    for prefix, width in [("", 1280), ("", 320), ("/ur", 320)]:
        page.set_viewport_size({"width": width, "height": 900})
        visit(page, base_url + prefix + path)
        with page.expect_navigation():
            page.click("#main-form button[type=submit]")
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        failures.append(axe_failures(page, f"{label} with errors at {width} px {prefix}"))
    return [failure for failure in failures if failure]


@pytest.mark.parametrize("prefix", ["", "/ur"], ids=["english", "urdu"])
def test_the_senco_reply_appears_on_the_parents_open_page_without_a_reload(
    live_server, world, conversation, new_page, prefix
):
    """The event names the page in the default language; a parent reading in Urdu is at
    /ur/portal/... and their page refreshes too."""
    parent = new_page()
    sockets = record_sockets(parent)
    sign_in_through_ui(parent, live_server.url, world.parent_1.email)
    address = f"/portal/conversations/{conversation.pk}/"
    visit(parent, live_server.url + prefix + address)
    assert wait_for(lambda: len(sockets) >= 2, 5, parent), "the page opened its socket"
    parent.evaluate("window.stillTheSamePage = true")
    messages = parent.locator("#conversation-messages")
    expect(messages).not_to_contain_text("Thursday at 3")

    senco = new_page()
    sign_in_with_backup_code(senco, live_server.url, world.senco_a)
    visit(senco, live_server.url + address)
    senco.fill("textarea[name=body]", "Could you come in on Thursday at 3?")
    with senco.expect_navigation():
        senco.click("#main-form button[type=submit]")
    expect(senco.locator(".govuk-notification-banner--success")).to_contain_text("sent")

    sockets[-1].send(json.dumps({"kind": "page.update", "url": address}))

    expect(messages).to_contain_text("Could you come in on Thursday at 3?")
    assert parent.evaluate("window.stillTheSamePage") is True
    assert parent.url == live_server.url + prefix + address
    if prefix:
        return
    # The SENCO's reading shows on the parent's own message, and the reply answered it.
    expect(messages).to_contain_text(f"Seen by {world.senco_a.get_full_name()}, SENCO, at")
    expect(messages.locator(".app-reply-needed")).to_have_count(0)


def test_parent_conversation_pages_have_no_axe_violations(live_server, world, conversation, page):
    sign_in_through_ui(page, live_server.url, world.parent_1.email)
    pupil = world.pupil_a1.pk
    failures = check_everywhere(
        page,
        live_server.url,
        [
            ("child's page with conversations", f"/portal/pupils/{pupil}/"),
            ("start a conversation", f"/portal/pupils/{pupil}/conversations/new/"),
            ("a conversation", f"/portal/conversations/{conversation.pk}/"),
            ("your conversations", "/portal/conversations/"),
        ],
    )
    failures += check_error_state(
        page, live_server.url, "start a conversation", f"/portal/pupils/{pupil}/conversations/new/"
    )
    failures += check_error_state(
        page, live_server.url, "reply", f"/portal/conversations/{conversation.pk}/"
    )
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_senco_conversation_pages_have_no_axe_violations(live_server, world, conversation, page):
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    expect(page.locator(".app-replies-needed")).to_contain_text("Reading at home")
    school = world.school_a.pk
    failures = check_everywhere(
        page,
        live_server.url,
        [
            ("dashboard with replies needed", "/portal/"),
            ("quiet hours", f"/portal/schools/{school}/quiet-hours/"),
            ("a conversation (SENCO)", f"/portal/conversations/{conversation.pk}/"),
            (
                "start a conversation (SENCO)",
                f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/",
            ),
        ],
    )
    failures += check_error_state(
        page,
        live_server.url,
        "start a conversation (SENCO)",
        f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/",
    )
    # The quiet hours form with its saved answers cleared, then sent: every error shown.
    for prefix, width in [("", 1280), ("", 320), ("/ur", 320)]:
        page.set_viewport_size({"width": width, "height": 900})
        visit(page, f"{live_server.url}{prefix}/portal/schools/{school}/quiet-hours/")
        page.check("#id_enabled_0")
        page.fill("#id_starts_at", "")
        page.fill("#id_ends_at", "half seven")
        with page.expect_navigation():
            page.click("#main-form button[type=submit]")
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        failures.append(axe_failures(page, f"quiet hours with errors at {width} px {prefix}"))
    failures = [failure for failure in failures if failure]
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_a_hidden_page_refreshes_without_marking_read_and_announces_one_line_when_shown(
    live_server, world, conversation, new_page
):
    for number in range(12):
        services.message_send(
            actor=world.parent_1,
            context=AuditContext(),
            conversation=conversation,
            body=f"Another thought, number {number}.",
        )
    parent = new_page(viewport={"width": 1280, "height": 600})
    sockets = record_sockets(parent)
    sign_in_through_ui(parent, live_server.url, world.parent_1.email)
    address = f"/portal/conversations/{conversation.pk}/"
    visit(parent, live_server.url + address)
    assert wait_for(lambda: len(sockets) >= 2, 5, parent), "the page opened its socket"
    messages = parent.locator("#conversation-messages")
    status = parent.locator("#conversation-latest")
    # The reader is at the end of the thread; the status line is marked to check it is kept.
    bottom = parent.evaluate(
        """() => {
            const region = document.getElementById('conversation-messages')
            region.scrollIntoView({ block: 'end' })
            document.getElementById('conversation-latest').kept = true
            Object.defineProperty(document, 'visibilityState', {
                value: 'hidden', configurable: true
            })
            return region.getBoundingClientRect().bottom
        }"""
    )
    sent = services.message_send(
        actor=world.senco_a,
        context=AuditContext(),
        conversation=conversation,
        body="Could you come in on Thursday at 3?",
    )
    member = conversation.members.get(user=world.parent_1)

    def live_refresh(request):
        return request.headers.get("x-live-region") == "1"

    with parent.expect_request(live_refresh) as hidden_refresh:
        sockets[-1].send(json.dumps({"kind": "page.update", "url": address}))

    assert hidden_refresh.value.headers.get("x-page-visible") == "0"
    expect(messages).to_contain_text("Could you come in on Thursday at 3?")
    expect(status).to_have_text(
        f"Latest message from {world.senco_a.get_full_name()}, SENCO, at "
        f"{timezone.localtime(sent.message.created_at):%H:%M}"
    )
    assert parent.evaluate("document.getElementById('conversation-latest').kept") is True
    assert messages.get_attribute("aria-live") is None
    after = parent.evaluate(
        "document.getElementById('conversation-messages').getBoundingClientRect().bottom"
    )
    assert abs(after - bottom) <= 2, "the reader stays at the end of the thread"
    member.refresh_from_db()
    assert member.last_read_at < sent.message.created_at

    with parent.expect_request(live_refresh) as shown_refresh:
        parent.evaluate(
            """() => {
                Object.defineProperty(document, 'visibilityState', {
                    value: 'visible', configurable: true
                })
                document.dispatchEvent(new Event('visibilitychange'))
            }"""
        )

    assert shown_refresh.value.headers.get("x-page-visible") == "1"

    def read():
        member.refresh_from_db()
        return member.last_read_at >= sent.message.created_at

    assert wait_for(read, 5, parent), "shown again, the conversation is marked read"
