"""What the pupil's pages show back, and to whom: answers only to the visit that gave them; the
words kept when a recording is refused; every error link reaching its control; Read to me before
the question; a school's English words marked English on a Welsh or Urdu page; My targets
saying what was saved."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, make_plan
from voice.models import Answer, QuestionKind, SafeguardingFlag

from .conftest import give_visit, make_question_set, make_views_request
from .recordings import opus_webm, with_recording
from .test_answering import answer_of, q_url, question

pytestmark = pytest.mark.django_db


def new_visit(views_request) -> Client:
    """Another browser typing the same code: a visit of its own."""
    other = Client()
    give_visit(other, views_request)
    return other


def html_of(client, url) -> str:
    return client.get(url).content.decode()


def main_of(html: str) -> str:
    return html.split('id="main-content"')[1].split("</main>")[0]


# Answers show back only to the visit that gave them.


def test_a_new_visit_does_not_see_the_words_or_the_just_for_my_teacher_tick(
    pupil_client, views_request
):
    number, _item = question(views_request, QuestionKind.FREE_TEXT)
    pupil_client.post(q_url(number), {"answer": "My private worry words", "just_for_teacher": "on"})
    other = new_visit(views_request)
    html = html_of(other, q_url(number))
    assert "My private worry words" not in html
    assert 'aria-describedby="just_for_teacher-hint" checked' not in html
    assert "You answered this earlier." in html
    summary = html_of(other, reverse("voice:done"))
    assert "My private worry words" not in summary
    assert "Just for my teacher</strong>" not in summary
    assert "You answered this earlier." in summary


def test_a_new_visit_does_not_see_the_choices_made_before(pupil_client, views_request):
    number, item = question(views_request, QuestionKind.HELPS)
    timer, pictures, quiet = item.options.order_by("order")
    sort_number, sort = question(views_request, QuestionKind.SORT)
    reading = sort.options.order_by("order").first()
    pupil_client.post(q_url(number), {"answer": [str(quiet.pk)], "just_for_teacher": "on"})
    pupil_client.post(q_url(sort_number), {f"card_{reading.pk}": "dislike"})
    other = new_visit(views_request)
    assert " checked" not in main_of(html_of(other, q_url(number)))
    assert " checked" not in main_of(html_of(other, q_url(sort_number)))
    summary = main_of(html_of(other, reverse("voice:done")))
    assert "A quiet place" not in summary
    assert "I don&#x27;t like it" not in summary
    assert summary.count("You answered this earlier.") == 2


def test_the_visit_that_answered_still_sees_its_answers_after_a_reload(pupil_client, views_request):
    number, _item = question(views_request, QuestionKind.FREE_TEXT)
    yes_no, _yes_no = question(views_request, QuestionKind.YES_NO)
    pupil_client.post(q_url(number), {"answer": "I like the library.", "just_for_teacher": "on"})
    pupil_client.post(q_url(yes_no), {"answer": "not_sure"})
    html = html_of(pupil_client, q_url(number))
    assert "I like the library." in html
    assert 'aria-describedby="just_for_teacher-hint" checked' in html
    assert "You answered this earlier." not in html
    assert 'value="not_sure" checked' in html_of(pupil_client, q_url(yes_no))
    summary = html_of(pupil_client, reverse("voice:done"))
    assert "I like the library." in summary and "Not sure" in summary
    assert "Just for my teacher</strong>" in summary
    assert "You answered this earlier." not in summary


def test_answering_again_in_a_new_visit_replaces_the_old_answer(pupil_client, views_request):
    number, item = question(views_request, QuestionKind.YES_NO)
    pupil_client.post(q_url(number), {"answer": "no", "just_for_teacher": "on"})
    other = new_visit(views_request)
    assert other.post(q_url(number), {"answer": "yes"}).status_code == 302
    answer = answer_of(views_request, item)
    assert (answer.value, answer.just_for_teacher) == ({"answer": "yes"}, False)
    assert Answer.objects.filter(question=item).count() == 1
    html = html_of(other, q_url(number))
    assert 'value="yes" checked' in html and "You answered this earlier." not in html


def test_next_with_nothing_chosen_keeps_an_answer_given_in_an_earlier_visit(
    pupil_client, views_request
):
    number, item = question(views_request, QuestionKind.YES_NO)
    pupil_client.post(q_url(number), {"answer": "no", "just_for_teacher": "on"})
    other = new_visit(views_request)
    assert "Press Next to keep it, or answer again." in html_of(other, q_url(number))
    moved = other.post(q_url(number), {"action": "next"})
    assert moved.status_code == 302 and moved.url == q_url(number + 1)
    answer = answer_of(views_request, item)
    assert (answer.value, answer.just_for_teacher) == ({"answer": "no"}, True)
    # A question never answered still asks for an answer (or Skip).
    never, _never = question(views_request, QuestionKind.FEELINGS)
    assert other.post(q_url(never), {"action": "next"}).status_code == 400


def test_answering_again_in_a_new_visit_takes_away_the_old_recording(
    pupil_client, views_request, private_storage_dir
):
    number, item = question(views_request, QuestionKind.FREE_TEXT)
    pupil_client.post(q_url(number), {"answer": "First words"})
    with_recording(answer_of(views_request, item))
    html = html_of(new_visit(views_request), q_url(number))
    assert "You recorded an answer" not in html
    new_visit(views_request).post(q_url(number), {"answer": "New words"})
    answer = answer_of(views_request, item)
    assert (answer.text, bool(answer.audio)) == ("New words", False)


def test_carry_on_still_goes_to_the_first_question_not_answered(pupil_client, views_request):
    pupil_client.post(q_url(1), {"answer": "5"})
    pupil_client.post(q_url(2), {"action": "skip"})
    html = html_of(new_visit(views_request), reverse("voice:start"))
    assert "Carry on" in html and f'href="{q_url(3)}"' in html


def test_typing_the_code_again_in_the_same_browser_starts_a_visit_that_sees_nothing(
    client, world, question_set
):
    views_request = make_views_request(world.pupil_a1, question_set, code="ACEF3479")
    client.post("/voice/", {"code": "ACEF 3479"})
    client.post(q_url(1), {"answer": "5"})
    assert 'value="5" checked' in html_of(client, q_url(1))
    client.post("/voice/stop/")
    assert client.get(q_url(1)).status_code == 404
    client.post("/voice/", {"code": views_request.code})
    html = html_of(client, q_url(1))
    assert 'value="5" checked' not in html
    assert "You answered this earlier." in html


# A refused recording keeps the words and the flag they raised.


def test_a_refused_recording_keeps_the_words_and_their_safeguarding_flag(
    pupil_client, views_request, private_storage_dir
):
    number, item = question(views_request, QuestionKind.FREE_TEXT)
    page = pupil_client.post(
        q_url(number),
        {
            "answer": "My brother hurts me at home",
            "just_for_teacher": "on",
            "audio": SimpleUploadedFile("notes.txt", b"not a recording", "audio/webm"),
        },
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert (
        '<a href="#id_audio">The file is not a sound recording. Record your answer again.</a>'
        in html
    )
    assert 'id="id_audio-error"' in html
    assert ">My brother hurts me at home</textarea>" in html
    assert 'aria-describedby="just_for_teacher-hint" checked' in html
    answer = answer_of(views_request, item)
    assert (answer.text, answer.just_for_teacher, bool(answer.audio)) == (
        "My brother hurts me at home",
        True,
        False,
    )
    assert SafeguardingFlag.objects.filter(answer=answer).exists()


def test_a_refused_recording_with_no_words_keeps_nothing(
    pupil_client, views_request, private_storage_dir
):
    number, item = question(views_request, QuestionKind.FREE_TEXT)
    page = pupil_client.post(
        q_url(number),
        {"answer": "", "audio": SimpleUploadedFile("notes.txt", b"words", "audio/webm")},
    )
    assert page.status_code == 400
    assert not Answer.objects.filter(question=item).exists()


def test_words_and_a_good_recording_are_both_kept(pupil_client, views_request, private_storage_dir):
    number, item = question(views_request, QuestionKind.FREE_TEXT)
    page = pupil_client.post(
        q_url(number),
        {"answer": "Listen", "audio": SimpleUploadedFile("blob", opus_webm(), "audio/webm")},
    )
    assert page.status_code == 302
    answer = answer_of(views_request, item)
    assert answer.text == "Listen" and answer.audio


# Every error summary link goes to a control on the page.

BAD_POSTS = {
    QuestionKind.FEELINGS: {"answer": ""},
    QuestionKind.SORT: {},
    QuestionKind.CHOICE: {"answer": ""},
    QuestionKind.YES_NO: {"answer": "maybe"},
    QuestionKind.HELPS: {"answer": []},
    QuestionKind.FREE_TEXT: {"answer": "  "},
    QuestionKind.WHO_HELPED: {"answer": ["the cat"]},
}


def summary_links(html: str) -> list[str]:
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    return re.findall(r'href="#([^"]+)"', summary)


def assert_links_reach_controls(html: str) -> None:
    links = summary_links(html)
    assert links
    for target in links:
        assert re.search(rf'<(input|textarea|select)\b[^>]*\bid="{re.escape(target)}"', html), (
            target
        )


@pytest.mark.parametrize("kind", list(BAD_POSTS))
def test_each_error_summary_link_goes_to_a_control_on_the_page(pupil_client, views_request, kind):
    number, _item = question(views_request, kind)
    page = pupil_client.post(q_url(number), {**BAD_POSTS[kind], "action": "next"})
    assert page.status_code == 400
    assert_links_reach_controls(page.content.decode())


def test_a_sort_error_on_one_card_links_to_that_cards_first_pile(pupil_client, views_request):
    number, item = question(views_request, QuestionKind.SORT)
    reading, football, _painting = item.options.order_by("order")
    page = pupil_client.post(
        q_url(number), {f"card_{reading.pk}": "like", f"card_{football.pk}": "the bin"}
    )
    html = page.content.decode()
    assert summary_links(html) == [f"card_{football.pk}-0"]
    assert_links_reach_controls(html)


def test_a_sort_with_no_card_placed_links_to_the_first_pile_of_the_first_card(
    pupil_client, views_request
):
    number, item = question(views_request, QuestionKind.SORT)
    first = item.options.order_by("order").first()
    html = pupil_client.post(q_url(number), {}).content.decode()
    assert summary_links(html) == [f"card_{first.pk}-0"]


def test_a_refused_recording_links_to_the_file_input(
    pupil_client, views_request, private_storage_dir
):
    number, _item = question(views_request, QuestionKind.FREE_TEXT)
    page = pupil_client.post(
        q_url(number),
        {"answer": "", "audio": SimpleUploadedFile("a.txt", b"text", "audio/webm")},
    )
    assert summary_links(page.content.decode()) == ["id_audio"]
    assert_links_reach_controls(page.content.decode())


def test_my_targets_error_links_to_the_posted_targets_first_face_and_shows_beside_it(
    pupil_client, world
):
    cycle = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book", "Asks"))
    first, second = cycle.outcomes.order_by("pk")
    page = pupil_client.post("/voice/my-targets/", {"outcome": second.pk, "face": ""})
    html = page.content.decode()
    assert page.status_code == 400
    assert summary_links(html) == [f"face-{second.pk}-1"]
    assert_links_reach_controls(html)
    target = html.split(f'id="target-{second.pk}"')[1].split("</form>")[0]
    assert "govuk-form-group--error" in target
    assert f'aria-describedby="target-{second.pk}-error"' in target
    assert "Choose a face." in target
    other = html.split(f'id="target-{first.pk}"')[1].split("</form>")[0]
    assert "govuk-error-message" not in other


# Read to me: before the question, one a card on a sort.


def test_read_to_me_goes_before_the_question_and_once_a_card_on_a_sort(pupil_client, views_request):
    number, item = question(views_request, QuestionKind.SORT)
    html = main_of(html_of(pupil_client, q_url(number)))
    assert 'data-read data-read-before="question-group"' in html
    assert html.index('id="question-group"') < html.index("Sort these cards.")
    cards = list(item.options.order_by("order"))
    # The question and one a card; the piles' words are read with their card.
    assert html.count("data-read") - html.count("data-read-") == 1 + len(cards)
    first = cards[0]
    assert (
        f'data-read-with="card_{first.pk}-0-words card_{first.pk}-1-words card_{first.pk}-2-words"'
        in html
    )
    assert f'id="card_{first.pk}-2-words"' in html


# A school's own English words on a Welsh or Urdu page.


def school_request(world, code="SCHOOL01"):
    return make_views_request(world.pupil_a1, make_question_set(school=world.school_a), code=code)


def test_a_school_sets_words_are_marked_english_on_an_urdu_page(client, world):
    views_request = school_request(world)
    give_visit(client, views_request)
    number, item = question(views_request, QuestionKind.CHOICE)
    html = html_of(client, f"/ur/voice/question/{number}/")
    assert '<html lang="ur" dir="rtl"' in html
    assert re.search(r'<span [^>]*lang="en" dir="ltr">Where do you like to work\?</span>', html)
    assert re.search(r'lang="en" dir="ltr">At my table</span>', html)
    start = html_of(client, "/ur/voice/start/")
    assert re.search(r'lang="en" dir="ltr">Tell us about school.</p>', start)
    sort_number, _sort = question(views_request, QuestionKind.SORT)
    assert re.search(
        r'lang="en" dir="ltr">Reading</span>', html_of(client, f"/cy/voice/question/{sort_number}/")
    )


def test_a_school_sets_words_are_not_marked_on_an_english_page(client, world):
    views_request = school_request(world)
    give_visit(client, views_request)
    number, _item = question(views_request, QuestionKind.CHOICE)
    assert 'lang="en" dir="ltr"' not in main_of(html_of(client, q_url(number)))


def test_a_built_in_sets_words_keep_the_page_language(pupil_client, views_request):
    number, _item = question(views_request, QuestionKind.CHOICE)
    html = html_of(pupil_client, f"/ur/voice/question/{number}/")
    assert 'lang="en"' not in main_of(html)


def test_the_summary_marks_a_school_sets_words_english_on_a_welsh_page(client, world):
    views_request = school_request(world)
    give_visit(client, views_request)
    number, item = question(views_request, QuestionKind.CHOICE)
    table = item.options.order_by("order").first()
    client.post(q_url(number), {"answer": str(table.pk)})
    html = html_of(client, "/cy/voice/done/")
    assert '<dt class="govuk-summary-list__key" lang="en" dir="ltr">Where do you like' in html
    assert '<span lang="en" dir="ltr">At my table</span>' in html


# My targets says what was saved.


def test_my_targets_says_what_was_saved_beside_the_target(pupil_client, world):
    cycle = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book", "Asks"))
    first, second = cycle.outcomes.order_by("pk")
    page = pupil_client.post("/voice/my-targets/", {"outcome": second.pk, "face": "3"})
    assert page["Location"] == f"/voice/my-targets/#target-{second.pk}"
    html = html_of(pupil_client, "/voice/my-targets/")
    target = html.split(f'id="target-{second.pk}"')[1].split("</form>")[0]
    assert 'role="alert"' in target
    assert "Saved. You said: Good." in target
    assert "Saved." not in html.split(f'id="target-{first.pk}"')[1].split("</form>")[0]
    # Said once: a reload shows the page without it.
    assert "Saved. You said" not in html_of(pupil_client, "/voice/my-targets/")


def test_a_new_visit_does_not_see_the_faces_chosen_for_targets_before(
    pupil_client, views_request, world
):
    cycle = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book",))
    target = cycle.outcomes.get()
    pupil_client.post("/voice/my-targets/", {"outcome": target.pk, "face": "1"})
    mine = main_of(html_of(pupil_client, "/voice/my-targets/"))
    assert " checked" in mine.split(f'id="target-{target.pk}"')[1]
    theirs = main_of(html_of(new_visit(views_request), "/voice/my-targets/"))
    assert "I can: reads a short book" in theirs
    assert " checked" not in theirs


# Whoever signs in on the pupil's browser ends the pupil's visit there.


def test_signing_in_on_the_pupils_browser_ends_the_visit(pupil_client, views_request, world):
    number, _item = question(views_request, QuestionKind.FREE_TEXT)
    pupil_client.post(q_url(number), {"answer": "My private worry words", "just_for_teacher": "on"})
    signed_in = pupil_client.post(
        "/accounts/login/", {"login": world.parent_1.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert pupil_client.get(reverse("voice:done")).status_code == 404
    assert pupil_client.get(q_url(number)).status_code == 404
    # Typing the code again starts a visit that shows nothing back.
    give_visit(pupil_client, views_request)
    assert "My private worry words" not in html_of(pupil_client, reverse("voice:done"))


def test_a_tick_alone_on_an_earlier_answer_makes_it_just_for_the_teacher(
    pupil_client, views_request
):
    number, item = question(views_request, QuestionKind.YES_NO)
    pupil_client.post(q_url(number), {"answer": "no"})
    other = new_visit(views_request)
    moved = other.post(q_url(number), {"action": "next", "just_for_teacher": "on"})
    assert moved.status_code == 302
    answer = answer_of(views_request, item)
    assert (answer.value, answer.just_for_teacher) == ({"answer": "no"}, True)
    # Never the other way: leaving the tick off keeps it just for the teacher.
    new_visit(views_request).post(q_url(number), {"action": "next"})
    assert answer_of(views_request, item).just_for_teacher is True
