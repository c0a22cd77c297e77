"""The pupil's form in a real browser: it completes without JavaScript and by keyboard alone,
Read to me appears only where the browser can speak, every pupil page passes axe (pictures on
and off, calm display, 320 px, Urdu), every target is at least 44 px, and a question page
weighs at most 100 KB compressed with at most 30 KB of JavaScript."""

from __future__ import annotations

import contextlib
import gzip

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from tests.browser.conftest import axe_failures
from tests.factories import make_plan
from tests.voice.conftest import make_question_set, make_views_request
from voice.access import SESSION_KEY, SUPERVISED_KEY
from voice.models import Answer, RequestStatus, ViewsRequest

QUESTIONS = 7


def pupil_page(new_page, live_server, views_request, **options):
    """A browser holding the pupil's visit (as if the code had been typed)."""
    session = SessionStore()
    session[SESSION_KEY] = views_request.pk
    session[SUPERVISED_KEY] = None
    session.create()
    page = new_page(**options)
    page.set_default_timeout(60_000)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.fixture
def asked(world):
    return make_views_request(world.pupil_a1, make_question_set(), created_by=world.senco_a)


def answer_with_the_mouse(page, number: int) -> None:
    """Choose something on question `number` of the every-kind set by clicking its cards."""
    if number == 2:  # the sort: each card in a pile
        for group in page.locator(".app-voice-card").all():
            group.locator(".app-voice-choice__label").first.click()
    elif number == 6:
        page.fill("#answer", "I like the library.")
    else:
        page.locator(".app-voice-choice__label").first.click()


def test_without_javascript_a_pupil_completes_the_form(live_server, new_page, asked):
    page = pupil_page(new_page, live_server, asked, java_script_enabled=False)
    page.goto(f"{live_server.url}/voice/start/")
    assert page.locator(".app-voice-read-button").count() == 0
    page.click("text=Start")
    for number in range(1, QUESTIONS + 1):
        assert page.url.endswith(f"/voice/question/{number}/")
        answer_with_the_mouse(page, number)
        page.click("button[value=next]")
    assert page.url.endswith("/voice/done/")
    page.click("text=I have finished")
    assert page.locator("h1").inner_text() == "Thank you"
    asked.refresh_from_db()
    assert asked.status == RequestStatus.FINISHED
    assert Answer.objects.filter(response__request=asked).count() == QUESTIONS


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
                    value: el.value || '', checked: !!el.checked,
                    groupChecked: el.name ? !!document.querySelector(
                        `input[name="${el.name}"]:checked`) : false};
        }"""
    )


def test_by_keyboard_alone_a_pupil_completes_the_form(live_server, new_page, asked):
    page = pupil_page(new_page, live_server, asked)
    page.goto(f"{live_server.url}/voice/start/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Start":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for number in range(1, QUESTIONS + 1):
        assert page.url.endswith(f"/voice/question/{number}/"), page.url
        for _ in range(80):
            page.keyboard.press("Tab")
            focused = _focused(page)
            if focused["tag"] == "textarea":
                page.keyboard.type("Quiet time helps.")
            elif focused["type"] in ("radio", "checkbox") and focused["name"] not in (
                "just_for_teacher",
                "symbols_on",
                "calm",
            ):
                if not focused["groupChecked"]:
                    page.keyboard.press("Space")
            elif focused["tag"] == "button" and focused["value"] == "next":
                break
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert page.url.endswith("/voice/done/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "I have finished":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Thank you"
    assert Answer.objects.filter(response__request=asked).count() == QUESTIONS


def test_read_to_me_appears_only_where_the_browser_can_speak(live_server, new_page, asked):
    speaking = pupil_page(new_page, live_server, asked)
    speaking.goto(f"{live_server.url}/voice/question/4/")
    buttons = speaking.locator(".app-voice-read-button")
    # The question and each of its four answers.
    assert buttons.count() == 5
    assert buttons.first.inner_text().startswith("Read to me")
    silent = pupil_page(new_page, live_server, asked)
    silent.add_init_script("delete window.speechSynthesis; delete Window.prototype.speechSynthesis")
    silent.goto(f"{live_server.url}/voice/question/4/")
    assert silent.evaluate("'speechSynthesis' in window") is False
    assert silent.locator(".app-voice-read-button").count() == 0


SPOKEN = """
    window.spoken = [];
    window.speechSynthesis.speak = (utterance) => {
        window.spoken.push({text: utterance.text, lang: utterance.lang});
    };
