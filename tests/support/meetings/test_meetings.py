"""Meetings with parents: arranging a date, the record, sharing it (COP-6.39), the parents'
answers, next steps, and the parents' views before a review."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.notifications.models import Delivery, Notification, NotificationKind
from portal.notifications.services import preference_set
from portal.support.meetings import services
from portal.support.meetings.models import (
    Acknowledgement,
    DateStatus,
    Meeting,
    NextStep,
    ParentResponse,
    ParentViews,
    RecordStatus,
)
from tests.conftest import count_queries, run_worker, sign_in
from tests.factories import (
    MeetingFactory,
    NextStepFactory,
    PupilFactory,
    UserFactory,
    link_parent,
)
from tests.portal.test_files import png_bytes

CTX = AuditContext()


class RolledBack(Exception):
    pass


def _draft(world, **kwargs) -> Meeting:
    kwargs.setdefault("starts_at", timezone.now() - datetime.timedelta(days=1))
    return MeetingFactory(pupil=world.pupil_a1, **kwargs)


def _share(world, meeting) -> bool:
    return services.meeting_share_with_parents(actor=world.senco_a, context=CTX, meeting=meeting)


def _client(user) -> Client:
    return sign_in(Client(), user)


def _boxes(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


# COP-6.39: the record is copied to the parents -------------------------------------------------


def test_cop_6_39_meeting_record_is_copied_to_parents(world):
    """A parent who chose to hear only in the portal still gets the record by email: a link,
    never the child's details."""
    meeting = _draft(world)
    NextStepFactory(meeting=meeting)
    assert _share(world, meeting)
    run_worker()
    assert [message.to for message in mail.outbox] == [[world.parent_1.email]]
    body = mail.outbox[0].body
    assert f"/portal/meetings/{meeting.pk}/record/" in body
    assert "Aisha" not in body and "reading" not in body.lower()
    notification = Notification.objects.get(recipient=world.parent_1)
    assert notification.kind == NotificationKind.MEETING
    assert notification.url == f"/portal/meetings/{meeting.pk}/record/"


def test_a_parent_who_chose_email_at_once_gets_one_email_for_a_shared_record(world):
    preference_set(user=world.parent_1, delivery=Delivery.EMAIL_AT_ONCE)
    _share(world, _draft(world))
    run_worker()
    assert [message.to for message in mail.outbox] == [[world.parent_1.email]]


def test_cop_6_39_parents_see_the_shared_record_with_the_iass_panel(world):
    meeting = _draft(world, pupil_views="I like the reading club.")
    _share(world, meeting)
    page = _client(world.parent_1).get(f"/portal/meetings/{meeting.pk}/record/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Northshire SENDIASS" in text
    assert "Aisha will read with an adult" in text


def test_nothing_is_sent_when_the_share_rolls_back(world):
    meeting = _draft(world)
    with pytest.raises(RolledBack), transaction.atomic():
        _share(world, meeting)
        raise RolledBack
    run_worker()
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).record_status == RecordStatus.DRAFT


def test_sharing_twice_shares_once(world):
    meeting = _draft(world)
    again = Meeting.objects.get(pk=meeting.pk)
    assert _share(world, meeting) is True
    assert _share(world, again) is False
    run_worker()
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=world.parent_1).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.MEETING_SHARED).count() == 1


def test_sharing_makes_the_record_read_only(world):
    meeting = _draft(world)
    _share(world, meeting)
    with pytest.raises(ValidationError):
        services.meeting_record_update(
            actor=world.senco_a,
            context=CTX,
            meeting=meeting,
            parent_views="",
            pupil_views="",
            discussion="Changed",
            outcomes_agreed="Changed",
        )
    senco = _client(world.senco_a)
    page = senco.post(
        f"/portal/meetings/{meeting.pk}/record/edit/",
        {"outcomes_agreed": "Changed later"},
        follow=True,
    )
    assert page.redirect_chain[-1][0].endswith(f"/portal/meetings/{meeting.pk}/record/#addenda")
    assert "cannot be changed" in page.content.decode()
    steps = senco.post(
        f"/portal/meetings/{meeting.pk}/steps/new/",
        {"action": "x", "owner": "school", **_boxes("due_on", timezone.localdate())},
        follow=True,
    )
    assert "cannot be changed" in steps.content.decode()
    meeting.refresh_from_db()
    assert meeting.outcomes_agreed == "Aisha will read with an adult three times a week."
    assert not NextStep.objects.filter(meeting=meeting).exists()


