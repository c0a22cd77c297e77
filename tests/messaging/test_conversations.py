"""Conversations between a parent and named staff about one pupil: starting one, who sees it,
read receipts, replies needed, quiet hours and the notifications they hold."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from messaging.conversations import services
from messaging.conversations.models import (
    Conversation,
    ConversationMember,
    MemberRole,
    Message,
    QuietHours,
)
from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.notifications.models import Notification, NotificationKind
from portal.people.models import GuardianLink
from portal.pupils.services import teachers_assign
from tests.conftest import count_queries, run_worker, sign_in
from tests.factories import PupilFactory, StaffMembershipFactory, link_parent

LONDON = ZoneInfo("Europe/London")
CTX = AuditContext()


def start(world, *, body="Could we talk about reading at home?", reply_needed_by=None, now=None):
    """Parent 1 starts a conversation about Aisha with the SENCO and her teacher."""
    conversation, sent = services.conversation_start(
        actor=world.parent_1,
        context=CTX,
        pupil=world.pupil_a1,
        parent=world.parent_1,
        staff=[world.senco_a, world.teacher_a],
        subject="Reading at home",
        body=body,
        reply_needed_by=reply_needed_by,
        now=now,
    )
    return conversation, sent


def parent_client(world) -> Client:
    return sign_in(Client(), world.parent_1, verified=False)


def quiet_all_day_now(school, senco) -> QuietHours:
    """Quiet hours that hold whatever is sent now: an hour either side of the present."""
    now = timezone.localtime()
    return QuietHours.objects.create(
        school=school,
        enabled=True,
        starts_at=(now - datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0),
        ends_at=(now + datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0),
        weekends=False,
        updated_by=senco,
    )


# --- The record ----------------------------------------------------------------------------------


def test_messages_are_never_edited_or_deleted(world):
    conversation, sent = start(world)
    message = sent.message

    message.body = "Something else"
    with pytest.raises(PermissionError):
        message.save()
    with pytest.raises(PermissionError):
        Message.objects.filter(pk=message.pk).update(body="Something else")
    with pytest.raises(PermissionError):
        message.delete()
    with pytest.raises(PermissionError):
        Message.objects.filter(pk=message.pk).delete()

    assert Message.objects.get(pk=message.pk).body == "Could we talk about reading at home?"


def test_a_conversations_pupil_must_be_at_its_school(world):
    with pytest.raises(ValueError):
        Conversation.objects.create(
            school=world.school_b,
            pupil=world.pupil_a1,
            parent=world.parent_1,
            subject="Wrong school",
            started_by=world.parent_1,
        )


# --- Starting a conversation ---------------------------------------------------------------------


def test_parent_sees_the_senco_and_assigned_staff_with_their_roles_on_the_start_page(world):
    response = parent_client(world).get(f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/")

    page = response.content.decode()
    assert response.status_code == 200
    assert f"{world.senco_a.get_full_name()}, SENCO" in page
    assert f"{world.teacher_a.get_full_name()}, Teacher or support staff" in page
    # Staff of the school who do not work with Aisha are not offered.
    assert world.dsl_a.get_full_name() not in page
    assert world.head_a.get_full_name() not in page


def test_parent_starts_a_conversation_from_the_childs_page(world):
    client = parent_client(world)
    pupil_page = client.get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    assert "Start a conversation" in pupil_page

    response = client.post(
        f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/",
        {
            "staff": [world.senco_a.pk],
            "subject": "Reading at home",
            "body": "Could we talk about reading at home?",
        },
    )

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portal/conversations/{conversation.pk}/"
    assert conversation.parent == world.parent_1
    assert dict(conversation.members.values_list("user_id", "role")) == {
        world.parent_1.pk: MemberRole.PARENT,
        world.senco_a.pk: MemberRole.SENCO,
    }
    page = client.get(response["Location"]).content.decode()
    assert "Could we talk about reading at home?" in page
    assert "Reading at home" in client.get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()


def test_parent_cannot_pick_staff_who_do_not_work_with_the_child(world):
    response = parent_client(world).post(
        f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/",
        {"staff": [world.dsl_a.pk], "subject": "Hello", "body": "Hello"},
    )

    assert response.status_code == 200
    assert "Select only staff shown in the list" in response.content.decode()
    assert not Conversation.objects.exists()


def test_missing_answers_are_named_in_the_error_summary(world):
    response = parent_client(world).post(
        f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/", {"body": "   "}
    )

    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    for error in ("Select who you want to message", "Enter a subject", "Enter your message"):
        assert error in page


def test_a_reply_needed_by_date_must_be_in_the_future(world):
    today = timezone.localdate()
    response = parent_client(world).post(
        f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/",
        {
            "staff": [world.senco_a.pk],
            "subject": "Hello",
            "body": "Hello",
            "reply_needed_by_0": today.day,
            "reply_needed_by_1": today.month,
            "reply_needed_by_2": today.year,
        },
    )

    assert "The date you need a reply by must be in the future" in response.content.decode()
    assert not Conversation.objects.exists()


def test_senco_starts_a_conversation_with_a_linked_parent(world):
    client = sign_in(Client(), world.senco_a)

    response = client.post(
        f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/",
        {"parent": world.parent_1.pk, "subject": "Sports day", "body": "Aisha did well."},
    )

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert conversation.parent == world.parent_1
    assert conversation.started_by == world.senco_a
    assert set(conversation.members.values_list("user_id", flat=True)) == {
        world.parent_1.pk,
        world.senco_a.pk,
    }
    assert Notification.objects.filter(
        recipient=world.parent_1, kind=NotificationKind.MESSAGE_RECEIVED
    ).exists()


def test_senco_cannot_start_a_conversation_with_someone_who_is_not_linked(world):
    response = sign_in(Client(), world.senco_a).post(
        f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/",
        {"parent": world.parent_2.pk, "subject": "Sports day", "body": "Hello"},
    )

    assert response.status_code == 200
    assert "Select the parent or carer to message" in response.content.decode()
    assert not Conversation.objects.exists()


# --- Who sees it ---------------------------------------------------------------------------------


def test_another_parent_linked_to_the_same_child_cannot_see_the_conversation(world):
    link_parent(world.parent_2, world.pupil_a1, relationship="father")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    conversation, _sent = start(world, reply_needed_by=tomorrow)
    services.message_send(
        actor=world.senco_a,
        context=CTX,
        conversation=conversation,
        body="Of course. Could you come in on Thursday?",
        reply_needed_by=tomorrow + datetime.timedelta(days=1),
    )
    other = sign_in(Client(), world.parent_2, verified=False)

    detail = other.get(f"/portal/conversations/{conversation.pk}/")
    listing = other.get("/portal/conversations/").content.decode()
    pupil_page = other.get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    dashboard = other.get("/portal/").content.decode()
    posted = other.post(f"/portal/conversations/{conversation.pk}/", {"body": "Let me in"})

    assert detail.status_code == 404
    assert posted.status_code == 404
    for page in (listing, pupil_page, dashboard):
        assert "Reading at home" not in page
    assert "Replies needed from you" not in dashboard
    assert Message.objects.count() == 2
    assert not Notification.objects.filter(recipient=world.parent_2).exists()
    refusal = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).last()
    assert refusal.actor_id == world.parent_2.pk
    assert refusal.detail == f"conversation {conversation.pk}"


def test_a_parent_whose_link_is_removed_no_longer_sees_the_conversation(world):
    conversation, _sent = start(world)
    GuardianLink.objects.filter(pk=world.link_a1.pk).update(revoked_at=timezone.now())
    client = parent_client(world)

    assert client.get(f"/portal/conversations/{conversation.pk}/").status_code == 404
    assert "Reading at home" not in client.get("/portal/conversations/").content.decode()


def test_staff_who_left_the_school_no_longer_see_the_conversation_or_are_told(world):
    conversation, _sent = start(world)
    world.teacher_a.memberships.all().delete()
    Notification.objects.all().delete()

    response = sign_in(Client(), world.teacher_a).get(f"/portal/conversations/{conversation.pk}/")
    services.message_send(
        actor=world.parent_1, context=CTX, conversation=conversation, body="Any news?"
    )

    assert response.status_code == 404
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {world.senco_a.pk}


def test_a_teacher_no_longer_assigned_to_the_child_leaves_the_conversation(world):
    conversation, _sent = start(world)
    teacher = sign_in(Client(), world.teacher_a)
    url = f"/portal/conversations/{conversation.pk}/"
    assert teacher.get(url).status_code == 200
    teachers_assign(actor=world.senco_a, context=CTX, pupil=world.pupil_a1, teachers=[])
    Notification.objects.all().delete()

    response = teacher.get(url)
    listed = teacher.get("/portal/conversations/").content.decode()
    services.message_send(
        actor=world.parent_1, context=CTX, conversation=conversation, body="Any news?"
    )

    assert response.status_code == 404
    assert "Reading at home" not in listed
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {world.senco_a.pk}
    with pytest.raises(ValidationError):
        services.message_send(
            actor=world.teacher_a, context=CTX, conversation=conversation, body="Still here"
        )


def test_the_senco_and_headteacher_stay_in_a_conversation_without_an_assignment(world):
    conversation, _sent = start(world)
    services.message_send(
        actor=world.senco_a, context=CTX, conversation=conversation, body="Adding the head."
    )
    ConversationMember.objects.create(
        conversation=conversation, user=world.head_a, role=MemberRole.HEADTEACHER
    )
    Notification.objects.all().delete()

    services.message_send(
        actor=world.parent_1, context=CTX, conversation=conversation, body="Thank you."
    )

    for user in (world.senco_a, world.head_a):
        url = f"/portal/conversations/{conversation.pk}/"
        assert sign_in(Client(), user).get(url).status_code == 200
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        world.senco_a.pk,
        world.head_a.pk,
        world.teacher_a.pk,
    }


def test_staff_of_another_school_get_404(world):
    conversation, _sent = start(world)

    response = sign_in(Client(), world.senco_b).get(f"/portal/conversations/{conversation.pk}/")

    assert response.status_code == 404


# --- Notifications and quiet hours ---------------------------------------------------------------


def test_outside_quiet_hours_the_others_are_told_at_once_without_the_message_itself(world):
    conversation, sent = start(world, body="Aisha has been upset about spelling tests.")

    notifications = Notification.objects.filter(kind=NotificationKind.MESSAGE_RECEIVED)
    assert set(notifications.values_list("recipient_id", flat=True)) == {
        world.senco_a.pk,
        world.teacher_a.pk,
    }
    author = world.parent_1.get_full_name()
    for notification in notifications:
        assert notification.text == f"{author} sent a message about Aisha."
        assert "spelling" not in notification.text
        assert "Khan" not in notification.text
        assert notification.url == f"/portal/conversations/{conversation.pk}/"
    assert sent.held_until is None
    assert Message.objects.get(pk=sent.message.pk).notified_at is not None


def test_in_quiet_hours_nobody_is_told_until_they_end_then_the_worker_tells_them_once(world):
    QuietHours.objects.create(
        school=world.school_a,
        enabled=True,
        starts_at=datetime.time(18, 0),
        ends_at=datetime.time(7, 30),
        weekends=True,
        updated_by=world.senco_a,
    )
    # Sent on a Friday evening a year ago, so that the end of its quiet hours has passed:
    # held until Monday 8 December 2025 at 07:30.
    friday_evening = datetime.datetime(2025, 12, 5, 19, 0, tzinfo=LONDON)

    conversation, sent = start(world, now=friday_evening)

    assert sent.held_until == datetime.datetime(2025, 12, 8, 7, 30, tzinfo=LONDON)
    message = Message.objects.get(pk=sent.message.pk)
    assert message.notified_at is None
    assert not Notification.objects.exists()
    # The message is in the thread at once.
    page = sign_in(Client(), world.senco_a).get(f"/portal/conversations/{conversation.pk}/")
    assert "Could we talk about reading at home?" in page.content.decode()
    held = DBTaskResult.objects.get(task_path="messaging.conversations.tasks.message_notify")
    assert held.run_after == sent.held_until

    run_worker()

    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        world.senco_a.pk,
        world.teacher_a.pk,
    }
    assert Message.objects.get(pk=message.pk).notified_at is not None
    # Run twice (a worker that died mid-run, a duplicate task): nobody is told twice.
    assert services.message_notify_held(message_id=message.pk) is False
    assert Notification.objects.count() == 2


def test_a_task_that_is_not_due_yet_tells_nobody(world):
    quiet_all_day_now(world.school_a, world.senco_a)

    _conversation, sent = start(world)
    run_worker()

    assert sent.held_until is not None
    assert not Notification.objects.exists()


def test_parent_is_told_when_the_staff_will_see_a_message_sent_in_quiet_hours(world):
    quiet = quiet_all_day_now(world.school_a, world.senco_a)
    client = parent_client(world)

    response = client.post(
        f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/",
        {"staff": [world.senco_a.pk], "subject": "Reading", "body": "Late question"},
        follow=True,
    )

    page = response.content.decode()
    start_time = quiet.starts_at.strftime("%H:%M")
    end_time = quiet.ends_at.strftime("%H:%M")
    assert (
        f"The school&#x27;s staff do not read messages between {start_time} and {end_time}." in page
    )
    assert re.search(rf"They will see your message from {end_time} on \w+day \d+ \w+\.", page)
    assert not Notification.objects.exists()


def test_the_conversation_page_shows_the_schools_quiet_hours(world):
    QuietHours.objects.create(
        school=world.school_a,
        enabled=True,
        starts_at=datetime.time(18, 0),
        ends_at=datetime.time(7, 30),
        weekends=True,
        updated_by=world.senco_a,
    )
    conversation, _sent = start(world, now=datetime.datetime(2026, 12, 1, 10, tzinfo=LONDON))

    page = parent_client(world).get(f"/portal/conversations/{conversation.pk}/").content.decode()

    assert "do not read messages between 18:00 and 07:30 or at weekends" in page


# --- Reading -------------------------------------------------------------------------------------


def test_read_receipts_show_both_ways(world):
    conversation, _sent = start(world)
    parent = parent_client(world)
    senco = sign_in(Client(), world.senco_a)
    url = f"/portal/conversations/{conversation.pk}/"
    senco_name = world.senco_a.get_full_name()
    parent_name = world.parent_1.get_full_name()

    before = parent.get(url).content.decode()
    senco.get(url)
    after = parent.get(url).content.decode()

    assert f"Not seen yet by {senco_name}, SENCO" in before
    assert re.search(rf"Seen by {senco_name}, SENCO, at \d\d:\d\d", after)

    services.message_send(
        actor=world.senco_a, context=CTX, conversation=conversation, body="Thursday suits."
    )
    assert f"Not seen yet by {parent_name}, Parent or carer" in senco.get(url).content.decode()
    parent.get(url)
    assert re.search(
        rf"Seen by {parent_name}, Parent or carer, at \d\d:\d\d", senco.get(url).content.decode()
    )


def test_opening_a_conversation_marks_it_read_only_when_something_is_new_and_audits_the_read(
    world,
):
    conversation, _sent = start(world)
    senco = sign_in(Client(), world.senco_a)
    url = f"/portal/conversations/{conversation.pk}/"
    member = ConversationMember.objects.get(conversation=conversation, user=world.senco_a)
    assert member.last_read_at is None

    senco.get(url)
    first_read = ConversationMember.objects.get(pk=member.pk).last_read_at
    senco.get(url)

    assert first_read is not None
    assert ConversationMember.objects.get(pk=member.pk).last_read_at == first_read
    reads = AuditEvent.objects.filter(
        action=AuditAction.PUPIL_VIEWED, actor=world.senco_a, object_id=str(world.pupil_a1.pk)
    )
    assert reads.count() == 2
    assert reads.first().detail == f"conversation {conversation.pk}"


def test_a_live_refresh_of_a_hidden_page_does_not_mark_the_conversation_read(world):
    conversation, _sent = start(world)
    senco = sign_in(Client(), world.senco_a)
    url = f"/portal/conversations/{conversation.pk}/"
    member = ConversationMember.objects.get(conversation=conversation, user=world.senco_a)

    hidden = senco.get(url, headers={"X-Live-Region": "1", "X-Page-Visible": "0"})
    unsaid = senco.get(url, headers={"X-Live-Region": "1"})

    assert hidden.status_code == 200 and unsaid.status_code == 200
    assert ConversationMember.objects.get(pk=member.pk).last_read_at is None
    senco_name = world.senco_a.get_full_name()
    assert f"Not seen yet by {senco_name}, SENCO" in parent_client(world).get(url).content.decode()
    # Each refresh is still a read of the thread, and audited as one.
    reads = AuditEvent.objects.filter(
        action=AuditAction.PUPIL_VIEWED, actor=world.senco_a, object_id=str(world.pupil_a1.pk)
    )
    assert reads.count() == 2

    senco.get(url, headers={"X-Live-Region": "1", "X-Page-Visible": "1"})

    assert ConversationMember.objects.get(pk=member.pk).last_read_at is not None


def test_a_normal_page_load_marks_the_conversation_read_whatever_the_headers(world):
    conversation, _sent = start(world)
    senco = sign_in(Client(), world.senco_a)
    member = ConversationMember.objects.get(conversation=conversation, user=world.senco_a)

    senco.get(f"/portal/conversations/{conversation.pk}/", headers={"X-Page-Visible": "0"})

    assert ConversationMember.objects.get(pk=member.pk).last_read_at is not None


def test_the_thread_names_its_latest_message_in_one_status_line_not_a_live_thread(world):
    conversation, _sent = start(world)
    services.message_send(
        actor=world.senco_a, context=CTX, conversation=conversation, body="Thursday suits."
    )
    page = parent_client(world).get(f"/portal/conversations/{conversation.pk}/").content.decode()

    region = re.search(r'<div id="conversation-messages"[^>]*>', page).group(0)
    statuses = re.findall(r'<p[^>]*role="status"[^>]*>(.*?)</p>', page, re.S)
    assert "aria-live" not in region
    assert len(statuses) == 1
    assert re.fullmatch(
        rf"Latest message from {world.senco_a.get_full_name()}, SENCO, at \d\d:\d\d",
        statuses[0],
    )


def test_the_list_shows_new_messages_until_they_are_read(world):
    conversation, _sent = start(world)
    senco = sign_in(Client(), world.senco_a)

    before = senco.get("/portal/conversations/").content.decode()
    senco.get(f"/portal/conversations/{conversation.pk}/")
    after = senco.get("/portal/conversations/").content.decode()

    assert "Reading at home" in before and "New messages" in before
    assert "New messages" not in after


# --- Reply needed --------------------------------------------------------------------------------


def test_a_reply_needed_shows_on_the_recipients_dashboard_until_someone_replies(world):
    due = timezone.localdate() + datetime.timedelta(days=3)
    conversation, _sent = start(world, reply_needed_by=due)
    senco = sign_in(Client(), world.senco_a)

    dashboard = senco.get("/portal/").content.decode()
    parents_own = parent_client(world).get("/portal/").content.decode()
    page = senco.get(f"/portal/conversations/{conversation.pk}/").content.decode()

    assert "Replies needed from you" in dashboard
    assert "Reading at home" in dashboard
    assert "Replies needed from you" not in parents_own
    assert "A reply is needed by" in page

    teacher_reply = services.message_send(
        actor=world.teacher_a, context=CTX, conversation=conversation, body="I will call you."
    )

    assert "Replies needed from you" not in senco.get("/portal/").content.decode()
    assert Message.objects.get(pk=_sent.message.pk).answered_at == teacher_reply.message.created_at


def test_a_colleagues_message_does_not_answer_a_question_to_the_parent(world):
    due = timezone.localdate() + datetime.timedelta(days=3)
    conversation, _sent = start(world)
    asked = services.message_send(
        actor=world.senco_a,
        context=CTX,
        conversation=conversation,
        body="Could you send the letter from the GP?",
        reply_needed_by=due,
    ).message
    parent = parent_client(world)

    services.message_send(
        actor=world.teacher_a, context=CTX, conversation=conversation, body="I saw her today."
    )

    assert Message.objects.get(pk=asked.pk).answered_at is None
    assert "Reading at home" in parent.get("/portal/").content.decode()
    assert (
        "A reply is needed by"
        in parent.get(f"/portal/conversations/{conversation.pk}/").content.decode()
    )
    # The colleague is not asked to answer the SENCO's question to the parent.
    teacher = sign_in(Client(), world.teacher_a)
    assert "Replies needed from you" not in teacher.get("/portal/").content.decode()
    assert (
        "A reply is needed by"
        not in teacher.get(f"/portal/conversations/{conversation.pk}/").content.decode()
    )

    reply = services.message_send(
        actor=world.parent_1, context=CTX, conversation=conversation, body="Attached."
    )

    assert Message.objects.get(pk=asked.pk).answered_at == reply.message.created_at
    assert "Replies needed from you" not in parent.get("/portal/").content.decode()


def test_a_parents_own_message_does_not_answer_their_question(world):
    due = timezone.localdate() + datetime.timedelta(days=3)
    conversation, sent = start(world, reply_needed_by=due)

    services.message_send(
        actor=world.parent_1, context=CTX, conversation=conversation, body="One more thing."
    )

    assert Message.objects.get(pk=sent.message.pk).answered_at is None


def test_replies_needed_are_listed_soonest_first_with_overdue_ones_tagged(world):
    today = timezone.localdate()
    later, _ = start(world, reply_needed_by=today + datetime.timedelta(days=9))
    Conversation.objects.filter(pk=later.pk).update(subject="Later one")
    soon, _ = start(world, reply_needed_by=today + datetime.timedelta(days=2))
    Conversation.objects.filter(pk=soon.pk).update(subject="Sooner one")
    overdue, _ = start(world)
    Conversation.objects.filter(pk=overdue.pk).update(subject="Overdue one")
    # A date that has since passed (the service takes only future dates).
    Message.objects.create(
        conversation=overdue,
        author=world.parent_1,
        body="Please reply",
        reply_needed_by=today - datetime.timedelta(days=1),
    )

    dashboard = sign_in(Client(), world.senco_a).get("/portal/").content.decode()
    panel = dashboard[dashboard.index("Replies needed from you") :]

    assert panel.index("Overdue one") < panel.index("Sooner one") < panel.index("Later one")
    assert panel.count(">Overdue<") == 1


# --- Quiet hours settings ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["senco_a", "head_a"])
def test_the_senco_or_headteacher_sets_quiet_hours(world, role):
    client = sign_in(Client(), getattr(world, role))
    url = f"/portal/schools/{world.school_a.pk}/quiet-hours/"

    response = client.post(
        url, {"enabled": "yes", "starts_at": "18:00", "ends_at": "07:30", "weekends": "yes"}
    )

    quiet = QuietHours.objects.get(school=world.school_a)
    assert response.status_code == 302
    assert (quiet.enabled, quiet.starts_at, quiet.ends_at, quiet.weekends) == (
        True,
        datetime.time(18, 0),
        datetime.time(7, 30),
        True,
    )
    assert 'value="18:00"' in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.QUIET_HOURS_CHANGED).exists()


def test_quiet_hours_on_need_both_times(world):
    response = sign_in(Client(), world.senco_a).post(
        f"/portal/schools/{world.school_a.pk}/quiet-hours/",
        {"enabled": "yes", "starts_at": "", "ends_at": "half seven", "weekends": "no"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the time quiet hours start, for example 18:00" in page
    assert "Enter the time quiet hours end, for example 07:30" in page
    assert not QuietHours.objects.exists()


# --- Query counts --------------------------------------------------------------------------------


def _many_conversations(world, count: int) -> None:
    due = timezone.localdate() + datetime.timedelta(days=5)
    for index in range(count):
        pupil = PupilFactory(school=world.school_a) if index % 2 else world.pupil_a1
        if pupil != world.pupil_a1:
            link_parent(world.parent_1, pupil)
        conversation = Conversation.objects.create(
            school=world.school_a,
            pupil=pupil,
            parent=world.parent_1,
            subject=f"Subject {index}",
            started_by=world.parent_1,
        )
        ConversationMember.objects.bulk_create(
            [
                ConversationMember(conversation=conversation, user=world.parent_1, role="parent"),
                ConversationMember(conversation=conversation, user=world.senco_a, role="senco"),
            ]
        )
        Message.objects.create(
            conversation=conversation, author=world.parent_1, body="Hello", reply_needed_by=due
        )


def steady_queries(client: Client, address: str) -> int:
    """Queries of one visit right after another: caches that are not the page's own are warm,
    and the session's last-seen time (written at most every 30 seconds, so possibly during a
    visit after slow set-up on a busy machine) was just written."""
    client.get(address)
    return count_queries(lambda: client.get(address))


@pytest.mark.parametrize(
    "address", ["/portal/conversations/", "/portal/"], ids=["list", "dashboard"]
)
def test_query_counts_do_not_grow_with_the_number_of_conversations(world, address):
    senco = sign_in(Client(), world.senco_a)
    _many_conversations(world, 5)
    few = steady_queries(senco, address)
    _many_conversations(world, 95)
    many = steady_queries(senco, address)

    assert few == many


def test_the_pupil_page_panel_query_count_does_not_grow(world):
    parent = parent_client(world)
    address = f"/portal/pupils/{world.pupil_a1.pk}/"
    _many_conversations(world, 5)
    few = steady_queries(parent, address)
    _many_conversations(world, 95)
    many = steady_queries(parent, address)

    assert few == many


def test_staff_of_several_roles_are_shown_with_their_first_role(world):
    StaffMembershipFactory(user=world.teacher_a, school=world.school_a, role="dsl")

    page = parent_client(world).get(f"/portal/pupils/{world.pupil_a1.pk}/conversations/new/")

    assert f"{world.teacher_a.get_full_name()}, Designated Safeguarding Lead" in (
        page.content.decode()
    )


def test_the_dashboard_links_to_conversations_and_to_quiet_hours_for_those_who_set_them(world):
    start(world)

    senco = sign_in(Client(), world.senco_a).get("/portal/").content.decode()
    teacher = sign_in(Client(), world.teacher_a).get("/portal/").content.decode()
    stranger = sign_in(Client(), world.stranger, verified=False).get("/portal/").content.decode()

    quiet_hours = f"/portal/schools/{world.school_a.pk}/quiet-hours/"
    assert quiet_hours in senco and "/portal/conversations/" in senco
    assert quiet_hours not in teacher and "/portal/conversations/" in teacher
    assert "/portal/conversations/" not in stranger
