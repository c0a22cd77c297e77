"""Staff read a question set's words as the pupil saw them: a built-in set's in the page's
language, a school's copy as the school wrote it (marked English on a page in another language),
and the words people typed keep their own direction on an Urdu page."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.utils import timezone, translation

from portal.audit.actors import AuditContext
from portal.support.meetings.models import RecordStatus
from tests.factories import MeetingFactory
from tests.voice.factories import flag_response, make_response
from voice.models import QuestionKind, QuestionOption, QuestionSet, SetScope
from voice.sets import services

FREE_TEXT_WORDS = "I can use a long sentence."


def built_in(key: str = "all_about_me") -> QuestionSet:
    return QuestionSet.objects.get(scope=SetScope.BUILT_IN, key=key)


def school_copy(world) -> QuestionSet:
    return services.question_set_copy(
        actor=world.senco_a, context=AuditContext(), source=built_in(), school=world.school_a
    )


def in_urdu(text: str) -> str:
    with translation.override("ur"):
        return translation.gettext(text)


def main_of(client, url: str) -> BeautifulSoup:
    page = client.get(url)
    assert page.status_code == 200
    return BeautifulSoup(page.content, "html.parser").select_one("main")


def marked_english(main, text: str) -> bool:
    return any(
        element.get_text(" ", strip=True) == text
        for element in main.select('[lang="en"][dir="ltr"]')
    )


def test_an_urdu_set_page_shows_a_school_copy_in_english_as_the_pupil_sees_it(world, client_as):
    copy = school_copy(world)
    question = copy.questions.order_by("order").first()
    assert in_urdu(question.text) != question.text
    main = main_of(client_as(world.senco_a), f"/ur/portal/question-sets/{copy.pk}/")
    assert marked_english(main, question.text)
    assert in_urdu(question.text) not in main.get_text()


def test_an_urdu_set_page_shows_a_built_in_set_in_urdu(world, client_as):
    source = built_in()
    question = source.questions.order_by("order").first()
    main = main_of(client_as(world.senco_a), f"/ur/portal/question-sets/{source.pk}/")
    assert in_urdu(question.text) in main.get_text()
    assert not marked_english(main, question.text)


def test_an_urdu_response_page_shows_a_school_copys_questions_and_cards_in_english(
    world, client_as
):
    copy = school_copy(world)
    response = make_response(pupil=world.pupil_a1, question_set=copy, free_text=FREE_TEXT_WORDS)
    main = main_of(client_as(world.senco_a), f"/ur/portal/pupil-views/{response.pk}/")
    for answer in response.answers.select_related("question"):
        assert marked_english(main, answer.question.text), answer.question.text
    # Every card of the sort is placed; the cards picked of "things that help" include the first.
    sorted_cards = QuestionOption.objects.filter(
        question__question_set=copy, question__kind=QuestionKind.SORT
    )
    first_help = QuestionOption.objects.filter(
        question__question_set=copy, question__kind=QuestionKind.HELPS
    ).order_by("order", "pk")[:1]
    cards = [option.text for option in [*sorted_cards, *first_help]]
    assert len(cards) > 1
    for card in cards:
        shown = main.find(string=lambda text, card=card: card in text)
        assert shown is not None and shown.find_parent(attrs={"lang": "en", "dir": "ltr"}), card
    words = main.find(string=lambda text: FREE_TEXT_WORDS in text)
    assert words is not None and words.find_parent(attrs={"dir": "auto"}) is not None


def test_an_english_response_page_marks_no_words_english(world, client_as):
    response = make_response(pupil=world.pupil_a1, question_set=school_copy(world))
    main = main_of(client_as(world.senco_a), f"/portal/pupil-views/{response.pk}/")
    assert not main.select('[lang="en"]')


def test_the_urdu_flag_page_shows_a_built_in_sets_questions_in_urdu(world, client_as):
    response = make_response(pupil=world.pupil_a1, question_set=built_in())
    flag = flag_response(response)
    main = main_of(client_as(world.dsl_a), f"/ur/portal/safeguarding/{flag.pk}/")
    answers = main.select_one("#answers").get_text(" ", strip=True)
    for answer in response.answers.select_related("question"):
        assert in_urdu(answer.question.text) in answers
        if in_urdu(answer.question.text) != answer.question.text:
            assert answer.question.text not in answers


def test_the_urdu_flag_page_shows_a_school_copys_questions_in_english(world, client_as):
    response = make_response(pupil=world.pupil_a1, question_set=school_copy(world))
    flag = flag_response(response)
    main = main_of(client_as(world.dsl_a), f"/ur/portal/safeguarding/{flag.pk}/")
    for answer in response.answers.select_related("question"):
        assert marked_english(main.select_one("#answers"), answer.question.text)


def test_the_pupils_words_on_the_flag_page_take_their_own_direction(world, client_as):
    response = make_response(
        pupil=world.pupil_a1, question_set=built_in(), free_text=FREE_TEXT_WORDS
    )
    flag = flag_response(response)
    main = main_of(client_as(world.dsl_a), f"/ur/portal/safeguarding/{flag.pk}/")
    when_flagged = main.select_one("#words-when-flagged [dir=auto]")
    assert when_flagged.get_text(strip=True) == FREE_TEXT_WORDS
    now = main.select_one("#answer-now [dir=auto]")
    assert now.get_text(strip=True) == FREE_TEXT_WORDS


def test_the_urdu_meeting_record_shows_a_school_copys_questions_in_english(world, client_as):
    meeting = MeetingFactory(
        pupil=world.pupil_a1,
        starts_at=timezone.now() - timezone.timedelta(days=1),
        record_status=RecordStatus.SHARED,
        shared_at=timezone.now(),
    )
    response = make_response(
        pupil=world.pupil_a1,
        question_set=school_copy(world),
        meeting=meeting,
        reviewed_by=world.senco_a,
        free_text=FREE_TEXT_WORDS,
    )
    main = main_of(client_as(world.senco_a), f"/ur/portal/meetings/{meeting.pk}/record/")
    panel = main.select_one("#voice-meeting-panel")
    for answer in response.answers.select_related("question"):
        assert marked_english(panel, answer.question.text), answer.question.text
    words = panel.find(string=lambda text: FREE_TEXT_WORDS in text)
    assert words is not None and words.find_parent(attrs={"dir": "auto"}) is not None