def test_a_correction_after_sharing_is_an_addendum_the_parents_are_told_of(world):
    meeting = _draft(world)
    _share(world, meeting)
    response = _client(world.senco_a).post(
        f"/portal/meetings/{meeting.pk}/addenda/new/", {"text": "The club is on Tuesdays."}
    )
    assert response.status_code == 302
    assert meeting.addenda.get().text == "The club is on Tuesdays."
    assert Notification.objects.filter(recipient=world.parent_1).count() == 2
    record = _client(world.parent_1).get(f"/portal/meetings/{meeting.pk}/record/")
    assert "The club is on Tuesdays." in record.content.decode()


# Who sees what ---------------------------------------------------------------------------------


def test_parent_cannot_see_a_draft_record(world):
    meeting = _draft(world, discussion="A draft the parent must not see")
    parent = _client(world.parent_1)
    assert parent.get(f"/portal/meetings/{meeting.pk}/record/").status_code == 404
    arrangement = parent.get(f"/portal/meetings/{meeting.pk}/")
    assert arrangement.status_code == 200
    assert "A draft the parent must not see" not in arrangement.content.decode()
    child_page = parent.get(f"/portal/pupils/{world.pupil_a1.pk}/")
    assert f"/portal/meetings/{meeting.pk}/record/" not in child_page.content.decode()


def test_parent_cannot_see_another_childs_meeting(world):
    meeting = _draft(world)
    _share(world, meeting)
    other_parent = _client(world.parent_2)
    for url in (f"/portal/meetings/{meeting.pk}/", f"/portal/meetings/{meeting.pk}/record/"):
        assert other_parent.get(url).status_code == 404


def test_cop_6_69_the_record_is_shared_with_the_staff_who_teach_the_pupil(world):
    meeting = _draft(world)
    _share(world, meeting)
    page = _client(world.teacher_a).get(f"/portal/meetings/{meeting.pk}/record/")
    assert page.status_code == 200
    assert "Aisha will read with an adult" in page.content.decode()


def test_reading_a_record_is_audited(world):
    meeting = _draft(world)
    _share(world, meeting)
    _client(world.parent_1).get(f"/portal/meetings/{meeting.pk}/record/")
    event = AuditEvent.objects.filter(action=AuditAction.SUPPORT_VIEWED).last()
    assert event.actor_id == world.parent_1.pk
    assert event.detail == f"meeting record {meeting.pk}"


# COP-6.64: meeting the parents: arranging the date ----------------------------------------------


def test_cop_6_64_parents_are_asked_to_a_meeting_and_can_ask_for_another_date(world):
    senco, parent = _client(world.senco_a), _client(world.parent_1)
    day = timezone.localdate() + datetime.timedelta(days=10)
    made = senco.post(
        f"/portal/pupils/{world.pupil_a1.pk}/meetings/new/",
        {"kind": "planning", **_boxes("date", day), "time": "2:30pm", "location": "Room 4"},
    )
    assert made.status_code == 302, made.content.decode()
    meeting = Meeting.objects.get(pupil=world.pupil_a1)
    assert meeting.starts_at.astimezone(services.local_zone()).time() == datetime.time(14, 30)
    assert Notification.objects.filter(recipient=world.parent_1, kind="meeting").exists()

    asked = parent.post(
        f"/portal/meetings/{meeting.pk}/date/", {"answer": "another", "note": "Mornings suit"}
    )
    assert asked.status_code == 302
    meeting.refresh_from_db()
    assert meeting.date_status == DateStatus.NEW_DATE_ASKED
    assert Notification.objects.filter(recipient=world.senco_a).count() == 1
    assert "Mornings suit" in senco.get(f"/portal/meetings/{meeting.pk}/").content.decode()

    senco.post(
        f"/portal/meetings/{meeting.pk}/new-date/",
        {**_boxes("date", day + datetime.timedelta(days=1)), "time": "09:00"},
    )
    parent.post(f"/portal/meetings/{meeting.pk}/date/", {"answer": "accept"})
    meeting.refresh_from_db()
    assert meeting.date_status == DateStatus.ACCEPTED


