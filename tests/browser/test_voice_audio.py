"""The recorder of a "say it" answer in Chromium: with a (fake) microphone it records, the
recording goes into the form's file input and the form's own POST sends it; the page passes
axe at 1280 and 320 px, in English and in Urdu, before and after recording. The page is the
harness in tests/voice/audio_urls.py."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP
from tests.browser.test_calendar import check, visit
from tests.voice.recordings import pupil_answer, with_recording
from voice.models import Answer

FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@pytest.fixture
def harness(settings):
    settings.ROOT_URLCONF = "tests.voice.audio_urls"
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["DIRS"] = [
        *templates[0]["DIRS"],
        Path(__file__).parents[1] / "voice" / "templates",
    ]
    settings.TEMPLATES = templates


@pytest.fixture
def microphone_page(browser):
    """A page in a Chromium of its own, started with a fake microphone that says yes."""
    with_microphone = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *FAKE_MICROPHONE]
    )
    context = with_microphone.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
    with_microphone.close()


def test_the_pupil_records_and_the_form_sends_the_recording(
    live_server, world, harness, microphone_page
):
    page = microphone_page
    answer = pupil_answer(world.pupil_a1)
    visit(page, f"{live_server.url}/audio-harness/{answer.pk}/")

    assert page.locator("input[name=audio]").is_hidden()
    record = page.get_by_role("button", name="Record", exact=True)
    record.focus()
    page.keyboard.press("Enter")
    stop = page.get_by_role("button", name="Stop")
    stop.wait_for()
    assert stop.evaluate("element => element === document.activeElement")
    page.wait_for_timeout(2200)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Play back").wait_for()

    assert page.get_by_role("status").inner_text().startswith("You recorded 0:02")
    assert page.evaluate("document.querySelector('input[name=audio]').files.length") == 1
    assert page.get_by_role("button", name="Record again").is_visible()
    height = page.get_by_role("button", name="Play back").bounding_box()["height"]
    assert height >= 44

    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.click("#main-form button[type=submit]:not([name])")
    assert sent.value.status == 201
    answer = Answer.objects.get(pk=answer.pk)
    assert answer.audio and 1.5 <= answer.audio_seconds <= 3
    assert answer.audio_type in ("audio/webm", "audio/ogg", "audio/mp4")


def test_without_recording_support_the_plain_file_input_stays(live_server, world, harness, page):
    page.add_init_script("delete window.MediaRecorder")
    answer = pupil_answer(world.pupil_a1)
    visit(page, f"{live_server.url}/audio-harness/{answer.pk}/")

    assert page.locator("input[name=audio]").is_visible()
    assert page.get_by_role("button", name="Record", exact=True).count() == 0


@pytest.mark.parametrize("language", ["", "/ur"])
def test_the_recorder_is_accessible_and_fits_a_small_screen(
    live_server, world, harness, microphone_page, language
):
    page = microphone_page
    answer = with_recording(pupil_answer(world.pupil_a1))
    failures = []
    visit(page, f"{live_server.url}{language}/audio-harness/{answer.pk}/")
    assert page.locator(".app-voice-recorder__kept").is_visible()
    assert page.locator("input[name=audio_remove]").count() == 1
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        failures += check(page, f"the recorder{language}", width)

    page.set_viewport_size(DESKTOP)
    page.locator(".app-voice-recorder__controls button").first.click()
    page.wait_for_timeout(1200)
    page.locator(".app-voice-recorder__controls button:visible").first.click()
    page.locator(".app-voice-recorder__status:not(:empty)").wait_for()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        failures += check(page, f"a recording made{language}", width)

    # A refused file shows its error on the field.
    page.set_viewport_size(DESKTOP)
    visit(page, f"{live_server.url}{language}/audio-harness/{answer.pk}/")
    page.evaluate(
        """() => {
            const transfer = new DataTransfer()
            transfer.items.add(new File(['not a recording'], 'a.webm', {type: 'audio/webm'}))
            document.querySelector('input[name=audio]').files = transfer.files
        }"""
    )
    with page.expect_navigation():
        page.click("#main-form button[type=submit]:not([name])")
    assert page.locator("#id_audio-error").count() == 1
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        failures += check(page, f"a refused recording{language}", width)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
