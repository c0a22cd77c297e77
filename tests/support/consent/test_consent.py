"""Consent for outside professionals (COP-6.47): asked by the SENCO, given or refused by a
parent as equals, withdrawn later, reminded once, and the referral only with consent."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.notifications.models import Notification, NotificationKind, OutboundEmail
from portal.schools.models import TermDate
from portal.support.consent import services, sweep
from portal.support.consent.models import (
    ConsentEvent,
    ConsentEventKind,
    ConsentRequest,
    ConsentStatus,
)
from tests.conftest import count_queries, sign_in
from tests.factories import PupilFactory, UserFactory, link_parent

CONTEXT = AuditContext()
LONDON = ZoneInfo("Europe/London")


def ask(world, *, pupil=None, days=10, service="salt", today=None) -> ConsentRequest:
    today = today or services.local_today()
    return services.consent_request_create(
        actor=world.senco_a,
        context=CONTEXT,
        pupil=pupil or world.pupil_a1,
        service=service,
        service_other="Hearing support team" if service == "other" else "",
        purpose="To assess Aisha's speech sounds.",
        information_shared="The current support plan and the last review.",
        answer_needed_by=today + datetime.timedelta(days=days),
        today=today,
    )


def kinds(request):
    return list(request.events.order_by("created_at", "id").values_list("kind", flat=True))


# Asking ---------------------------------------------------------------------------------------


def test_asking_notifies_every_linked_parent_and_emails_a_link_after_commit(
    world, django_capture_on_commit_callbacks
):
    second = UserFactory(email="dad@example.org")
    link_parent(second, world.pupil_a1, relationship="father")
    with django_capture_on_commit_callbacks() as callbacks:
        request = ask(world)
    assert callbacks, "the live updates wait for the commit"
    assert request.status == ConsentStatus.REQUESTED
    assert kinds(request) == [ConsentEventKind.REQUESTED]
    told = set(
        Notification.objects.filter(kind=NotificationKind.CONSENT).values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {"parent1@example.org", "dad@example.org"}
    emails = OutboundEmail.objects.filter(to__in=told)
    assert emails.count() == 2
    for email in emails:
        assert f"/portal/consent/{request.pk}/" in email.body
        assert "Aisha" not in email.body and "speech" not in email.body
    assert AuditEvent.objects.filter(
        action=AuditAction.CONSENT_CHANGED, detail=f"consent {request.pk} requested"
    ).exists()


def test_other_service_must_be_named(world):
    with pytest.raises(ValidationError) as error:
        services.consent_request_create(
            actor=world.senco_a,
            context=CONTEXT,
            pupil=world.pupil_a1,
            service="other",
            purpose="x",
            information_shared="y",
            answer_needed_by=services.local_today() + datetime.timedelta(days=5),
        )
    assert "service_other" in error.value.message_dict
    assert not ConsentRequest.objects.exists()


def test_senco_form_shows_errors_naming_each_field(world, client):
    sign_in(client, world.senco_a)
    response = client.post(f"/portal/pupils/{world.pupil_a1.pk}/consent/new/", {"service": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert "Select the service" in page
    assert "Enter why the school wants to involve them" in page
    assert "Enter the date the school needs an answer by" in page
    assert not ConsentRequest.objects.exists()


def test_senco_asks_through_the_form(world, client):
    sign_in(client, world.senco_a)
    when = services.local_today() + datetime.timedelta(days=14)
    response = client.post(
        f"/portal/pupils/{world.pupil_a1.pk}/consent/new/",
        {
            "service": "ep",
            "purpose": "An assessment of how Aisha learns.",
            "information_shared": "Her support plan.",
            "answer_needed_by_0": when.day,
            "answer_needed_by_1": when.month,
            "answer_needed_by_2": when.year,
        },
    )
    request = ConsentRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portal/consent/{request.pk}/"
    assert request.service == "ep" and request.answer_needed_by == when


# Answering ------------------------------------------------------------------------------------


def _radio_markup(page: str) -> list[str]:
    return re.findall(r'<div class="govuk-radios__item">(.*?)</div>', page, re.S)


def test_refusing_is_as_easy_as_giving_same_page_same_controls(world, client):
    request = ask(world)
    sign_in(client, world.parent_1)
    page = client.get(f"/portal/consent/{request.pk}/answer/").content.decode()
    items = _radio_markup(page)
    assert len(items) == 2
    give, refuse = items
    assert "Yes, I give consent" in give and "No, I do not give consent" in refuse
    # Same control, same classes, nothing chosen for the parent.
    # (The reason field revealed under "No" is an optional extra, not a different control.)
    strip = lambda html: re.sub(  # noqa: E731
        r'\s*(id|for|value|data-aria-controls)="[^"]*"|>[^<]*<', "", html
    )
    assert strip(give) == strip(refuse)
    assert "checked" not in page
    form = page[page.index('id="main-form"') : page.index("</form>", page.index('id="main-form"'))]
    assert form.count('type="submit"') == 1


def test_an_answer_must_be_chosen(world, client):
    request = ask(world)
    sign_in(client, world.parent_1)
    response = client.post(f"/portal/consent/{request.pk}/answer/", {})
    page = response.content.decode()
    assert "Select yes if you give consent, or no if you do not" in page
    assert 'href="#id_answer_0"' in page


def test_parent_gives_consent_through_check_your_answers(world, client):
    request = ask(world)
    sign_in(client, world.parent_1)
    base = f"/portal/consent/{request.pk}"
    response = client.post(f"{base}/answer/", {"answer": "give"})
    assert response["Location"] == f"{base}/answer/check/"
    check = client.get(f"{base}/answer/check/").content.decode()
    assert "Yes, I give consent" in check
    request.refresh_from_db()
    assert request.status == ConsentStatus.REQUESTED, "nothing is recorded before confirming"
    response = client.post(f"{base}/answer/check/")
    assert response["Location"] == f"{base}/answer/done/"
    request.refresh_from_db()
    assert request.status == ConsentStatus.GIVEN
    assert request.answered_by == world.parent_1
    assert "Answer sent" in client.get(f"{base}/answer/done/").content.decode()
    assert Notification.objects.filter(recipient=world.senco_a, kind="consent").exists()


def test_parent_refuses_with_an_optional_reason(world, client):
    request = ask(world)
    sign_in(client, world.parent_1)
    base = f"/portal/consent/{request.pk}"
    response = client.post(
        f"{base}/answer/",
        {"answer": "refuse", "reason": "We are already seeing an NHS therapist."},
    )
    assert response["Location"] == f"{base}/answer/check/", "as many pages as giving"
    check = client.get(f"{base}/answer/check/").content.decode()
    assert "No, I do not give consent" in check and "NHS therapist" in check
    client.post(f"{base}/answer/check/")
    request.refresh_from_db()
    assert request.status == ConsentStatus.REFUSED
    assert request.refusal_reason == "We are already seeing an NHS therapist."
    assert kinds(request) == [ConsentEventKind.REQUESTED, ConsentEventKind.REFUSED]


def test_refusing_without_a_reason_is_fine(world, client):
    request = ask(world)
    sign_in(client, world.parent_1)
    base = f"/portal/consent/{request.pk}"
    client.post(f"{base}/answer/", {"answer": "refuse", "reason": ""})
    client.post(f"{base}/answer/check/")
    request.refresh_from_db()
    assert request.status == ConsentStatus.REFUSED and request.refusal_reason == ""


def test_the_first_parents_answer_counts(world):
    second = UserFactory(email="dad@example.org")
    link_parent(second, world.pupil_a1, relationship="father")
    request = ask(world)
    services.consent_give(actor=world.parent_1, context=CONTEXT, request=request)
    stale = ConsentRequest.objects.get(pk=request.pk)
    with pytest.raises(ValidationError):
        services.consent_refuse(actor=second, context=CONTEXT, request=stale, reason="No")
    request.refresh_from_db()
    assert request.status == ConsentStatus.GIVEN and request.answered_by == world.parent_1


def test_parent_withdraws_consent_later_with_a_reason(world, client):
    request = ask(world)
    services.consent_give(actor=world.parent_1, context=CONTEXT, request=request)
    sign_in(client, world.parent_1)
    response = client.post(
        f"/portal/consent/{request.pk}/withdraw/", {"reason": "We changed our minds."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ConsentStatus.WITHDRAWN
    assert kinds(request)[-1] == ConsentEventKind.WITHDRAWN


def test_senco_cancels_a_waiting_request_and_parents_are_told(world, client):
    request = ask(world)
    sign_in(client, world.senco_a)
    client.post(f"/portal/consent/{request.pk}/cancel/")
    request.refresh_from_db()
    assert request.status == ConsentStatus.CANCELLED
    assert Notification.objects.filter(
        recipient=world.parent_1, text__contains="no longer needs an answer"
    ).exists()


def test_staff_record_the_pupils_own_view_and_the_parent_sees_it(world, client):
    request = ask(world)
    sign_in(client, world.senco_a)
    client.post(f"/portal/consent/{request.pk}/pupil-view/", {"view": "I like talking games."})
    sign_in(client, world.parent_1)
    page = client.get(f"/portal/consent/{request.pk}/").content.decode()
    assert "I like talking games." in page
    assert "The pupil&#x27;s view recorded" in page or "The pupil's view recorded" in page


def test_full_history_is_shown_to_staff_and_parent(world, client):
    request = ask(world)
    services.consent_give(actor=world.parent_1, context=CONTEXT, request=request)
    services.consent_referral_mark_sent(actor=world.senco_a, context=CONTEXT, request=request)
    services.consent_withdraw(actor=world.parent_1, context=CONTEXT, request=request, reason="x")
    for user in (world.senco_a, world.parent_1):
        page = sign_in(client, user).get(f"/portal/consent/{request.pk}/").content.decode()
        for label in ("Consent asked for", "Consent given", "Referral sent", "Consent withdrawn"):
            assert label in page, (user, label)
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.SUPPORT_VIEWED, detail=f"consent {request.pk}"
        ).count()
        == 2
    )


# The referral (COP-6.47) ----------------------------------------------------------------------


def test_cop_6_47_referral_cannot_be_marked_sent_without_consent(world, client):
    request = ask(world)
    with pytest.raises(ValidationError, match="not given consent"):
        services.consent_referral_mark_sent(actor=world.senco_a, context=CONTEXT, request=request)
    sign_in(client, world.senco_a)
    page = client.get(f"/portal/consent/{request.pk}/referral/").content.decode()
    assert "You cannot mark the referral as sent" in page
    assert "Mark the referral as sent</button>" not in page
    response = client.post(f"/portal/consent/{request.pk}/referral/")
    assert response.status_code == 200
    assert "the parents have not given consent" in response.content.decode()
    request.refresh_from_db()
    assert request.referral_sent_at is None
    assert not ConsentEvent.objects.filter(kind=ConsentEventKind.REFERRAL_SENT).exists()


@pytest.mark.parametrize("step", ["refuse", "withdraw", "cancel"])
def test_refusal_withdrawal_and_cancelling_block_the_referral(world, step):
    request = ask(world)
    if step == "refuse":
        services.consent_refuse(actor=world.parent_1, context=CONTEXT, request=request)
    elif step == "withdraw":
        services.consent_give(actor=world.parent_1, context=CONTEXT, request=request)
        services.consent_withdraw(actor=world.parent_1, context=CONTEXT, request=request)
    else:
        services.consent_cancel(actor=world.senco_a, context=CONTEXT, request=request)
    with pytest.raises(ValidationError):
        services.consent_referral_mark_sent(actor=world.senco_a, context=CONTEXT, request=request)
    request.refresh_from_db()
    assert request.referral_sent_at is None


def test_referral_is_marked_once_with_consent_and_audited(world):
    request = ask(world)
    services.consent_give(actor=world.parent_1, context=CONTEXT, request=request)
    services.consent_referral_mark_sent(actor=world.senco_a, context=CONTEXT, request=request)
    request.refresh_from_db()
    assert request.referral_sent_at is not None and request.referral_sent_by == world.senco_a
    assert AuditEvent.objects.filter(action=AuditAction.REFERRAL_SENT).count() == 1
    with pytest.raises(ValidationError, match="already"):
        services.consent_referral_mark_sent(actor=world.senco_a, context=CONTEXT, request=request)


def test_the_database_refuses_a_referral_without_consent(world):
    request = ask(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRequest.objects.filter(pk=request.pk).update(
            referral_sent_at=datetime.datetime(2026, 11, 2, tzinfo=LONDON)
        )


# Who sees what --------------------------------------------------------------------------------


def test_parent_cannot_see_another_childs_consent(world, client):
    other = PupilFactory(school=world.school_a)
    request = ask(world, pupil=other)
    response = sign_in(client, world.parent_1).get(f"/portal/consent/{request.pk}/")
    assert response.status_code == 404
    response = sign_in(client, world.parent_2).get(f"/portal/consent/{request.pk}/answer/")
    assert response.status_code == 404


def test_senco_cannot_answer_for_the_parent(world, client):
    request = ask(world)
    response = sign_in(client, world.senco_a).post(
        f"/portal/consent/{request.pk}/answer/", {"answer": "give"}
    )
    assert response.status_code == 403


def test_parent_sees_a_clear_button_on_the_childs_page(world, client):
    request = ask(world)
    page = sign_in(client, world.parent_1).get(f"/portal/pupils/{world.pupil_a1.pk}/")
    html = page.content.decode()
    assert "Give or refuse consent" in html
    assert f"/portal/consent/{request.pk}/answer/" in html


def test_teacher_sees_no_consent_panel(world, client):
    ask(world)
    html = sign_in(client, world.teacher_a).get(f"/portal/pupils/{world.pupil_a1.pk}/")
    assert "Give or refuse consent" not in html.content.decode()
    assert "Consent for outside professionals" not in html.content.decode()


# Reminders ------------------------------------------------------------------------------------


@pytest.fixture
def autumn(world):
    TermDate.objects.create(
        school=world.school_a,
        name="Autumn",
        starts_on=datetime.date(2026, 9, 2),
        ends_on=datetime.date(2026, 12, 18),
    )
    return world


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def test_a_reminder_is_sent_once_when_three_school_days_remain(autumn):
    world = autumn
    # Answer needed by Friday 13 November 2026.
    request = ask(world, today=datetime.date(2026, 11, 2), days=11)
    assert sweep.sweep(now=at(2026, 11, 9)) == 0, "four school days are left on Monday"
    assert sweep.sweep(now=at(2026, 11, 10)) == 1, "three are left on Tuesday"
    assert sweep.sweep(now=at(2026, 11, 10, 11)) == 0
    assert sweep.sweep(now=at(2026, 11, 12)) == 0
    request.refresh_from_db()
    assert request.reminders_sent == 1
    assert kinds(request).count(ConsentEventKind.REMINDED) == 1
    assert (
        Notification.objects.filter(recipient=world.parent_1, text__startswith="Reminder").count()
        == 1
    )
    assert OutboundEmail.objects.filter(subject__startswith="Reminder").count() == 1


def test_no_reminder_once_answered(autumn):
    world = autumn
    request = ask(world, today=datetime.date(2026, 11, 2), days=11)
    services.consent_give(actor=world.parent_1, context=CONTEXT, request=request)
    assert sweep.sweep(now=at(2026, 11, 11)) == 0


def test_reminder_claim_is_idempotent(autumn):
    world = autumn
    request = ask(world, today=datetime.date(2026, 11, 2), days=11)
    assert services.consent_remind_due(request_id=request.pk, now=at(2026, 11, 11))
    assert not services.consent_remind_due(request_id=request.pk, now=at(2026, 11, 11))


# Query counts ---------------------------------------------------------------------------------


def _many(world, count, pupil=None):
    for _ in range(count):
        request = ask(world, pupil=pupil)
        services.consent_record_pupil_view(
            actor=world.senco_a, context=CONTEXT, request=request, view="Fine"
        )


def test_pupil_consent_list_queries_do_not_grow(world, client, django_assert_num_queries):
    sign_in(client, world.senco_a)
    url = f"/portal/pupils/{world.pupil_a1.pk}/consent/"
    _many(world, 1)
    client.get(url)  # the first request fills per-process caches
    few = count_queries(lambda: client.get(url))
    _many(world, 29)
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def test_school_consent_list_queries_do_not_grow(world, client, django_assert_num_queries):
    sign_in(client, world.senco_a)
    url = f"/portal/schools/{world.school_a.pk}/consent/"
    _many(world, 1)
    client.get(url)  # the first request fills per-process caches
    few = count_queries(lambda: client.get(url))
    for _ in range(10):
        pupil = PupilFactory(school=world.school_a)
        _many(world, 3, pupil=pupil)
    with django_assert_num_queries(few):
        page = client.get(url)
    assert page.content.decode().count("/answer/") == 0
    assert page.content.decode().count('href="/portal/consent/') == 31


def test_consent_page_queries_do_not_grow_with_history(world, client, django_assert_num_queries):
    request = ask(world)
    sign_in(client, world.parent_1)
    url = f"/portal/consent/{request.pk}/"
    client.get(url)  # the first request fills per-process caches
    few = count_queries(lambda: client.get(url))
    for _ in range(30):
        services.consent_record_pupil_view(
            actor=world.senco_a, context=CONTEXT, request=request, view="More"
        )
    with django_assert_num_queries(few):
        client.get(url)


def test_senco_dashboard_shows_requests_waiting_and_overdue(world, client):
    ask(world)
    late = ask(world)
    ConsentRequest.objects.filter(pk=late.pk).update(
        answer_needed_by=services.local_today() - datetime.timedelta(days=2)
    )
    html = sign_in(client, world.senco_a).get("/portal/").content.decode()
    assert "2 requests waiting for an answer" in html
    assert "1 request is past the date the school needed an answer." in html
    assert f"/portal/schools/{world.school_a.pk}/consent/" in html
    assert (
        "requests waiting for an answer"
        not in sign_in(client, world.head_a).get("/portal/").content.decode()
    )


def test_a_parent_who_chose_email_at_once_gets_one_email_not_two(world):
    from portal.notifications.models import Delivery, NotificationPreference

    NotificationPreference.objects.create(user=world.parent_1, delivery=Delivery.EMAIL_AT_ONCE)
    ask(world)
    assert OutboundEmail.objects.filter(to=world.parent_1.email).count() == 1


def test_refusing_takes_as_many_pages_as_giving(world, client):
    """The optional reason sits under "No" on the question page itself, so each answer is the
    question, check your answer, done."""
    request = ask(world)
    sign_in(client, world.parent_1)
    base = f"/portal/consent/{request.pk}"
    question = client.get(f"{base}/answer/").content.decode()
    assert 'id="conditional-reason"' in question
    assert 'name="reason"' in question, "the reason field is in the page, working without JS"
    pages = {}
    for answer in ("give", "refuse"):
        response = client.post(f"{base}/answer/", {"answer": answer, "reason": "Not now"})
        pages[answer] = response["Location"]
    assert pages == {"give": f"{base}/answer/check/", "refuse": f"{base}/answer/check/"}
    check = client.get(f"{base}/answer/check/").content.decode()
    assert "Not now" in check and f'href="{base}/answer/"' in check


def test_a_reason_given_then_changed_to_yes_is_not_kept(world, client):
    request = ask(world)
    sign_in(client, world.parent_1)
    base = f"/portal/consent/{request.pk}"
    client.post(f"{base}/answer/", {"answer": "refuse", "reason": "Not now"})
    client.post(f"{base}/answer/", {"answer": "give", "reason": "Not now"})
    client.post(f"{base}/answer/check/")
    request.refresh_from_db()
    assert request.status == ConsentStatus.GIVEN and request.refusal_reason == ""


def test_the_question_page_shows_what_is_asked_above_the_question(world, client):
    request = ask(world)
    sign_in(client, world.parent_1)
    page = client.get(f"/portal/consent/{request.pk}/answer/").content.decode()
    page = page[page.index('id="main-content"') :]
    question = page.index("<legend")
    assert "Do you give consent for the school to involve" in page[question:]
    for shown in (
        "Speech and language therapy",
        "To assess Aisha&#x27;s speech sounds.",
        "The current support plan and the last review.",
        "Answer needed by",
    ):
        assert shown in page and page.index(shown) < question, shown
    assert "<details" not in page, "nothing the parent agrees to is folded away"


def test_asking_for_consent_shows_one_success_banner(world, client):
    sign_in(client, world.senco_a)
    today = services.local_today() + datetime.timedelta(days=10)
    response = client.post(
        f"/portal/pupils/{world.pupil_a1.pk}/consent/new/",
        {
            "service": "salt",
            "purpose": "To assess speech sounds.",
            "information_shared": "The plan.",
            "answer_needed_by_0": today.day,
            "answer_needed_by_1": today.month,
            "answer_needed_by_2": today.year,
        },
        follow=True,
    )
    assert response.content.decode().count("Consent asked for. The parents have been told.") == 1


def test_a_consent_step_shows_one_success_banner(world, client):
    request = ask(world)
    sign_in(client, world.senco_a)
    response = client.post(
        f"/portal/consent/{request.pk}/pupil-view/", {"view": "Happy to go"}, follow=True
    )
    assert response.content.decode().count("The pupil&#x27;s view has been recorded.") == 1


def test_only_a_linked_parent_can_answer_or_withdraw(world):
    request = ask(world)
    stranger = world.stranger
    for service in (services.consent_give, services.consent_refuse):
        with pytest.raises(ValidationError, match="Only a parent or carer of this child"):
            service(actor=stranger, context=CONTEXT, request=request)
    with pytest.raises(ValidationError, match="Only a parent or carer of this child"):
        services.consent_give(actor=world.senco_a, context=CONTEXT, request=request)
    request.refresh_from_db()
    assert request.status == ConsentStatus.REQUESTED
    services.consent_give(actor=world.parent_1, context=CONTEXT, request=request)
    with pytest.raises(ValidationError, match="Only a parent or carer of this child"):
        services.consent_withdraw(actor=stranger, context=CONTEXT, request=request)


def test_only_the_schools_senco_takes_the_schools_steps(world):
    request = ask(world)
    others = [world.parent_1, world.senco_b, UserFactory(email="nobody@example.org")]
    for actor in others:
        with pytest.raises(ValidationError, match="Only the school's SENCO"):
            services.consent_request_create(
                actor=actor,
                context=CONTEXT,
                pupil=world.pupil_a1,
                service="salt",
                purpose="x",
                information_shared="y",
                answer_needed_by=services.local_today() + datetime.timedelta(days=5),
            )
        with pytest.raises(ValidationError, match="Only the school's SENCO"):
            services.consent_cancel(actor=actor, context=CONTEXT, request=request)
        with pytest.raises(ValidationError, match="Only the school's SENCO"):
            services.consent_record_pupil_view(
                actor=actor, context=CONTEXT, request=request, view="x"
            )
    services.consent_give(actor=world.parent_1, context=CONTEXT, request=request)
    with pytest.raises(ValidationError, match="Only the school's SENCO"):
        services.consent_referral_mark_sent(actor=world.parent_1, context=CONTEXT, request=request)
    request.refresh_from_db()
    assert request.referral_sent_at is None and request.status == ConsentStatus.GIVEN