def test_asking_for_another_date_without_saying_when_shows_the_error(world):
    meeting = MeetingFactory(pupil=world.pupil_a1)
    page = _client(world.parent_1).post(
        f"/portal/meetings/{meeting.pk}/date/", {"answer": "another"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "govuk-error-summary" in text and "Enter which days and times would suit you" in text
    meeting.refresh_from_db()
    assert meeting.date_status == DateStatus.PROPOSED


def test_a_meeting_in_the_past_cannot_be_proposed(world):
    page = _client(world.senco_a).post(
        f"/portal/pupils/{world.pupil_a1.pk}/meetings/new/",
        {"kind": "review", **_boxes("date", datetime.date(2020, 1, 6)), "time": "10:00"},
    )
    assert "The meeting must be in the future" in page.content.decode()
    assert not Meeting.objects.exists()


def test_cancelling_a_meeting_tells_the_parents(world):
    meeting = MeetingFactory(pupil=world.pupil_a1)
    _client(world.senco_a).post(f"/portal/meetings/{meeting.pk}/cancel/")
    meeting.refresh_from_db()
    assert meeting.date_status == DateStatus.CANCELLED
    assert Notification.objects.filter(recipient=world.parent_1).exists()


def test_cop_6_64_three_meetings_a_year_show_on_the_childs_page(world):
    for days in (-90, -30, -5):
        _share(world, _draft(world, starts_at=timezone.now() + datetime.timedelta(days=days)))
    page = _client(world.parent_1).get(f"/portal/pupils/{world.pupil_a1.pk}/")
    assert page.content.decode().count("/record/") == 3


# The parents' answers to a record ---------------------------------------------------------------


def test_a_parents_response_reaches_the_senco_and_the_answer_reaches_the_parent(world):
    meeting = _draft(world)
    _share(world, meeting)
    parent, senco = _client(world.parent_1), _client(world.senco_a)
    sent = parent.post(
        f"/portal/meetings/{meeting.pk}/respond/",
        {"kind": "disagree", "text": "Three times a week is not enough."},
    )
    assert sent.status_code == 302
    told = Notification.objects.get(recipient=world.senco_a)
    assert told.url == f"/portal/meetings/{meeting.pk}/record/"
    record = senco.get(told.url).content.decode()
    assert "Three times a week is not enough." in record
    response = ParentResponse.objects.get()
    senco.post(
        f"/portal/meeting-responses/{response.pk}/answer/", {"reply": "We will make it four."}
    )
    assert Notification.objects.filter(recipient=world.parent_1).count() == 2
    assert "We will make it four." in parent.get(told.url).content.decode()


def test_a_parent_acknowledges_a_record_once(world):
    meeting = _draft(world)
    _share(world, meeting)
    parent = _client(world.parent_1)
    parent.post(f"/portal/meetings/{meeting.pk}/acknowledge/")
    parent.post(f"/portal/meetings/{meeting.pk}/acknowledge/")
    assert Acknowledgement.objects.filter(meeting=meeting, parent=world.parent_1).count() == 1
    assert (
        "You said you have read this record."
        in parent.get(f"/portal/meetings/{meeting.pk}/record/").content.decode()
    )


def test_opening_a_record_does_not_acknowledge_it(world):
    meeting = _draft(world)
    _share(world, meeting)
    _client(world.parent_1).get(f"/portal/meetings/{meeting.pk}/acknowledge/")
    assert not Acknowledgement.objects.exists()


# Next steps ------------------------------------------------------------------------------------


def test_a_parent_marks_their_own_step_done_but_not_the_schools(world):
    meeting = _draft(world)
    own = NextStepFactory(meeting=meeting, owner="parent", action="Read at bedtime")
    schools = NextStepFactory(meeting=meeting, owner="school")
    _share(world, meeting)
    parent = _client(world.parent_1)
    assert parent.post(f"/portal/next-steps/{own.pk}/", {"done": "yes"}).status_code == 302
    assert parent.post(f"/portal/next-steps/{schools.pk}/", {"done": "yes"}).status_code == 403
    own.refresh_from_db()
    schools.refresh_from_db()
    assert own.done_at is not None and schools.done_at is None


def test_steps_of_a_draft_record_cannot_be_marked_by_a_parent(world):
    step = NextStepFactory(meeting=_draft(world), owner="parent")
    assert _client(world.parent_1).get(f"/portal/next-steps/{step.pk}/").status_code == 404


def test_overdue_and_due_soon_steps_show_on_the_sencos_dashboard(world):
    meeting = _draft(world)
    today = timezone.localdate()
    NextStepFactory(meeting=meeting, action="Overdue step", due_on=today - datetime.timedelta(3))
    NextStepFactory(meeting=meeting, action="Soon step", due_on=today + datetime.timedelta(1))
    NextStepFactory(meeting=meeting, action="Later step", due_on=today + datetime.timedelta(60))
    page = _client(world.senco_a).get("/portal/").content.decode()
    assert "Overdue step" in page and "Soon step" in page
    assert "Later step" not in page


def test_open_steps_of_shared_records_show_on_the_parents_child_page(world):
    shared = _draft(world)
    NextStepFactory(meeting=shared, action="Shared step", owner="parent")
    _share(world, shared)
    draft = _draft(world)
    NextStepFactory(meeting=draft, action="Draft step")
    page = _client(world.parent_1).get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    assert "Shared step" in page
    assert "Draft step" not in page


# Parents' views before a review (COP-6.55) ------------------------------------------------------


def test_cop_6_55_the_parents_views_given_before_the_meeting_reach_the_record(world):
    meeting = MeetingFactory(pupil=world.pupil_a1, outcomes_agreed="")
    senco, parent = _client(world.senco_a), _client(world.parent_1)
    answer_by = timezone.localdate() + datetime.timedelta(days=3)
    assert (
        senco.post(
            f"/portal/meetings/{meeting.pk}/parent-views/new/", _boxes("answer_by", answer_by)
        ).status_code
        == 302
    )
    views = ParentViews.objects.get()
    told = Notification.objects.get(recipient=world.parent_1)
    assert told.kind == NotificationKind.PARENT_VIEWS
    assert told.url == f"/portal/parent-views/{views.pk}/"

    parent.post(told.url, {"going_well": "She loves the reading club.", "worries": "Spelling"})
    check = parent.get(f"/portal/parent-views/{views.pk}/check/").content.decode()
    assert "She loves the reading club." in check
    views.refresh_from_db()
    assert views.answered_at is None  # nothing sent before check-your-answers
    upload = SimpleUploadedFile("drawing.png", png_bytes(), content_type="image/png")
    sent = parent.post(f"/portal/parent-views/{views.pk}/check/", {"attachments": [upload]})
    assert sent.status_code == 302
    views.refresh_from_db()
    assert views.answered_at is not None and views.attachments.count() == 1
    assert Notification.objects.filter(
        recipient=world.senco_a, kind="meeting.parent_views"
    ).exists()

    edit = senco.get(f"/portal/meetings/{meeting.pk}/record/edit/").content.decode()
    assert "She loves the reading club." in edit  # the parents' views considered, filled in
    record = senco.get(f"/portal/meetings/{meeting.pk}/record/").content.decode()
    assert "drawing.png" in record


def test_cop_6_55_the_record_shows_the_pupils_views_considered(world):
    meeting = _draft(world)
    response = _client(world.senco_a).post(
        f"/portal/meetings/{meeting.pk}/record/edit/",
        {
            "parent_views": "Mum is pleased.",
            "pupil_views": "I like reading with Mrs Patel.",
            "discussion": "Reading",
            "outcomes_agreed": "Read three times a week.",
        },
    )
    assert response.status_code == 302
    _share(world, meeting)
    page = _client(world.parent_1).get(f"/portal/meetings/{meeting.pk}/record/").content.decode()
    assert "I like reading with Mrs Patel." in page and "Mum is pleased." in page


def test_views_need_at_least_one_answer(world):
    meeting = MeetingFactory(pupil=world.pupil_a1)
    views = services.parent_views_request(
        actor=world.senco_a,
        context=CTX,
        meeting=meeting,
        answer_by=timezone.localdate() + datetime.timedelta(days=2),
    )
    page = _client(world.parent_1).post(f"/portal/parent-views/{views.pk}/", {})
    assert page.status_code == 200
    assert "Answer at least one of the questions" in page.content.decode()


# Query counts ----------------------------------------------------------------------------------


def _counted(client, url: str) -> int:
    """Queries of one request, after a first one that fills the per-process caches (the site,
    the school calendar) as any running server has them filled."""
    client.get(url)
    return count_queries(lambda: client.get(url))


def _record_with(world, count: int) -> Meeting:
    meeting = _draft(world)
    for index in range(count):
        NextStepFactory(meeting=meeting, action=f"Step {index}")
        meeting.attendees.create(kind="staff", name=f"Staff {index}")
        ParentResponse.objects.create(meeting=meeting, parent=world.parent_1, kind="add", text="x")
    _share(world, meeting)
    return meeting


def test_the_record_page_makes_the_same_queries_for_1_and_30_of_everything(
    world, django_assert_num_queries
):
    parent = _client(world.parent_1)
    few = _record_with(world, 1)
    many = _record_with(world, 30)
    one = _counted(parent, f"/portal/meetings/{few.pk}/record/")
    parent.get(f"/portal/meetings/{many.pk}/record/")  # warm, as for the first count
    with django_assert_num_queries(one):
        parent.get(f"/portal/meetings/{many.pk}/record/")


def test_the_school_meetings_list_makes_the_same_queries_for_1_and_30_meetings(
    world, django_assert_num_queries
):
    senco = _client(world.senco_a)
    url = f"/portal/schools/{world.school_a.pk}/meetings/"
    _draft(world)
    one = _counted(senco, url)
    for _index in range(29):
        pupil = PupilFactory(school=world.school_a)
        MeetingFactory(pupil=pupil)
    senco.get(url)  # warm, as for the first count
    with django_assert_num_queries(one):
        senco.get(url)


def test_the_childs_page_makes_the_same_queries_for_1_and_30_meetings(
    world, django_assert_num_queries
):
    parent = _client(world.parent_1)
    url = f"/portal/pupils/{world.pupil_a1.pk}/"
    meeting = _draft(world)
    NextStepFactory(meeting=meeting, owner="parent")
    _share(world, meeting)
    one = _counted(parent, url)
    for _index in range(29):
        other = _draft(world)
        NextStepFactory(meeting=other)
        _share(world, other)
    parent.get(url)  # warm, as for the first count
    with django_assert_num_queries(one):
        parent.get(url)


def test_the_sencos_dashboard_makes_the_same_queries_for_1_and_30_steps(
    world, django_assert_num_queries
):
    senco = _client(world.senco_a)
    meeting = _draft(world)
    NextStepFactory(meeting=meeting, due_on=timezone.localdate())
    one = _counted(senco, "/portal/")
    for _index in range(29):
        NextStepFactory(meeting=meeting, due_on=timezone.localdate())
    senco.get("/portal/")  # warm, as for the first count
    with django_assert_num_queries(one):
        senco.get("/portal/")


def test_a_parent_of_two_sees_each_childs_meetings_on_their_own_page(world):
    other = PupilFactory(school=world.school_a, legal_first_name="Zara")
    link_parent(world.parent_1, other)
    meeting = MeetingFactory(pupil=other)
    page = _client(world.parent_1).get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    assert f"/portal/meetings/{meeting.pk}/" not in page


def test_cop_6_68_the_record_says_who_does_what_by_when(world):
    meeting = _draft(world)
    NextStepFactory(
        meeting=meeting,
        action="Ask the speech therapist for advice",
        owner="other",
        owner_name="Dr Ola Adeyemi",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    _share(world, meeting)
    page = _client(world.parent_1).get(f"/portal/meetings/{meeting.pk}/record/").content.decode()
    assert "Ask the speech therapist for advice" in page
    assert "Someone else" in page and "Dr Ola Adeyemi" in page
    assert "Overdue" in page


def test_a_next_step_for_someone_else_needs_their_name(world):
    meeting = _draft(world)
    page = _client(world.senco_a).post(
        f"/portal/meetings/{meeting.pk}/steps/new/",
        {"action": "Refer", "owner": "other", **_boxes("due_on", timezone.localdate())},
    )
    assert "Enter the name of who will do it" in page.content.decode()
    assert not NextStep.objects.exists()


def test_a_record_without_outcomes_cannot_be_shared(world):
    meeting = _draft(world, outcomes_agreed="")
    page = _client(world.senco_a).post(f"/portal/meetings/{meeting.pk}/share/")
    assert page.status_code == 200
    assert "Enter the outcomes agreed before sharing the record" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.record_status == RecordStatus.DRAFT
    assert not Notification.objects.exists()


def test_a_parent_does_not_read_the_views_another_parent_gave(world):
    second = link_parent(UserFactory(email="dad@example.org"), world.pupil_a1).parent
    meeting = MeetingFactory(pupil=world.pupil_a1)
    views = services.parent_views_request(
        actor=world.senco_a,
        context=CTX,
        meeting=meeting,
        answer_by=timezone.localdate() + datetime.timedelta(days=2),
    )
    services.parent_views_submit(
        actor=world.parent_1,
        context=CTX,
        views=views,
        going_well="Only mum wrote this",
        worries="",
        to_discuss="",
        from_home="",
    )
    page = _client(second).get(f"/portal/parent-views/{views.pk}/check/").content.decode()
    assert "Only mum wrote this" not in page
    assert "Another parent or carer sent their views" in page


def test_a_parent_cannot_ask_for_another_date_once_the_meeting_has_taken_place(world):
    meeting = _draft(world)
    page = _client(world.parent_1).post(
        f"/portal/meetings/{meeting.pk}/date/", {"answer": "another", "note": "Later"}
    )
    assert "This meeting has already taken place" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.date_status == DateStatus.PROPOSED


def test_a_record_cannot_be_shared_before_the_meeting_and_stays_a_draft(world):
    meeting = MeetingFactory(pupil=world.pupil_a1)
    page = _client(world.senco_a).post(f"/portal/meetings/{meeting.pk}/share/", {})
    text = page.content.decode()
    assert "Share the record once the meeting has taken place" in text
    local = meeting.starts_at.astimezone(services.local_zone())
    assert str(local.year) in text and str(local.day) in text
    meeting.refresh_from_db()
    assert meeting.record_status == RecordStatus.DRAFT
    assert meeting.date_status == DateStatus.PROPOSED
    assert not Notification.objects.filter(recipient=world.parent_1).exists()


def test_a_parent_reads_only_their_own_note_about_the_date(world):
    second = link_parent(UserFactory(email="dad@example.org"), world.pupil_a1).parent
    meeting = MeetingFactory(pupil=world.pupil_a1)
    services.meeting_date_ask_another(
        actor=world.parent_1, context=CTX, meeting=meeting, note="Only Tuesdays for mum"
    )
    url = f"/portal/meetings/{meeting.pk}/"
    assert "Only Tuesdays for mum" in _client(world.parent_1).get(url).content.decode()
    assert "Only Tuesdays for mum" not in _client(second).get(url).content.decode()
    assert "Only Tuesdays for mum" in _client(world.senco_a).get(url).content.decode()


def test_a_parent_cannot_accept_a_date_that_has_passed(world):
    meeting = _draft(world)
    page = _client(world.parent_1).post(
        f"/portal/meetings/{meeting.pk}/date/", {"answer": "accept"}
    )
    assert "This date has passed" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.date_status == DateStatus.PROPOSED
    form = _client(world.parent_1).get(f"/portal/meetings/{meeting.pk}/date/")
    assert "This date has passed" in form.content.decode()


def test_the_edit_page_of_a_shared_record_leads_to_the_record_and_its_addenda(world):
    meeting = _draft(world)
    _share(world, meeting)
    page = _client(world.senco_a).get(f"/portal/meetings/{meeting.pk}/record/edit/", follow=True)
    text = page.content.decode()
    assert page.redirect_chain[-1][0].endswith(f"/portal/meetings/{meeting.pk}/record/#addenda")
    assert "Add any correction as an addendum" in text
    assert "The parents do not see the record until you share it" not in text
    assert f"/portal/meetings/{meeting.pk}/addenda/new/" in text


@pytest.mark.parametrize("close", ["share", "cancel"])
def test_views_cannot_be_sent_once_the_record_is_shared_or_the_meeting_cancelled(world, close):
    meeting = _draft(world)
    views = services.parent_views_request(
        actor=world.senco_a,
        context=CTX,
        meeting=meeting,
        answer_by=timezone.localdate() + datetime.timedelta(days=2),
    )
    if close == "share":
        _share(world, meeting)
    else:
        Meeting.objects.filter(pk=meeting.pk).update(date_status=DateStatus.CANCELLED)
    with pytest.raises(ValidationError):
        services.parent_views_submit(
            actor=world.parent_1,
            context=CTX,
            views=views,
            going_well="Late views",
            worries="",
            to_discuss="",
            from_home="",
        )
    page = _client(world.parent_1).post(
        f"/portal/parent-views/{views.pk}/", {"going_well": "Late views"}
    )
    assert "views can no longer be sent" in page.content.decode()
    views.refresh_from_db()
    assert views.answered_at is None and views.going_well == ""


def test_too_many_responses_answer_429_and_keep_what_was_typed(world, settings):
    from django.core.cache import cache

    cache.clear()
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "meeting_respond": "1/h/user"}
    meeting = _draft(world)
    _share(world, meeting)
    parent = _client(world.parent_1)
    url = f"/portal/meetings/{meeting.pk}/respond/"
    assert parent.post(url, {"kind": "add", "text": "First"}).status_code == 302
    page = parent.post(url, {"kind": "add", "text": "Second thoughts"})
    assert page.status_code == 429
    assert "Retry-After" in page
    body = page.content.decode()
    assert "Wait" in body and "Second thoughts" in body
    assert ParentResponse.objects.filter(meeting=meeting).count() == 1


def test_responses_waiting_for_an_answer_show_on_the_sencos_dashboard(world):
    meeting = _draft(world)
    _share(world, meeting)
    services.meeting_response_add(
        actor=world.parent_1, context=CTX, meeting=meeting, kind="add", text="Please call me"
    )
    page = _client(world.senco_a).get("/portal/").content.decode()
    assert "1 response from parents waiting for an answer" in page
    assert f"/portal/meetings/{meeting.pk}/record/#responses" in page
    ParentResponse.objects.update(replied_at=timezone.now(), reply="Done")
    page = _client(world.senco_a).get("/portal/").content.decode()
    assert "from parents waiting for an answer" not in page


def test_the_sencos_dashboard_makes_the_same_queries_for_1_and_30_responses(
    world, django_assert_num_queries
):
    senco = _client(world.senco_a)
    meeting = _draft(world)
    _share(world, meeting)
    services.meeting_response_add(
        actor=world.parent_1, context=CTX, meeting=meeting, kind="add", text="One"
    )
    one = _counted(senco, "/portal/")
    for index in range(29):
        ParentResponse.objects.create(
            meeting=meeting, parent=world.parent_1, kind="add", text=f"More {index}"
        )
    senco.get("/portal/")
    with django_assert_num_queries(one):
        senco.get("/portal/")
