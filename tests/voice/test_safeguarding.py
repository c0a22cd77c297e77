"""Safeguarding: a pupil's words that match the school's list are flagged, the DSL is told at
once (a notification and an outbox email, never the words), and the DSL works the flag."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client, override_settings

from portal.audit.models import AuditAction, AuditEvent
from portal.notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutboundEmail,
)
from portal.people.models import StaffMembership, StaffRole
from tests.conftest import run_worker, sign_in
from tests.factories import StaffMembershipFactory
from tests.voice.safeguarding_support import CONTEXT, answer, response_for
from voice.models import FlagNote, FlagStatus, SafeguardingFlag, SafeguardingWords
from voice.safeguarding import services

BROKEN_LAYER = {"default": {"BACKEND": "tests.mail_backends.BrokenChannelLayer"}}
WORDS = "hit me"


class RolledBack(Exception):
    pass


def _client(user) -> Client:
    return sign_in(Client(), user)


def _flagged(world, text="My brother hit me at home", **kwargs):
    response = response_for(world.pupil_a1, **kwargs)
    saved, flag = answer(response, text)
    return response, saved, flag


# --- Raising a flag ------------------------------------------------------------------------


def test_a_flagged_answer_tells_the_dsl_at_once_without_the_words(world):
    _response, _saved, flag = _flagged(world)
    assert flag is not None and flag.status == FlagStatus.NEW
    assert flag.matched == WORDS
    [note] = Notification.objects.filter(recipient=world.dsl_a)
    assert note.kind == NotificationKind.SAFEGUARDING
    assert note.url == f"/portal/safeguarding/{flag.pk}/"
    assert "hit" not in note.text and "Aisha" not in note.text
    # Nobody else at the school is told: the school has a DSL.
    assert not Notification.objects.exclude(recipient=world.dsl_a).exists()
    run_worker()
    [email] = mail.outbox
    assert email.to == [world.dsl_a.email]
    assert f"/portal/safeguarding/{flag.pk}/" in email.body
    for secret in ("hit", "brother", "Aisha", "Khan"):
        assert secret not in email.body and secret not in email.subject


def test_the_dsl_gets_one_email_even_if_they_chose_email_at_once(world):
    NotificationPreference.objects.update_or_create(
        user=world.dsl_a, defaults={"delivery": Delivery.EMAIL_AT_ONCE}
    )
    _flagged(world)
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.dsl_a.email]]


def test_the_dsl_is_emailed_even_if_they_chose_a_daily_digest(world):
    NotificationPreference.objects.update_or_create(
        user=world.dsl_a, defaults={"delivery": Delivery.DAILY_DIGEST}
    )
    _flagged(world)
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.dsl_a.email]]


def test_a_school_with_no_dsl_tells_its_senco_and_headteacher(world):
    StaffMembership.objects.filter(school=world.school_a, role=StaffRole.DSL).delete()
    _flagged(world)
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {world.senco_a.pk, world.head_a.pk}
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.senco_a.email, world.head_a.email])


def test_when_the_only_dsl_is_deactivated_the_senco_and_headteacher_are_told_and_see_it(world):
    world.dsl_a.is_active = False
    world.dsl_a.save(update_fields=["is_active"])
    _response, _saved, flag = _flagged(world)
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {world.senco_a.pk, world.head_a.pk}
    for who in (world.senco_a, world.head_a):
        client = _client(who)
        assert client.get(f"/portal/schools/{world.school_a.pk}/safeguarding/").status_code == 200
        assert client.get(f"/portal/safeguarding/{flag.pk}/").status_code == 200


def test_every_dsl_of_the_school_is_told(world):
    second = StaffMembershipFactory(school=world.school_a, role=StaffRole.DSL).user
    StaffMembershipFactory(school=world.school_b, role=StaffRole.DSL)
    _flagged(world)
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {world.dsl_a.pk, second.pk}


def test_the_flag_is_audited_without_the_words(world):
    _response, _saved, flag = _flagged(world)
    [event] = AuditEvent.objects.filter(action=AuditAction.SAFEGUARDING_FLAGGED)
    assert event.school_id == world.school_a.pk
    assert "hit" not in event.detail


def test_an_answer_with_no_listed_words_raises_no_flag(world):
    response = response_for(world.pupil_a1)
    _saved, flag = answer(response, "I like football and my teacher is kind")
    assert flag is None
    assert not SafeguardingFlag.objects.exists()
    assert not Notification.objects.exists()


def test_words_inside_the_answer_value_are_checked_too(world):
    response = response_for(world.pupil_a1)
    _saved, flag = answer(response, "", value={"who": ["Nobody feeds me"]})
    assert flag is not None and flag.matched == "nobody feeds me"


def test_resaving_a_matching_answer_updates_the_open_flag_and_tells_nobody_again(world):
    response, _saved, flag = _flagged(world)
    _again, same = answer(response, "He hit me and it is a secret")
    assert same.pk == flag.pk
    assert SafeguardingFlag.objects.count() == 1
    assert SafeguardingFlag.objects.get().matched.splitlines() == ["hit me", "secret"]
    assert Notification.objects.count() == 1


def test_an_answer_edited_to_no_longer_match_keeps_its_flag(world):
    response, _saved, flag = _flagged(world)
    _again, none = answer(response, "Everything is fine")
    assert none is None
    assert SafeguardingFlag.objects.get(pk=flag.pk).status == FlagStatus.NEW


def test_the_schools_own_list_replaces_the_default(world):
    SafeguardingWords.objects.create(school=world.school_a, phrases="purple monkey")
    response = response_for(world.pupil_a1)
    assert answer(response, "he hit me")[1] is None
    assert answer(response, "a Purple-monkey!")[1] is not None


def test_nothing_is_sent_when_the_answer_rolls_back(world):
    response = response_for(world.pupil_a1)
    with pytest.raises(RolledBack), transaction.atomic():
        answer(response, "he hit me")
        raise RolledBack
    run_worker()
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not SafeguardingFlag.objects.exists()
    assert not OutboundEmail.objects.exists()


@override_settings(CHANNEL_LAYERS=BROKEN_LAYER)
def test_the_flag_and_email_still_exist_when_the_channel_layer_fails(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _response, _saved, flag = _flagged(world)
    assert SafeguardingFlag.objects.filter(pk=flag.pk).exists()
    assert Notification.objects.filter(recipient=world.dsl_a).exists()
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.dsl_a.email]]


# --- Held from parents ---------------------------------------------------------------------


def test_a_flagged_response_is_held_until_every_flag_is_resolved_for_parents(world):
    response, _saved, flag = _flagged(world, reviewed=True)
    held = SafeguardingFlag.objects.filter(response=response).exclude(
        status=FlagStatus.RESOLVED, parents_may_see=True
    )
    assert held.exists()
    services.flag_resolve(
        actor=world.dsl_a, context=CONTEXT, flag=flag, parents_may_see=False, note="Spoke to mum"
    )
    assert held.exists()


def _parents_told(world) -> int:
    return Notification.objects.filter(
        recipient=world.parent_1, kind=NotificationKind.PUPIL_VIEWS
    ).count()


def test_resolving_for_parents_releases_a_reviewed_response(world):
    response, _saved, flag = _flagged(world, reviewed=True, questions=3)
    _saved2, second = answer(response, "it is a secret", number=2)
    services.flag_resolve(
        actor=world.dsl_a, context=CONTEXT, flag=flag, parents_may_see=True, note="Checked"
    )
    assert _parents_told(world) == 0  # another flag is still open
    services.flag_resolve(
        actor=world.dsl_a, context=CONTEXT, flag=second, parents_may_see=True, note="Checked"
    )
    assert _parents_told(world) == 1


def test_resolving_an_unreviewed_response_releases_nothing(world):
    _response, _saved, flag = _flagged(world, reviewed=False)
    services.flag_resolve(
        actor=world.dsl_a, context=CONTEXT, flag=flag, parents_may_see=True, note="Checked"
    )
    assert _parents_told(world) == 0


# --- The DSL's steps -----------------------------------------------------------------------


def test_the_dsl_acknowledges_adds_a_note_and_resolves_each_audited(world):
    _response, _saved, flag = _flagged(world)
    dsl = _client(world.dsl_a)
    assert dsl.post(f"/portal/safeguarding/{flag.pk}/acknowledge/").status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.ACKNOWLEDGED and flag.acknowledged_by == world.dsl_a
    page = dsl.post(f"/portal/safeguarding/{flag.pk}/note/", {"note": "Called the family"})
    assert page.status_code == 302
    assert FlagNote.objects.get().text == "Called the family"
    # Resolving asks to check first; nothing changes until it is confirmed.
    data = {"parents_may_see": "no", "note": "Referred to social care"}
    check = dsl.post(f"/portal/safeguarding/{flag.pk}/resolve/", data)
    assert check.status_code == 200
    assert "Check before you resolve the flag" in check.content.decode()
    assert SafeguardingFlag.objects.get(pk=flag.pk).status == FlagStatus.ACKNOWLEDGED
    done = dsl.post(f"/portal/safeguarding/{flag.pk}/resolve/", data | {"confirm": "yes"})
    assert done.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.RESOLVED and flag.parents_may_see is False
    actions = list(
        AuditEvent.objects.filter(action__startswith="safeguarding.").values_list(
            "action", flat=True
        )
    )
    for action in (
        AuditAction.SAFEGUARDING_FLAGGED,
        AuditAction.SAFEGUARDING_ACKNOWLEDGED,
        AuditAction.SAFEGUARDING_NOTE,
        AuditAction.SAFEGUARDING_RESOLVED,
    ):
        assert action in actions


def test_acknowledging_twice_changes_nothing_the_second_time(world):
    _response, _saved, flag = _flagged(world)
    assert services.flag_acknowledge(actor=world.dsl_a, context=CONTEXT, flag=flag) is True
    assert services.flag_acknowledge(actor=world.dsl_a, context=CONTEXT, flag=flag) is False
    assert AuditEvent.objects.filter(action=AuditAction.SAFEGUARDING_ACKNOWLEDGED).count() == 1


def test_resolving_needs_a_choice_and_a_note_with_errors_that_say_what_to_do(world):
    _response, _saved, flag = _flagged(world)
    page = _client(world.dsl_a).post(f"/portal/safeguarding/{flag.pk}/resolve/", {})
    text = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in text
    assert "Select yes if the parents may see the pupil&#x27;s views" in text
    assert "Enter what was done about this flag" in text
    assert SafeguardingFlag.objects.get(pk=flag.pk).status == FlagStatus.NEW


def test_the_resolve_form_has_no_answer_chosen_for_the_dsl(world):
    _response, _saved, flag = _flagged(world)
    page = _client(world.dsl_a).get(f"/portal/safeguarding/{flag.pk}/resolve/")
    assert page.status_code == 200
    assert " checked" not in page.content.decode()


def test_a_resolved_flag_cannot_be_resolved_again(world):
    _response, _saved, flag = _flagged(world)
    services.flag_resolve(
        actor=world.dsl_a, context=CONTEXT, flag=flag, parents_may_see=True, note="Done"
    )
    with pytest.raises(ValidationError):
        services.flag_resolve(
            actor=world.dsl_a, context=CONTEXT, flag=flag, parents_may_see=False, note="Again"
        )


def test_an_empty_note_is_refused(world):
    _response, _saved, flag = _flagged(world)
    page = _client(world.dsl_a).post(f"/portal/safeguarding/{flag.pk}/note/", {"note": "  "})
    assert page.status_code == 200
    assert "Enter the note" in page.content.decode()
    assert not FlagNote.objects.exists()


@pytest.mark.parametrize("who", ["senco_a", "head_a", "teacher_a", "senco_b", "trust_lead"])
def test_staff_who_are_not_the_dsl_cannot_act_on_a_flag(world, who):
    _response, _saved, flag = _flagged(world)
    with pytest.raises(PermissionDenied):
        services.flag_acknowledge(actor=getattr(world, who), context=CONTEXT, flag=flag)
    with pytest.raises(PermissionDenied):
        services.flag_resolve(
            actor=getattr(world, who), context=CONTEXT, flag=flag, parents_may_see=True, note="x"
        )


# --- The pages -----------------------------------------------------------------------------


def test_the_flag_is_in_the_dsls_queue_and_page_with_the_whole_response(world):
    response, _saved, flag = _flagged(world)
    dsl = _client(world.dsl_a)
    queue = dsl.get(f"/portal/schools/{world.school_a.pk}/safeguarding/")
    assert queue.status_code == 200
    assert f"/portal/safeguarding/{flag.pk}/" in queue.content.decode()
    assert "Aisha" in queue.content.decode()
    page = dsl.get(f"/portal/safeguarding/{flag.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "hit me" in text
    assert "Acknowledge" in text
    assert AuditEvent.objects.filter(
        action=AuditAction.SAFEGUARDING_VIEWED, actor_id=world.dsl_a.pk
    ).exists()


def test_the_flag_page_shows_every_answer_of_the_response(world):
    response = response_for(world.pupil_a1, questions=3)
    answer(response, "I like reading with Miss Jones", number=1)
    _saved, flag = answer(response, "dad hit me", number=2)
    text = _client(world.dsl_a).get(f"/portal/safeguarding/{flag.pk}/").content.decode()
    assert "I like reading with Miss Jones" in text
    assert "dad hit me" in text


@pytest.mark.parametrize(
    "who", ["senco_a", "head_a", "teacher_a", "admin_a", "senco_b", "trust_lead", "parent_1"]
)
def test_nobody_but_the_dsl_reaches_the_queue_or_a_flag(world, who):
    _response, _saved, flag = _flagged(world)
    client = _client(getattr(world, who))
    assert client.get(f"/portal/schools/{world.school_a.pk}/safeguarding/").status_code == 404
    assert client.get(f"/portal/safeguarding/{flag.pk}/").status_code == 404
    assert client.post(f"/portal/safeguarding/{flag.pk}/acknowledge/").status_code == 404
    assert SafeguardingFlag.objects.get(pk=flag.pk).status == FlagStatus.NEW


def test_a_dsl_of_another_school_gets_404(world):
    _response, _saved, flag = _flagged(world)
    other = StaffMembershipFactory(school=world.school_b, role=StaffRole.DSL).user
    assert _client(other).get(f"/portal/safeguarding/{flag.pk}/").status_code == 404


def test_the_dsl_dashboard_shows_new_flags_in_red_with_a_link_to_the_queue(world):
    dsl = _client(world.dsl_a)
    quiet = dsl.get("/portal/").content.decode()
    assert "safeguarding-dashboard-panel" in quiet
    assert (
        "govuk-tag--red"
        not in quiet.split("safeguarding-dashboard-panel")[1].split("</section>")[0]
    )
    _flagged(world)
    panel = dsl.get("/portal/").content.decode().split("safeguarding-dashboard-panel")[1]
    panel = panel.split("</section>")[0]
    assert "govuk-tag--red" in panel
    assert f"/portal/schools/{world.school_a.pk}/safeguarding/" in panel
    assert "1 new flag needs your attention." in panel


def test_the_senco_of_a_school_with_a_dsl_has_no_safeguarding_panel(world):
    _flagged(world)
    assert (
        "safeguarding-dashboard-panel"
        not in _client(world.senco_a).get("/portal/").content.decode()
    )


def test_the_queue_makes_the_same_queries_for_one_flag_or_many(world):
    from tests.conftest import count_queries

    dsl = _client(world.dsl_a)
    url = f"/portal/schools/{world.school_a.pk}/safeguarding/"
    _flagged(world)
    dsl.get(url)  # the first page of a session does its own bookkeeping
    few = count_queries(lambda: dsl.get(url))
    for _index in range(6):
        response = response_for(world.pupil_a2)
        answer(response, "they hit me")
    many = count_queries(lambda: dsl.get(url))
    assert few == many


def test_the_flag_page_makes_the_same_queries_for_few_or_many_answers_and_notes(world):
    from tests.conftest import count_queries

    dsl = _client(world.dsl_a)
    small = response_for(world.pupil_a1, questions=2)
    _s, flag_small = answer(small, "hit me")
    dsl.get(f"/portal/safeguarding/{flag_small.pk}/")  # the session's first page
    few = count_queries(lambda: dsl.get(f"/portal/safeguarding/{flag_small.pk}/"))
    big = response_for(world.pupil_a2, questions=8)
    for number in range(1, 7):
        answer(big, f"fine {number}", number=number)
    _b, flag_big = answer(big, "hit me", number=7)
    for index in range(5):
        services.flag_note_add(actor=world.dsl_a, context=CONTEXT, flag=flag_big, note=f"n{index}")
    many = count_queries(lambda: dsl.get(f"/portal/safeguarding/{flag_big.pk}/"))
    assert few == many


# --- The list of words ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["dsl_a", "senco_a"])
def test_the_dsl_and_the_senco_edit_the_list(world, who):
    client = _client(getattr(world, who))
    url = f"/portal/schools/{world.school_a.pk}/safeguarding/words/"
    page = client.get(url)
    assert page.status_code == 200
    assert "hit me" in page.content.decode()  # the default list, to start from
    done = client.post(url, {"phrases": "Purple monkey\n\nhit  me\n"})
    assert done.status_code == 302
    assert SafeguardingWords.objects.get(school=world.school_a).phrases == "purple monkey\nhit me"
    assert AuditEvent.objects.filter(action=AuditAction.SAFEGUARDING_WORDS_CHANGED).exists()
    assert (
        "purple" not in AuditEvent.objects.get(action=AuditAction.SAFEGUARDING_WORDS_CHANGED).detail
    )


def test_errors_in_the_list_name_the_line(world):
    url = f"/portal/schools/{world.school_a.pk}/safeguarding/words/"
    page = _client(world.dsl_a).post(url, {"phrases": "hit me\nx\n" + "y" * 61})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Line 2: enter a word or phrase of 2 to 60 characters" in text
    assert "Line 3: enter a word or phrase of 2 to 60 characters" in text
    assert not SafeguardingWords.objects.exists()


def test_a_line_with_no_letters_is_refused_by_line_and_urdu_lines_are_kept(world):
    url = f"/portal/schools/{world.school_a.pk}/safeguarding/words/"
    client = _client(world.dsl_a)
    page = client.post(url, {"phrases": "hit me\n!!!\n"})
    assert "Line 2: enter a word or phrase with at least one letter or number" in (
        page.content.decode()
    )
    assert not SafeguardingWords.objects.exists()
    assert client.post(url, {"phrases": "hit me\nمجھے مارتے"}).status_code == 302
    response = response_for(world.pupil_a1)
    _saved, flag = answer(response, "میرے ابو مجھے مارتے ہیں")
    assert flag is not None and flag.matched == "مجھے مارتے"


def test_a_list_of_more_than_300_phrases_is_refused(world):
    text = "\n".join(f"phrase {index}" for index in range(301))
    with pytest.raises(ValidationError):
        services.safeguarding_words_save(
            actor=world.dsl_a, context=CONTEXT, school_id=world.school_a.pk, phrases=text
        )


def test_an_empty_list_is_refused(world):
    page = _client(world.dsl_a).post(
        f"/portal/schools/{world.school_a.pk}/safeguarding/words/", {"phrases": ""}
    )
    assert "Enter at least one word or phrase" in page.content.decode()


def test_reset_goes_back_to_the_default_list(world):
    SafeguardingWords.objects.create(school=world.school_a, phrases="purple monkey")
    url = f"/portal/schools/{world.school_a.pk}/safeguarding/words/"
    assert _client(world.senco_a).post(url, {"reset": "yes"}).status_code == 302
    assert not SafeguardingWords.objects.exists()
    response = response_for(world.pupil_a1)
    assert answer(response, "he hit me")[1] is not None


def test_the_headteacher_reads_the_list_but_cannot_change_it(world):
    client = _client(world.head_a)
    url = f"/portal/schools/{world.school_a.pk}/safeguarding/words/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"phrases": "anything"}).status_code == 403
    assert not SafeguardingWords.objects.exists()


@pytest.mark.parametrize("who", ["teacher_a", "admin_a", "senco_b", "parent_1", "trust_lead"])
def test_others_do_not_reach_the_list(world, who):
    url = f"/portal/schools/{world.school_a.pk}/safeguarding/words/"
    assert _client(getattr(world, who)).get(url).status_code == 404


# --- The pupil's words kept with the flag --------------------------------------------------


def _flag_page(world, flag):
    from bs4 import BeautifulSoup

    page = _client(world.dsl_a).get(f"/portal/safeguarding/{flag.pk}/")
    assert page.status_code == 200
    return BeautifulSoup(page.content, "html.parser")


def test_the_flag_keeps_the_words_that_raised_it_when_the_pupil_changes_them(world):
    response, _saved, flag = _flagged(world)
    answer(response, "Everything is fine")
    soup = _flag_page(world, flag)
    assert soup.select_one("#words-when-flagged").get_text(" ", strip=True) == (
        "My brother hit me at home"
    )
    later = [dd.get_text(" ", strip=True) for dd in soup.select(".words-later")]
    assert later == ["Everything is fine"]
    assert "Changed later to" in soup.get_text()
    now = soup.select_one("#answer-now").get_text(" ", strip=True)
    assert now.startswith("Now:") and "Everything is fine" in now and "hit" not in now


def test_each_change_is_kept_in_order_and_a_repeat_is_kept_once(world):
    response, _saved, flag = _flagged(world)
    answer(response, "My brother hit me at home")
    answer(response, "He hit me and it is a secret")
    answer(response, "Nothing")
    answer(response, "Nothing")
    flag.refresh_from_db()
    assert flag.words == ["My brother hit me at home", "He hit me and it is a secret", "Nothing"]
    later = [dd.get_text(" ", strip=True) for dd in _flag_page(world, flag).select(".words-later")]
    assert later == ["He hit me and it is a secret", "Nothing"]


def test_the_flag_keeps_the_words_when_the_answer_is_emptied_or_deleted(world):
    response, saved, flag = _flagged(world)
    answer(response, "", value={})
    soup = _flag_page(world, flag)
    assert "My brother hit me at home" in soup.select_one("#words-when-flagged").get_text()
    assert "took them out" in soup.select_one(".words-later").get_text()
    saved.delete()
    soup = _flag_page(world, flag)
    assert "My brother hit me at home" in soup.select_one("#words-when-flagged").get_text()
    assert "no longer saved" in soup.select_one("#answer-now").get_text()


def test_changed_words_reach_no_notification_email_or_audit_detail(world):
    response, _saved, _flag = _flagged(world)
    answer(response, "Mum shouts every night and hit me")
    run_worker()
    assert Notification.objects.count() == 1
    for secret in ("shouts", "night", "brother"):
        assert not AuditEvent.objects.filter(detail__icontains=secret).exists()
        assert not any(secret in m.body or secret in m.subject for m in mail.outbox)
        assert not Notification.objects.filter(text__icontains=secret).exists()


def test_a_resolved_flag_keeps_its_words_and_a_new_match_raises_a_new_flag(world):
    response, _saved, flag = _flagged(world)
    services.flag_resolve(
        actor=world.dsl_a, context=CONTEXT, flag=flag, parents_may_see=False, note="Seen"
    )
    _again, second = answer(response, "they hit me again")
    flag.refresh_from_db()
    assert flag.words == ["My brother hit me at home"]
    assert second.pk != flag.pk and second.words == ["they hit me again"]


def test_flags_raised_before_the_words_were_kept_say_so_and_gather_no_later_words(world):
    """The answer now may not be what was flagged: an older flag claims no words."""
    response, saved, flag = _flagged(world)
    SafeguardingFlag.objects.update(words=[])
    answer(response, "He hit me and it is a secret")
    flag.refresh_from_db()
    assert flag.words == []
    soup = _flag_page(world, flag)
    assert "Not kept" in soup.select_one("#words-when-flagged").get_text()
    assert soup.select(".words-later") == []
    assert "it is a secret" in soup.select_one("#answer-now").get_text()


def test_a_version_that_looks_like_the_separator_stays_one_version(world):
    response, _saved, flag = _flagged(world)
    answer(response, "hit me\n\nChanged later to:\nnothing happened")
    flag.refresh_from_db()
    assert flag.words == [
        "My brother hit me at home",
        "hit me\n\nChanged later to:\nnothing happened",
    ]
    later = [dd.get_text(" ", strip=True) for dd in _flag_page(world, flag).select(".words-later")]
    assert len(later) == 1