"""


def test_read_to_me_comes_before_the_question_and_reads_school_words_as_english(
    live_server, new_page, world
):
    school_set = make_views_request(
        world.pupil_a1,
        make_question_set(school=world.school_a),
        created_by=world.senco_a,
        code="SCHOOL02",
    )
    page = pupil_page(new_page, live_server, school_set)
    page.add_init_script(SPOKEN)
    page.goto(f"{live_server.url}/ur/voice/question/2/")  # the sort
    buttons = page.locator("main .app-voice-read-button")
    # The question, then one for each of the three cards: none for the piles.
    assert buttons.count() == 4
    first_before_heading = page.evaluate(
        """() => {
            const button = document.querySelector('main .app-voice-read-button');
            const heading = document.querySelector('main h1');
            return !!(button.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert first_before_heading
    # By keyboard too: the first control Tab reaches in the form is Read to me.
    page.locator("#answer-form").evaluate(
        "form => form.querySelector('input[type=hidden]').focus()"
    )
    page.locator("#question-group").evaluate("group => group.closest('form').tabIndex = -1")
    page.locator("#answer-form").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "app-voice-read-button"
    buttons.nth(1).click()
    spoken = page.evaluate("window.spoken")
    assert spoken[0] == {"text": "Reading", "lang": "en"}
    assert [part["lang"] for part in spoken[1:]] == ["ur", "ur", "ur"]
    assert len(spoken) == 4
    buttons.first.click()
    assert page.evaluate("window.spoken.at(-1)") == {"text": "Sort these cards.", "lang": "en"}


def test_my_targets_says_what_was_saved_and_passes_axe(live_server, new_page, world, asked):
    make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book", "Asks for help"))
    page = pupil_page(new_page, live_server, asked)
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/voice/my-targets/")
    second = page.locator(".app-voice-target").nth(1)
    second.locator(".app-voice-choice__label").last.click()
    with page.expect_navigation():
        second.locator("button[type=submit]").click()
    assert page.url.split("#")[1] == second.get_attribute("id")
    banner = page.locator(f"#{second.get_attribute('id')} .govuk-notification-banner")
    assert banner.get_attribute("role") == "alert"
    assert "Saved. You said: Good." in banner.inner_text()
    failures = [axe_failures(page, "my targets, saved")]
    with page.expect_navigation():
        page.locator(".app-voice-target").first.locator("button[type=submit]").click()
    assert page.locator(".govuk-error-summary").is_visible()
    failures.append(axe_failures(page, "my targets, with an error"))
    assert [failure for failure in failures if failure] == []


PAGES = [
    ("start", "/voice/start/"),
    *[(f"question {n}", f"/voice/question/{n}/") for n in range(1, QUESTIONS + 1)],
    ("check your answers", "/voice/done/"),
    ("my targets", "/voice/my-targets/"),
    ("about the pictures", "/voice/symbols/"),
]


@pytest.mark.parametrize(
    ("width", "prefix", "symbols_on", "calm"),
    [
        (1280, "", True, False),
        (1280, "", False, False),
        (320, "", True, True),
        (320, "", False, True),
        (320, "/ur", True, False),
    ],
)
def test_every_pupil_page_passes_axe(
    live_server, new_page, world, asked, width, prefix, symbols_on, calm
):
    ViewsRequest.objects.filter(pk=asked.pk).update(symbols_on=symbols_on, calm=calm)
    make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book", "Asks for help"))
    page = pupil_page(new_page, live_server, asked, viewport={"width": width, "height": 900})
    failures = []
    for label, path in PAGES:
        response = page.goto(f"{live_server.url}{prefix}{path}")
        assert response.ok, (path, response.status)
        failure = axe_failures(page, f"{label} ({'pictures' if symbols_on else 'no pictures'})")
        if failure:
            failures.append(failure)
    # A question with its error showing.
    page.goto(f"{live_server.url}{prefix}/voice/question/1/")
    with page.expect_navigation():
        page.click("button[value=next]")
    assert page.locator(".govuk-error-summary").is_visible()
    failures.append(axe_failures(page, "question 1 with an error"))
    # The thank-you page.
    page.goto(f"{live_server.url}{prefix}/voice/done/")
    with page.expect_navigation():
        page.click(".app-voice-go")
    failures.append(axe_failures(page, "thank you"))
    assert [failure for failure in failures if failure] == []


def test_every_target_is_at_least_44_px(live_server, new_page, world, asked):
    make_plan(world.pupil_a1, world.senco_a)
    page = pupil_page(new_page, live_server, asked)
    small = []
    for _label, path in PAGES[:-1]:
        page.goto(f"{live_server.url}{path}")
        small += page.evaluate(
            """() => [...document.querySelectorAll(
                'main a, main button, main .app-voice-choice__label, main .govuk-checkboxes__input,'
                + ' footer a, footer button, footer .govuk-checkboxes__input, main textarea')]
              .map((el) => ({el, box: el.getBoundingClientRect()}))
              // A control not drawn (hidden until it applies, e.g. "Record again") is no target.
              .filter(({el}) => el.getClientRects().length > 0)
              .filter(({box}) => box.width < 44 || box.height < 44)
              .map(({el, box}) => `${location.pathname} ${el.tagName} ${el.className}`
                   + ` "${el.textContent.trim().slice(0, 30)}" ${box.width}x${box.height}`)"""
        )
    assert small == []


def test_a_question_page_weighs_at_most_100_kb_compressed(live_server, new_page, asked):
    page = pupil_page(new_page, live_server, asked)
    bodies: dict[str, bytes] = {}

    def keep(response):
        seen.append(response.url)

    seen: list[str] = []
    page.on("response", keep)
    page.goto(f"{live_server.url}/voice/question/2/")  # the sort: the most pictures
    page.wait_for_load_state("networkidle")
    for url in seen:
        with contextlib.suppress(Exception):  # a redirect has no body
            bodies[url] = page.context.request.get(url).body()
    assert any(url.endswith("voice.css") for url in bodies), seen
    total = sum(len(gzip.compress(body)) for body in bodies.values())
    script = sum(
        len(gzip.compress(body))
        for url, body in bodies.items()
        if url.split("?")[0].endswith(".js")
    )
    raw_script = sum(len(body) for url, body in bodies.items() if url.split("?")[0].endswith(".js"))
    print(
        f"\nPupil question page: {len(bodies)} resources, {total / 1024:.1f} KB compressed; "
        f"JavaScript {script / 1024:.1f} KB compressed ({raw_script / 1024:.1f} KB raw)"
    )
    assert total <= 100 * 1024
    assert raw_script <= 30 * 1024
