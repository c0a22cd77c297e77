"""A pupil's page opened without a code that works, in a real browser: still "not found", a page
that asks for the code and passes axe at 1280 and 320 px and in Urdu, and its link leads to the
page where the code is typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_reflows, axe_failures

SIZES = [(1280, ""), (320, ""), (320, "/ur")]


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_a_pupil_page_without_a_code_asks_for_it_and_passes_axe(
    live_server, world, new_page, width, prefix
):
    page = new_page(viewport={"width": width, "height": 900})
    base = live_server.url + prefix
    failures = []
    for path in ("/voice/question/1/", "/voice/done/", "/voice/my-targets/"):
        response = page.goto(base + path)
        assert response is not None and response.status == 404
        assert_reflows(page, path)
        failure = axe_failures(page, f"{path} without a code")
        if failure:
            failures.append(failure)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
    link = page.locator("#type-your-code")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.rstrip("/").endswith(f"{prefix}/voice")
    expect(page.locator("input[name=code]")).to_be_visible()
