"""Question sets: the built-in sets, a SENCO's copies, a trust's published sets, and a set that
never changes under a pupil who was asked with it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from tests.factories import SchoolFactory, TrustFactory
from voice.models import (
    Question,
    QuestionKind,
    QuestionOption,
    QuestionSet,
    SetPurpose,
    SetScope,
    SetStatus,
    ViewsRequest,
)
from voice.sets import services
from voice.sets.builtin import builtin_data, builtin_sets_ensure
from voice.sets.selectors import sets_for_school, symbol_codes

CTX = AuditContext()


def built_in(key: str) -> QuestionSet:
    return QuestionSet.objects.get(scope=SetScope.BUILT_IN, key=key)


def school_copy(world, key="all_about_me", school=None) -> QuestionSet:
    return services.question_set_copy(
        actor=world.senco_a, context=CTX, source=built_in(key), school=school or world.school_a
    )


def ask_pupil_with(question_set, pupil) -> ViewsRequest:
    return ViewsRequest.objects.create(
        school=pupil.school,
        pupil=pupil,
        question_set=question_set,
        code="ABCDEFGH",
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )


# The built-in sets ---------------------------------------------------------------------------


def test_the_three_built_in_sets_exist_after_migrate_and_ensure_is_idempotent(db):
    keys = set(QuestionSet.objects.filter(scope=SetScope.BUILT_IN).values_list("key", flat=True))
    assert keys == {"all_about_me", "before_my_review", "how_is_my_support_going"}
    before = list(Question.objects.order_by("pk").values_list("pk", "text"))
    builtin_sets_ensure()
    builtin_sets_ensure()
    assert list(Question.objects.order_by("pk").values_list("pk", "text")) == before
    assert QuestionSet.objects.filter(scope=SetScope.BUILT_IN).count() == 3


def test_built_in_sets_have_their_purposes_and_are_ready(db):
    assert built_in("all_about_me").purpose == SetPurpose.ALL_ABOUT_ME
    assert built_in("before_my_review").purpose == SetPurpose.BEFORE_REVIEW
    assert built_in("how_is_my_support_going").purpose == SetPurpose.SUPPORT_GOING
    for question_set in QuestionSet.objects.filter(scope=SetScope.BUILT_IN):
        assert question_set.status == SetStatus.READY
        assert services.ready_problems(question_set) == []


def test_every_built_in_set_ends_with_who_helped_and_all_kinds_are_used(db):
    kinds = set()
    for question_set in QuestionSet.objects.filter(scope=SetScope.BUILT_IN):
        questions = list(question_set.questions.order_by("order"))
        assert questions[-1].kind == QuestionKind.WHO_HELPED
        kinds |= {q.kind for q in questions}
    assert kinds == set(QuestionKind.values)
    sizes = set(
        Question.objects.filter(kind=QuestionKind.FEELINGS).values_list("scale_size", flat=True)
    )
    assert sizes == {3, 5}
    assert Question.objects.filter(kind=QuestionKind.FREE_TEXT, allow_audio=True).exists()


def test_all_about_me_feeds_the_passports_built_in_headings_by_their_exact_titles(db):
    from portal.support.passports.selectors import BUILT_IN_HEADINGS

    titles = {title for title, _guidance in BUILT_IN_HEADINGS}
    used = set(
        built_in("all_about_me")
        .questions.exclude(passport_heading="")
        .values_list("passport_heading", flat=True)
    )
    assert used == titles


def test_every_symbol_of_the_built_in_sets_is_in_the_palette_and_in_openmoji(db):
    from pathlib import Path

    palette = symbol_codes()
    openmoji = Path("node_modules/openmoji/color/svg")
    used = set(Question.objects.exclude(symbol="").values_list("symbol", flat=True)) | set(
        QuestionOption.objects.exclude(symbol="").values_list("symbol", flat=True)
    )
    assert used and used <= palette
    assert 60 <= len(palette) <= 120
    if openmoji.exists():
        assert [code for code in palette if not (openmoji / f"{code}.svg").exists()] == []


def test_every_question_and_card_of_the_built_in_sets_has_a_symbol():
    for item in builtin_data():
        for question in item["questions"]:
            assert question.get("symbol"), question["text"]
            for option in question.get("options", []):
                assert option.get("symbol"), option["text"]


# Copying and editing -------------------------------------------------------------------------


def test_senco_copies_a_built_in_set_with_its_questions_and_cards_as_a_draft(world, client_as):
    client = client_as(world.senco_a)
    source = built_in("all_about_me")
    response = client.post(
        reverse("voice:set_copy", args=[source.pk]), {"target": f"school-{world.school_a.pk}"}
    )
    copy = QuestionSet.objects.get(scope=SetScope.SCHOOL, school=world.school_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("voice:set_detail", args=[copy.pk])
    assert copy.status == SetStatus.DRAFT
    assert copy.based_on == source
    assert [q.text for q in copy.questions.all()] == [q.text for q in source.questions.all()]
    assert QuestionOption.objects.filter(question__question_set=copy).count() == (
        QuestionOption.objects.filter(question__question_set=source).count()
    )
    assert AuditEvent.objects.filter(action=AuditAction.VOICE_SET_CHANGED).exists()


def test_senco_changes_the_words_of_the_copy_and_the_built_in_set_keeps_its_own(world, client_as):
    copy = school_copy(world)
    client = client_as(world.senco_a)
    response = client.post(
        reverse("voice:set_edit", args=[copy.pk]),
        {"title": "About me at Riverside", "introduction": "Tell us.", "purpose": "all_about_me"},
    )
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.title == "About me at Riverside"
    assert built_in("all_about_me").title == "All about me"
    page = client.get(reverse("voice:set_list", args=[world.school_a.pk]))
    assert "About me at Riverside" in page.content.decode()


def test_senco_adds_a_question_before_the_closing_who_helped(world, client_as):
    copy = school_copy(world)
    client = client_as(world.senco_a)
    response = client.post(
        reverse("voice:question_add", args=[copy.pk]),
        {
            "kind": "feelings",
            "text": "How do you feel at lunch?",
            "scale_size": "3",
            "symbol": "1F37D",
        },
    )
    assert response.status_code == 302
    questions = list(copy.questions.order_by("order"))
    assert questions[-2].text == "How do you feel at lunch?"
    assert questions[-2].symbol == "1F37D"
    assert questions[-1].kind == QuestionKind.WHO_HELPED


def test_a_feelings_question_without_a_number_of_faces_names_the_field(world, client_as):
    copy = school_copy(world)
    response = client_as(world.senco_a).post(
        reverse("voice:question_add", args=[copy.pk]), {"kind": "feelings", "text": "How?"}
    )
    assert response.status_code == 200
    assert "Choose 3 faces or 5 faces" in response.content.decode()
    assert not copy.questions.filter(text="How?").exists()


def test_a_symbol_outside_the_palette_is_refused(world, client_as):
    copy = school_copy(world)
    response = client_as(world.senco_a).post(
        reverse("voice:question_add", args=[copy.pk]),
        {"kind": "yes_no", "text": "Do you like it?", "symbol": "../../etc/passwd"},
    )
    assert response.status_code == 200
    assert not copy.questions.filter(text="Do you like it?").exists()


def test_senco_moves_a_question_down_and_up(world, client_as):
    copy = school_copy(world)
    first, second = list(copy.questions.order_by("order"))[:2]
    client = client_as(world.senco_a)
    url = reverse("voice:question_move", args=[copy.pk, first.pk])
    client.post(url, {"direction": "down"})
    assert list(copy.questions.order_by("order"))[:2] == [second, first]
    client.post(url, {"direction": "up"})
    assert list(copy.questions.order_by("order"))[:2] == [first, second]


def test_senco_removes_a_question_after_confirming(world, client_as):
    copy = school_copy(world)
    question = copy.questions.order_by("order").first()
    client = client_as(world.senco_a)
    url = reverse("voice:question_delete", args=[copy.pk, question.pk])
    assert "Remove the question" in client.get(url).content.decode()
    assert Question.objects.filter(pk=question.pk).exists()
    client.post(url)
    assert not Question.objects.filter(pk=question.pk).exists()


def test_cards_are_added_changed_moved_and_removed(world, client_as):
    copy = school_copy(world)
    sort = copy.questions.get(kind=QuestionKind.SORT)
    client = client_as(world.senco_a)
    client.post(
        reverse("voice:card_add", args=[copy.pk, sort.pk]),
        {"text": "Ride my bike", "symbol": "1F6B2"},
    )
    card = sort.options.get(text="Ride my bike")
    assert list(sort.options.all())[-1] == card
    client.post(
        reverse("voice:card_edit", args=[copy.pk, sort.pk, card.pk]),
        {"text": "Ride a bike", "symbol": ""},
    )
    card.refresh_from_db()
    assert (card.text, card.symbol) == ("Ride a bike", "")
    client.post(reverse("voice:card_move", args=[copy.pk, sort.pk, card.pk]), {"direction": "up"})
    assert list(sort.options.all())[-2] == card
    client.post(reverse("voice:card_delete", args=[copy.pk, sort.pk, card.pk]))
    assert not QuestionOption.objects.filter(pk=card.pk).exists()


def test_a_set_with_a_sort_of_one_card_cannot_be_marked_ready(world, client_as):
    copy = school_copy(world)
    sort = copy.questions.get(kind=QuestionKind.SORT)
    sort.options.exclude(pk=sort.options.first().pk).delete()
    client = client_as(world.senco_a)
    response = client.post(reverse("voice:set_ready", args=[copy.pk]))
    assert response.status_code == 400
    assert "Add at least 2 cards to question 2" in response.content.decode()
    copy.refresh_from_db()
    assert copy.status == SetStatus.DRAFT


def test_a_ready_set_keeps_two_cards_on_each_sort(world):
    copy = school_copy(world)
    services.question_set_mark_ready(actor=world.senco_a, context=CTX, question_set=copy)
    choice = copy.questions.get(kind=QuestionKind.SORT)
    cards = list(choice.options.all())
    for card in cards[:-2]:
        services.card_delete(actor=world.senco_a, context=CTX, card=card)
    with pytest.raises(services.ValidationError):
        services.card_delete(actor=world.senco_a, context=CTX, card=cards[-1])
    assert choice.options.count() == 2


def test_senco_marks_the_copy_ready_after_checking_it(world, client_as):
    copy = school_copy(world)
    client = client_as(world.senco_a)
    page = client.get(reverse("voice:set_ready", args=[copy.pk]))
    assert "Check the set before pupils use it" in page.content.decode()
    client.post(reverse("voice:set_ready", args=[copy.pk]))
    copy.refresh_from_db()
    assert copy.status == SetStatus.READY


def test_an_archived_set_leaves_the_schools_list(world, client_as):
    copy = school_copy(world)
    client = client_as(world.senco_a)
    client.post(reverse("voice:set_archive", args=[copy.pk]))
    copy.refresh_from_db()
    assert copy.status == SetStatus.ARCHIVED
    assert copy not in sets_for_school(world.school_a)


# Who may ---------------------------------------------------------------------------------------


def test_teacher_reads_the_schools_sets_but_cannot_copy_or_change_them(world, client_as):
    copy = school_copy(world)
    client = client_as(world.teacher_a)
    assert client.get(reverse("voice:set_list", args=[world.school_a.pk])).status_code == 200
    page = client.get(reverse("voice:set_detail", args=[copy.pk]))
    assert page.status_code == 200
    assert "Add a question" not in page.content.decode()
    assert client.get(reverse("voice:set_copy", args=[copy.pk])).status_code == 404
    assert client.get(reverse("voice:set_edit", args=[copy.pk])).status_code == 403
    response = client.post(
        reverse("voice:question_add", args=[copy.pk]), {"kind": "yes_no", "text": "Sneaky?"}
    )
    assert response.status_code == 403
    assert not copy.questions.filter(text="Sneaky?").exists()


def test_parent_and_another_schools_senco_get_404(world, client_as):
    copy = school_copy(world)
    for user in (world.parent_1, world.senco_c):
        client = client_as(user)
        assert client.get(reverse("voice:set_list", args=[world.school_a.pk])).status_code == 404
        assert client.get(reverse("voice:set_detail", args=[copy.pk])).status_code == 404
        assert client.get(reverse("voice:set_edit", args=[copy.pk])).status_code == 404


def test_nobody_changes_a_built_in_set(world, client_as):
    source = built_in("all_about_me")
    client = client_as(world.senco_a)
    assert client.get(reverse("voice:set_detail", args=[source.pk])).status_code == 200
    assert client.get(reverse("voice:set_edit", args=[source.pk])).status_code == 403
    question = source.questions.first()
    url = reverse("voice:question_delete", args=[source.pk, question.pk])
    assert client.post(url).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


# The trust --------------------------------------------------------------------------------------


def test_trust_lead_publishes_a_set_that_every_school_of_the_trust_sees(world, client_as):
    client = client_as(world.trust_lead)
    source = built_in("how_is_my_support_going")
    client.post(reverse("voice:set_copy", args=[source.pk]), {"target": f"trust-{world.trust.pk}"})
    trust_set = QuestionSet.objects.get(scope=SetScope.TRUST, trust=world.trust)
    client.post(
        reverse("voice:set_edit", args=[trust_set.pk]),
        {"title": "Riverside: my support", "introduction": "", "purpose": "support_going"},
    )
    assert trust_set not in sets_for_school(world.school_a)  # a draft reaches nobody
    client.post(reverse("voice:set_ready", args=[trust_set.pk]))
    trust_set.refresh_from_db()
    assert trust_set.status == SetStatus.READY
    assert AuditEvent.objects.filter(action=AuditAction.VOICE_SET_PUBLISHED).exists()
    assert trust_set in sets_for_school(world.school_a)
    assert trust_set in sets_for_school(world.school_b)
    assert trust_set not in sets_for_school(world.school_c)
    senco_b = client_as(world.senco_b)
    assert (
        "Riverside: my support"
        in senco_b.get(reverse("voice:set_list", args=[world.school_b.pk])).content.decode()
    )
    # The other trust's school reaches none of it.
    senco_c = client_as(world.senco_c)
    assert senco_c.get(reverse("voice:set_detail", args=[trust_set.pk])).status_code == 404


def test_a_school_may_copy_its_trusts_published_set_but_not_change_it(world, client_as):
    trust_set = services.question_set_copy(
        actor=world.trust_lead, context=CTX, source=built_in("all_about_me"), trust=world.trust
    )
    services.question_set_mark_ready(actor=world.trust_lead, context=CTX, question_set=trust_set)
    client = client_as(world.senco_a)
    assert client.get(reverse("voice:set_edit", args=[trust_set.pk])).status_code == 403
    client.post(
        reverse("voice:set_copy", args=[trust_set.pk]), {"target": f"school-{world.school_a.pk}"}
    )
    assert QuestionSet.objects.filter(school=world.school_a, based_on=trust_set).exists()


def test_another_trusts_lead_cannot_see_the_trusts_sets(world, client_as):
    from tests.factories import TrustRoleFactory

    other_lead = TrustRoleFactory(trust=TrustFactory()).user
    client = client_as(other_lead)
    url = reverse("voice:trust_set_list", args=[world.trust.pk])
    assert client.get(url).status_code == 404


# A set in use --------------------------------------------------------------------------------


def test_a_set_a_pupil_was_asked_with_never_changes_under_them(world, client_as):
    copy = school_copy(world)
    services.question_set_mark_ready(actor=world.senco_a, context=CTX, question_set=copy)
    ask_pupil_with(copy, world.pupil_a1)
    question = copy.questions.order_by("order").first()
    before = list(copy.questions.values_list("pk", "order", "text"))
    client = client_as(world.senco_a)
    page = client.get(reverse("voice:set_detail", args=[copy.pk])).content.decode()
    assert "Make a copy to change it" in page
    response = client.post(
        reverse("voice:question_edit", args=[copy.pk, question.pk]),
        {"kind": "yes_no", "text": "Changed?"},
    )
    assert "Make a copy to change it" in response.content.decode()
    client.post(reverse("voice:question_delete", args=[copy.pk, question.pk]))
    client.post(reverse("voice:question_move", args=[copy.pk, question.pk]), {"direction": "down"})
    assert list(copy.questions.values_list("pk", "order", "text")) == before
    # A copy of it is free to change.
    client.post(
        reverse("voice:set_copy", args=[copy.pk]), {"target": f"school-{world.school_a.pk}"}
    )
    assert QuestionSet.objects.filter(based_on=copy, status=SetStatus.DRAFT).exists()


def test_a_built_in_set_in_use_keeps_its_questions_when_ensured_again(world):
    source = built_in("before_my_review")
    ask_pupil_with(source, world.pupil_a1)
    before = list(source.questions.values_list("pk", flat=True))
    Question.objects.filter(pk=before[0]).update(text="Changed in the database")
    builtin_sets_ensure()
    assert list(source.questions.values_list("pk", flat=True)) == before


# Queries -----------------------------------------------------------------------------------------


def _many_sets(school, count):
    for n in range(count):
        QuestionSet.objects.create(
            scope=SetScope.SCHOOL,
            school=school,
            purpose=SetPurpose.OTHER,
            title=f"Set {n}",
            status=SetStatus.READY,
        )
    if school.trust_id:
        for n in range(count):
            QuestionSet.objects.create(
                scope=SetScope.TRUST,
                trust_id=school.trust_id,
                purpose=SetPurpose.OTHER,
                title=f"Trust set {n}",
                status=SetStatus.READY,
            )


def test_the_set_list_costs_the_same_queries_for_one_set_or_many(
    world, client_as, django_assert_num_queries
):
    small = SchoolFactory(trust=TrustFactory())
    large = SchoolFactory(trust=TrustFactory())
    _many_sets(small, 1)
    _many_sets(large, 30)
    from tests.factories import StaffMembershipFactory

    StaffMembershipFactory(school=small, user=world.senco_a, role="senco")
    StaffMembershipFactory(school=large, user=world.senco_a, role="senco")
    client = client_as(world.senco_a)
    client.get(reverse("voice:set_list", args=[small.pk]))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("voice:set_list", args=[small.pk]))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("voice:set_list", args=[large.pk]))
    assert response.content.decode().count("Trust set") == 30


def test_a_sets_page_costs_the_same_queries_for_few_or_many_questions(
    world, client_as, django_assert_num_queries
):
    few = school_copy(world, "before_my_review")
    many = school_copy(world, "all_about_me")
    for n in range(10):
        services.question_add(
            actor=world.senco_a,
            context=CTX,
            question_set=many,
            data=services.QuestionInput(kind="choice", text=f"Pick one {n}"),
        )
    client = client_as(world.senco_a)
    client.get(reverse("voice:set_detail", args=[few.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("voice:set_detail", args=[few.pk]))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("voice:set_detail", args=[many.pk]))


def _copy_in_one_step(client, source):
    """Open the copy page and send its form as it comes, choosing nothing."""
    from bs4 import BeautifulSoup

    url = reverse("voice:set_copy", args=[source.pk])
    page = BeautifulSoup(client.get(url).content, "html.parser")
    form = page.select_one("form#main-form")
    data = {
        field["name"]: field.get("value", "")
        for field in form.select("input[name]")
        if field.get("type") not in ("radio", "checkbox") or field.has_attr("checked")
    }
    return page, client.post(url, data)


@pytest.mark.parametrize(
    ("who", "place"), [("senco_a", "school_a"), ("trust_lead", "trust")], ids=["senco", "trust"]
)
def test_with_one_place_to_copy_to_the_copy_is_made_in_one_step(world, client_as, who, place):
    source = built_in("all_about_me")
    page, response = _copy_in_one_step(client_as(getattr(world, who)), source)
    target = getattr(world, place)
    assert f"The copy will be for {target.name}" in page.select_one("#copy-target").get_text()
    assert not page.select("input[type=radio]")
    assert response.status_code == 302
    copy = QuestionSet.objects.get(based_on=source)
    assert (copy.school if place == "school_a" else copy.trust) == target


def test_with_two_places_to_copy_to_the_senco_chooses_and_nothing_is_chosen_for_them(
    world, client_as
):
    from portal.people.models import StaffRole
    from tests.factories import StaffMembershipFactory

    StaffMembershipFactory(user=world.senco_a, school=world.school_b, role=StaffRole.SENCO)
    page, response = _copy_in_one_step(client_as(world.senco_a), built_in("all_about_me"))
    assert len(page.select("input[type=radio][name=target]")) == 2
    assert not page.select("input[type=radio][checked]")
    assert page.select_one("#copy-target") is None
    assert response.status_code == 200
    assert "Choose where to copy the set" in response.content.decode()
    assert not QuestionSet.objects.filter(scope=SetScope.SCHOOL).exists()


# Question wording a pupil reads easily ------------------------------------------------------

LONG_QUESTION = (
    "When you are in the classroom and the teacher is talking to everyone what helps you "
    "to listen well?"
)
HARD_QUESTION = "What do you think about your individual education plan objectives?"


def test_the_question_editor_says_pupils_read_best_with_short_sentences(world, client_as):
    from bs4 import BeautifulSoup

    copy = school_copy(world)
    page = client_as(world.senco_a).get(reverse("voice:question_add", args=[copy.pk]))
    soup = BeautifulSoup(page.content, "html.parser")
    hint = soup.select_one("#id_text_helptext, #id_text-hint, .govuk-hint[id^='id_text']")
    assert hint is not None
    assert "short sentences of 15 words or fewer" in hint.get_text()
    assert hint["id"] in soup.select_one("#id_text")["aria-describedby"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (LONG_QUESTION, "has 19 words. Pupils read best with short sentences of 15 words"),
        (HARD_QUESTION, "may be hard for some pupils to read (reading ease 53"),
    ],
    ids=["long sentence", "hard words"],
)
def test_a_long_or_hard_question_is_saved_with_advice_on_its_wording(world, client_as, text, says):
    copy = school_copy(world)
    client = client_as(world.senco_a)
    added = client.post(
        reverse("voice:question_add", args=[copy.pk]), {"kind": "yes_no", "text": text}
    )
    assert added.status_code == 302
    question = copy.questions.get(text=text)
    page = client.get(added["Location"]).content.decode()
    assert "Question added" in page and says in page
    changed = client.post(
        reverse("voice:question_edit", args=[copy.pk, question.pk]),
        {"kind": "yes_no", "text": text},
    )
    assert changed.status_code == 302
    assert says in client.get(changed["Location"]).content.decode()


def test_a_short_plain_question_is_saved_without_advice(world, client_as):
    copy = school_copy(world)
    client = client_as(world.senco_a)
    added = client.post(
        reverse("voice:question_add", args=[copy.pk]),
        {"kind": "yes_no", "text": "Do you like lunch?"},
    )
    page = client.get(added["Location"]).content.decode()
    assert "Question added" in page
    assert "Pupils read best" not in page and "hard for some pupils" not in page
