"""Live notifications in a real browser: the socket is replaced by Playwright's WebSocket route
(the test server speaks HTTP only), so the test plays the server and drops the connection."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from portal.notifications.models import Notification, NotificationKind
from tests.browser.test_pages import sign_in_through_ui

SOCKET = "**/ws/notifications/"


def record_sockets(page) -> list:
    sockets = []

    def accept(socket):
        sockets.append(socket)

    page.route_web_socket(SOCKET, accept)
    return sockets


def wait_for(condition, timeout: float, page) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        page.wait_for_timeout(50)  # lets Playwright deliver the route's events
    return condition()


def test_the_page_reconnects_after_the_socket_drops_and_catches_up_the_count(
    live_server, world, page
):
    sockets = record_sockets(page)
    sign_in_through_ui(page, live_server.url, world.parent_1.email)
    badge = page.locator("#unread-count")
    assert wait_for(lambda: len(sockets) == 1, 5, page), "the page opened a socket"
    expect(badge).to_be_hidden()
    # Sent while the socket is down: never pushed, so the page must fetch it on reconnecting.
    Notification.objects.create(
        recipient=world.parent_1, kind=NotificationKind.values[0], text="A meeting was arranged."
    )

    with page.expect_request("**/portal/notifications/unread/"):
        sockets[0].close(code=1011, reason="Server restarting")
        assert wait_for(lambda: len(sockets) == 2, 5, page), "the page reconnected"

    expect(badge).to_be_visible()
    expect(badge).to_contain_text("1")


def test_the_page_does_not_reconnect_once_signed_out(live_server, world, page):
    sockets = record_sockets(page)
    sign_in_through_ui(page, live_server.url, world.parent_1.email)
    assert wait_for(lambda: len(sockets) == 1, 5, page), "the page opened a socket"

    sockets[0].close(code=4401, reason="Signed out")

    # The first retry would come within a second; nothing comes.
    assert not wait_for(lambda: len(sockets) > 1, 3, page)


def test_reconnection_waits_double_from_one_second_to_a_minute_with_jitter(live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")

    delays = page.evaluate(
        """async () => {
            const { retryDelay } = await import('/static/js/notifications.js')
            return [0, 1, 2, 5, 6, 20].map((attempt) => [
                retryDelay(attempt, () => 0), retryDelay(attempt, () => 1)
            ])
        }"""
    )

    assert delays == [
        [500, 1000],
        [1000, 2000],
        [2000, 4000],
        [16000, 32000],
        [30000, 60000],
        [30000, 60000],
    ]
