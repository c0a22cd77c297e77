"""Parents' concerns: deadlines in school days, overdue notices sent once, the append-only
timeline, who sees what, and the parent's question pages."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import get_resolver

from messaging.concerns import services
from messaging.concerns.models import (
    AppendOnly,
    Concern,
    ConcernEvent,
    ConcernEventKind,
    ConcernStatus,
    Deadline,
)
from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.lib.school_days import next_school_day
from portal.notifications.models import Notification
from portal.schools.models import TermDate
from portal.schools.selectors import school_calendar
from tests.conftest import run_worker, sign_in
from tests.factories import UserFactory, link_parent

LONDON = ZoneInfo("Europe/London")
CONTEXT = AuditContext()


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def terms(world):
    """School A's autumn 2026 and summer 2027 terms, with the October half-term between
    23 October and 2 November 2026."""
    for name, first, last in [
        ("Autumn 1", datetime.date(2026, 9, 2), datetime.date(2026, 10, 23)),
        ("Autumn 2", datetime.date(2026, 11, 2), datetime.date(2026, 12, 18)),
        ("Spring 1", datetime.date(2027, 1, 5), datetime.date(2027, 2, 12)),
        ("Spring 2", datetime.date(2027, 2, 22), datetime.date(2027, 3, 26)),
        ("Summer 1", datetime.date(2027, 4, 12), datetime.date(2027, 5, 28)),
    ]:
        TermDate.objects.create(school=world.school_a, name=name, starts_on=first, ends_on=last)
    return world


def raise_concern(world, *, now=None, parent=None, pupil=None) -> Concern:
    return services.concern_raise(
        actor=parent or world.parent_1,
        context=CONTEXT,
        pupil=pupil or world.pupil_a1,
        category="support",
        what_happened="Aisha's reading sessions stopped three weeks ago.",
        would_like="A meeting with the SENCO to restart them.",
        now=now,
    )


# Deadlines in school days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "counts_from", "acknowledge_by", "answer_by"),
    [
        # Friday morning: the weekend does not count.
        (at(2026, 11, 20), (2026, 11, 20), (2026, 11, 24), (2026, 12, 4)),
        # Friday after 16:00: counts from Monday.
        (at(2026, 11, 20, 16, 30), (2026, 11, 23), (2026, 11, 25), (2026, 12, 7)),
        # Thursday before half-term: the holiday week does not count.
        (at(2026, 10, 22), (2026, 10, 22), (2026, 11, 2), (2026, 11, 12)),
        # Sent in the half-term holiday: counts from the first day back.
        (at(2026, 10, 27), (2026, 11, 2), (2026, 11, 4), (2026, 11, 16)),
        # Friday before the early May bank holiday (Monday 3 May 2027).
        (at(2027, 4, 30), (2027, 4, 30), (2027, 5, 5), (2027, 5, 17)),
    ],
)
def test_deadlines_count_school_days_only(terms, received, counts_from, acknowledge_by, answer_by):
    concern = raise_concern(terms, now=received)

    assert concern.counts_from == datetime.date(*counts_from)
    assert concern.acknowledge_by == datetime.date(*acknowledge_by)
    assert concern.answer_by == datetime.date(*answer_by)


def test_the_schools_own_limits_set_the_dates(terms):
    services.concern_policy_update(
        actor=terms.senco_a,
        context=CONTEXT,
        school=terms.school_a,
        acknowledge_within_days=1,
        answer_within_days=5,
        complaints_procedure_url="",
        stages=[],
    )
    concern = raise_concern(terms, now=at(2026, 11, 20))

    assert concern.acknowledge_by == datetime.date(2026, 11, 23)
    assert concern.answer_by == datetime.date(2026, 11, 27)


# Overdue notices ------------------------------------------------------------------------------


def _overdue_for_parent(world):
    return Notification.objects.filter(recipient=world.parent_1, text__contains="not acknowledged")


def test_a_missed_acknowledgement_tells_the_parent_once_with_an_email_whatever_their_choice(
    terms,
):
    concern = raise_concern(terms, now=at(2026, 11, 20))

    run_worker()
    run_worker()
    # The task again, as a worker that died after claiming would run it.
    again = services.concern_deadline_passed(
        concern_id=concern.pk, deadline=Deadline.ACKNOWLEDGE, due=concern.acknowledge_by
    )

    assert again is False
    assert _overdue_for_parent(terms).count() == 1
    overdue = ConcernEvent.objects.filter(
        concern=concern, kind=ConcernEventKind.ACKNOWLEDGE_OVERDUE
    )
    assert overdue.count() == 1
    # Parents who chose "only in the portal" still get the email for a formal step; it holds a
    # link only, never the child's name.
    emails = [m for m in mail.outbox if m.to == [terms.parent_1.email]]
    assert len(emails) >= 1
    assert all("Aisha" not in m.body and "reading" not in m.body for m in emails)
    assert f"/portal/concerns/{concern.pk}/" in emails[0].body


def test_staff_see_overdue_on_the_concern_and_first_in_the_list(terms, client):
    late = raise_concern(terms, now=at(2026, 11, 20))
    on_time = raise_concern(terms)
    sign_in(client, terms.senco_a)

    page = client.get(f"/portal/concerns/{late.pk}/").content.decode()
    listing = client.get(f"/portal/schools/{terms.school_a.pk}/concerns/").content.decode()

    assert "Overdue" in page
    assert listing.index(late.reference) < listing.index(on_time.reference)


def test_an_acknowledged_concern_is_never_reported_overdue(terms):
    concern = raise_concern(terms, now=at(2026, 11, 20))
    services.concern_acknowledge(actor=terms.senco_a, context=CONTEXT, concern=concern)

    run_worker()

    assert not _overdue_for_parent(terms).exists()
    assert not ConcernEvent.objects.filter(kind=ConcernEventKind.ACKNOWLEDGE_OVERDUE).exists()


def test_a_revised_date_moves_the_deadline_and_the_old_check_does_nothing(terms, client):
    concern = raise_concern(terms, now=at(2026, 11, 20))
    calendar = school_calendar(terms.school_a)
    new_date = next_school_day(calendar, services.local_today() + datetime.timedelta(days=1))

    sign_in(client, terms.senco_a)
    response = client.post(
        f"/portal/concerns/{concern.pk}/revise/",
        {
            "deadline": "acknowledge",
            "new_date_0": new_date.day,
            "new_date_1": new_date.month,
            "new_date_2": new_date.year,
            "reason": "The SENCO is away on a course until then.",
        },
    )
    run_worker()

    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.acknowledge_by == new_date
    assert not _overdue_for_parent(terms).exists()
    assert Notification.objects.filter(recipient=terms.parent_1, text__contains="new date").exists()
    sign_in(client, terms.parent_1)
    page = client.get(f"/portal/concerns/{concern.pk}/").content.decode()
    assert "The SENCO is away on a course until then." in page


def test_a_revised_date_in_the_past_is_refused_with_a_clear_error(terms, client):
    concern = raise_concern(terms)
    sign_in(client, terms.senco_a)

    response = client.post(
        f"/portal/concerns/{concern.pk}/revise/",
        {
            "deadline": "answer",
            "new_date_0": "1",
            "new_date_1": "9",
            "new_date_2": "2026",
            "reason": "Late",
        },
    )

    assert response.status_code == 200
    assert "The new date must be today or in the future" in response.content.decode()


# The append-only timeline ---------------------------------------------------------------------


def test_the_timeline_cannot_be_edited_or_deleted(world):
    concern = raise_concern(world)
    services.concern_reply(
        actor=world.senco_a, context=CONTEXT, concern=concern, body="We will call you."
    )
    event = ConcernEvent.objects.get(kind=ConcernEventKind.REPLY)

    event.body = "We never said that."
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        ConcernEvent.objects.filter(pk=event.pk).update(body="Changed")
    with pytest.raises(AppendOnly):
        ConcernEvent.objects.filter(pk=event.pk).delete()

    assert ConcernEvent.objects.get(pk=event.pk).body == "We will call you."


def test_no_address_edits_or_removes_a_timeline_entry():
    from tests.portal.test_access_matrix import _walk

    concern_routes = [
        route for route, name in _walk(get_resolver().url_patterns) if "concern" in name
    ]

    assert len(concern_routes) > 10
    assert not [
        route
        for route in concern_routes
        if any(word in route for word in ("edit", "delete", "remove", "event", "timeline"))
    ]


def test_fixed_texts_are_shown_in_the_readers_language_and_typed_text_as_typed(world, client):
    concern = raise_concern(world)
    services.concern_reply(
        actor=world.senco_a, context=CONTEXT, concern=concern, body="We will call you."
    )
    sign_in(client, world.parent_1)

    english = client.get(f"/portal/concerns/{concern.pk}/").content.decode()
    welsh = client.get(f"/cy/portal/concerns/{concern.pk}/").content.decode()

    assert "Reply from the school" in english
    assert "We will call you." in english
    assert "We will call you." in welsh


# Who sees what -------------------------------------------------------------------------------


def test_a_second_parent_of_the_same_child_cannot_see_the_first_parents_concern(world, client):
    concern = raise_concern(world)
    other_parent = UserFactory(email="other.parent@example.org")
    link_parent(other_parent, world.pupil_a1, relationship="father")

    response = sign_in(client, other_parent).get(f"/portal/concerns/{concern.pk}/")

    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_REFUSED, detail=f"concern {concern.pk}"
    ).exists()


@pytest.mark.parametrize("role", ["senco_b", "dsl_a", "teacher_a", "admin_a", "trust_lead"])
def test_staff_who_are_not_the_senco_headteacher_or_assignee_get_404(world, client, role):
    concern = raise_concern(world)

    response = sign_in(client, getattr(world, role)).get(f"/portal/concerns/{concern.pk}/")

    assert response.status_code == 404


def test_the_assignee_can_see_and_act_on_the_concern(world, client):
    concern = raise_concern(world)
    services.concern_assign(
        actor=world.senco_a, context=CONTEXT, concern=concern, assignee=world.teacher_a
    )
    sign_in(client, world.teacher_a)

    assert client.get(f"/portal/concerns/{concern.pk}/").status_code == 200
    response = client.post(
        f"/portal/concerns/{concern.pk}/reply/", {"body": "I will speak to the reading group."}
    )

    assert response.status_code == 302
    assert ConcernEvent.objects.filter(
        concern=concern, kind=ConcernEventKind.REPLY, author=world.teacher_a
    ).exists()
    assert Notification.objects.filter(recipient=world.parent_1, text__contains="replied").exists()


def test_the_parent_gets_403_on_staff_steps_and_staff_on_the_parents(world, client):
    concern = raise_concern(world)

    parent = sign_in(client, world.parent_1)
    assert parent.post(f"/portal/concerns/{concern.pk}/acknowledge/").status_code == 403
    assert parent.post(f"/portal/concerns/{concern.pk}/close/").status_code == 403
    senco = sign_in(client, world.senco_a)
    reply = senco.post(f"/portal/concerns/{concern.pk}/parent-reply/", {"body": "x"})
    assert reply.status_code == 403
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RECEIVED


def test_every_view_of_a_concern_is_an_audited_read(world, client):
    concern = raise_concern(world)

    sign_in(client, world.head_a).get(f"/portal/concerns/{concern.pk}/")

    viewed = AuditEvent.objects.filter(action=AuditAction.CONCERN_VIEWED)
    assert viewed.count() == 1
    assert viewed.get().actor_id == world.head_a.pk


def test_a_parent_cannot_raise_a_concern_about_someone_elses_child(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        raise_concern(world, parent=world.parent_2, pupil=world.pupil_a1)


# The steps and the next stage -------------------------------------------------------------------


def test_staff_steps_reach_the_parent_and_not_resolved_shows_the_next_stage(world, client):
    world.authority.disagreement_resolution_name = "Northshire Mediation"
    world.authority.disagreement_resolution_phone = "01632 960 111"
    world.authority.save()
    services.concern_policy_update(
        actor=world.head_a,
        context=CONTEXT,
        school=world.school_a,
        acknowledge_within_days=2,
        answer_within_days=10,
        complaints_procedure_url="https://riverside.example.org/complaints",
        stages=[
            services.StageDetails("Stage 1: headteacher", "Write to the headteacher"),
            services.StageDetails("Stage 2: governors' complaints panel"),
        ],
    )
    concern = raise_concern(world)
    senco = sign_in(client, world.senco_a)
    assert senco.post(f"/portal/concerns/{concern.pk}/acknowledge/").status_code == 302
    assert senco.post(f"/portal/concerns/{concern.pk}/in-progress/").status_code == 302
    assert (
        senco.post(
            f"/portal/concerns/{concern.pk}/answer/",
            {"body": "Sessions restart on Monday with Mrs Shah."},
        ).status_code
        == 302
    )

    parent = sign_in(client, world.parent_1)
    assert (
        parent.post(
            f"/portal/concerns/{concern.pk}/not-resolved/", {"body": "Monday came and went."}
        ).status_code
        == 302
    )
    page = parent.get(f"/portal/concerns/{concern.pk}/").content.decode()

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ESCALATED
    kinds = list(concern.events.values_list("kind", flat=True))
    assert kinds == ["raised", "acknowledged", "in_progress", "answered", "escalated"]
    assert Notification.objects.filter(recipient=world.parent_1).count() == 3
    assert Notification.objects.filter(recipient=world.senco_a, text__contains="not resolved")
    for text in (
        "Stage 1: headteacher",
        "Stage 2: governors",
        "Northshire SENDIASS",
        "Northshire Mediation",
    ):
        assert text in page


# The parent's question pages ------------------------------------------------------------------


def test_a_parent_raises_a_concern_from_their_childs_page_and_sees_the_dates(world, client):
    sign_in(client, world.parent_1)

    child_page = client.get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    assert "Raise a concern" in child_page
    assert client.get(f"/portal/pupils/{world.pupil_a1.pk}/concerns/new/").url.endswith(
        "/portal/concerns/new/about/"
    )
    empty = client.post("/portal/concerns/new/about/", {})
    assert "Select what your concern is about" in empty.content.decode()
    client.post("/portal/concerns/new/about/", {"category": "support"})
    blank = client.post("/portal/concerns/new/what-happened/", {"what_happened": "  "})
    assert "Enter what happened" in blank.content.decode()
    client.post("/portal/concerns/new/what-happened/", {"what_happened": "Sessions stopped."})
    client.post("/portal/concerns/new/what-you-would-like/", {"would_like": "Restart them."})
    check = client.get("/portal/concerns/new/check/").content.decode()
    assert "Sessions stopped." in check and "Support not happening" in check
    # A change from the check page returns to it.
    changed = client.post(
        "/portal/concerns/new/what-happened/?change=1", {"what_happened": "Sessions ended."}
    )
    assert changed.url == "/portal/concerns/new/check/"

    sent = client.post("/portal/concerns/new/check/", follow=True)

    concern = Concern.objects.get()
    assert concern.what_happened == "Sessions ended."
    assert concern.pupil == world.pupil_a1
    body = sent.content.decode()
    assert concern.reference in body
    assert "will acknowledge your concern by" in body
    assert Notification.objects.filter(recipient=world.senco_a).exists()
    assert Notification.objects.filter(recipient=world.head_a).exists()
    assert not Notification.objects.filter(recipient=world.teacher_a).exists()


def test_a_parent_with_several_children_chooses_the_child_first(world, client):
    sign_in(client, world.parent_1)

    page = client.get("/portal/concerns/new/").content.decode()
    response = client.post("/portal/concerns/new/", {"pupil": world.pupil_b1.pk})

    assert "Aisha" in page and "Sam" in page
    assert response.url == "/portal/concerns/new/about/"
    assert client.session["concern_draft"]["pupil_id"] == world.pupil_b1.pk


def test_a_parent_cannot_choose_a_child_that_is_not_theirs(world, client):
    sign_in(client, world.parent_1)

    response = client.post("/portal/concerns/new/", {"pupil": world.pupil_c1.pk})

    assert response.status_code == 200
    assert "Select which child your concern is about" in response.content.decode()


def test_references_are_short_and_unambiguous(world):
    concerns = [raise_concern(world) for _ in range(5)]

    for concern in concerns:
        assert concern.reference.startswith("C-")
        assert len(concern.reference) == 8
        assert not set(concern.reference[2:]) & set("0O1IL2Z5S8B")
    assert len({c.reference for c in concerns}) == 5


def test_the_settings_page_keeps_limits_and_stages(world, client):
    sign_in(client, world.head_a)

    bad = client.post(
        f"/portal/schools/{world.school_a.pk}/concerns/settings/",
        {"acknowledge_within_days": "0", "answer_within_days": "41", "stages": ""},
    )
    good = client.post(
        f"/portal/schools/{world.school_a.pk}/concerns/settings/",
        {
            "acknowledge_within_days": "3",
            "answer_within_days": "15",
            "complaints_procedure_url": "",
            "stages": "Stage 1: headteacher | Write to the head\nStage 2: governors",
        },
    )

    assert "Enter a number of school days from 1 to 40" in bad.content.decode()
    assert good.status_code == 302
    policy = world.school_a.concern_policy
    assert (policy.acknowledge_within_days, policy.answer_within_days) == (3, 15)
    assert [s.name for s in policy.stages.all()] == ["Stage 1: headteacher", "Stage 2: governors"]


def test_the_assignee_choice_lists_the_schools_staff_with_their_roles(world, client):
    concern = raise_concern(world)
    other_school_senco = world.senco_b
    sign_in(client, world.senco_a)

    page = client.get(f"/portal/concerns/{concern.pk}/assign/").content.decode()
    refused = client.post(
        f"/portal/concerns/{concern.pk}/assign/", {"assignee": other_school_senco.pk}
    )

    assert "Teacher or support staff" in page
    assert "senco.b@example.org" not in page
    assert refused.status_code == 200
    assert "Select a member of staff" in refused.content.decode()


def test_the_pupil_page_shows_staff_only_the_concerns_they_may_see(world, client):
    concern = raise_concern(world)

    # teacher_a works with this pupil, but the concern is not assigned to them.
    teacher_page = sign_in(client, world.teacher_a).get(f"/portal/pupils/{world.pupil_a1.pk}/")
    senco_page = sign_in(client, world.senco_a).get(f"/portal/pupils/{world.pupil_a1.pk}/")

    assert concern.reference not in teacher_page.content.decode()
    assert concern.reference in senco_page.content.decode()


# Attachments and rate limits ------------------------------------------------------------------


def _draft_ready(client, world) -> None:
    client.get(f"/portal/pupils/{world.pupil_a1.pk}/concerns/new/")
    client.post("/portal/concerns/new/about/", {"category": "support"})
    client.post("/portal/concerns/new/what-happened/", {"what_happened": "Sessions stopped."})
    client.post("/portal/concerns/new/what-you-would-like/", {"would_like": "Restart them."})


def test_a_photo_sent_with_the_concern_is_served_only_to_those_who_see_the_concern(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.portal.test_files import png_bytes

    sign_in(client, world.parent_1)
    _draft_ready(client, world)
    photo = SimpleUploadedFile("timetable.png", png_bytes(), "image/png")
    assert client.post("/portal/concerns/new/check/", {"attachments": [photo]}).status_code == 302
    concern = Concern.objects.get()
    attachment = concern.events.get(kind=ConcernEventKind.RAISED).attachments.get()
    address = f"/portal/concerns/{concern.pk}/attachments/{attachment.pk}/"

    page = client.get(f"/portal/concerns/{concern.pk}/").content.decode()
    download = sign_in(client, world.senco_a).get(address)
    refused = sign_in(client, world.dsl_a).get(address)

    assert address in page
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert refused.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.ATTACHMENT_DOWNLOADED).count() == 1


def test_an_attachment_of_another_concern_is_not_served_through_this_one(world, client):
    from portal.lib.uploads import clean_upload
    from tests.portal.test_files import png_bytes

    mine = raise_concern(world)
    other = services.concern_raise(
        actor=world.parent_1,
        context=CONTEXT,
        pupil=world.pupil_b1,
        category="other",
        what_happened="Sam's school",
        would_like="Something",
        attachments=[clean_upload(data=png_bytes(), filename="sam.png")],
    )
    attachment = other.events.get().attachments.get()

    response = sign_in(client, world.senco_a).get(
        f"/portal/concerns/{mine.pk}/attachments/{attachment.pk}/"
    )

    assert response.status_code == 404


def test_a_refused_file_keeps_the_parent_on_the_check_page_with_a_clear_error(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, world.parent_1)
    _draft_ready(client, world)
    page = SimpleUploadedFile("notes.png", b"<html><script>alert(1)</script></html>", "image/png")

    response = client.post("/portal/concerns/new/check/", {"attachments": [page]})

    assert response.status_code == 200
    assert "notes.png" in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert not Concern.objects.exists()


def test_raising_too_many_concerns_answers_429_and_keeps_the_answers(world, client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "concern_raise": "1/h/user"}
    sign_in(client, world.parent_1)
    _draft_ready(client, world)
    assert client.post("/portal/concerns/new/check/").status_code == 302
    _draft_ready(client, world)

    response = client.post("/portal/concerns/new/check/")

    assert response.status_code == 429
    assert "Retry-After" in response
    body = response.content.decode()
    assert "Wait" in body and "Sessions stopped." in body
    assert Concern.objects.count() == 1


def test_replying_too_often_answers_429_with_the_reply_still_in_the_box(world, client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "concern_reply": "1/10m/user"}
    concern = raise_concern(world)
    sign_in(client, world.parent_1)
    address = f"/portal/concerns/{concern.pk}/parent-reply/"
    assert client.post(address, {"body": "First reply."}).status_code == 302

    response = client.post(address, {"body": "A second reply I do not want to lose."})

    assert response.status_code == 429
    assert "A second reply I do not want to lose." in response.content.decode()
    assert concern.events.filter(kind=ConcernEventKind.PARENT_REPLY).count() == 1


def test_a_staff_reply_can_carry_a_document(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.portal.test_files import png_bytes

    concern = raise_concern(world)
    sign_in(client, world.senco_a)
    plan = SimpleUploadedFile("plan.png", png_bytes(), "image/png")

    response = client.post(
        f"/portal/concerns/{concern.pk}/reply/", {"body": "Here is the plan.", "attachments": plan}
    )

    assert response.status_code == 302
    reply = concern.events.get(kind=ConcernEventKind.REPLY)
    assert [a.name for a in reply.attachments.all()] == ["plan.png"]


# A revoked link, two people at once, revised dates at the edges, the list's audit ---------------


def test_a_parent_whose_link_was_revoked_loses_the_concern_its_files_and_its_news(world, client):
    from portal.lib.uploads import clean_upload
    from portal.people.services import guardian_link_revoke
    from tests.portal.test_files import png_bytes

    concern = services.concern_raise(
        actor=world.parent_1,
        context=CONTEXT,
        pupil=world.pupil_a1,
        category="support",
        what_happened="Aisha's reading sessions stopped.",
        would_like="Restart them.",
        attachments=[clean_upload(data=png_bytes(), filename="timetable.png")],
    )
    attachment = concern.events.get(kind=ConcernEventKind.RAISED).attachments.get()
    guardian_link_revoke(actor=world.senco_a, context=CONTEXT, link=world.link_a1)
    services.concern_reply(
        actor=world.senco_a, context=CONTEXT, concern=concern, body="Staff reply about Aisha"
    )
    sign_in(client, world.parent_1)

    page = client.get(f"/portal/concerns/{concern.pk}/")
    download = client.get(f"/portal/concerns/{concern.pk}/attachments/{attachment.pk}/")
    reply = client.post(f"/portal/concerns/{concern.pk}/parent-reply/", {"body": "still here"})

    assert page.status_code == 404
    assert b"Staff reply about Aisha" not in page.content
    assert download.status_code == 404
    assert reply.status_code == 404
    assert not concern.events.filter(body="still here").exists()
    assert not Notification.objects.filter(recipient=world.parent_1, text__contains="replied")


def test_a_parent_whose_link_was_revoked_gets_no_overdue_notice_or_email(terms):
    from portal.people.services import guardian_link_revoke

    concern = raise_concern(terms, now=at(2026, 11, 20))
    guardian_link_revoke(actor=terms.senco_a, context=CONTEXT, link=terms.link_a1)
    mail.outbox.clear()

    run_worker()

    assert not _overdue_for_parent(terms).exists()
    assert not [m for m in mail.outbox if m.to == [terms.parent_1.email]]
    # The school still sees on the timeline that the date passed.
    assert concern.events.filter(kind=ConcernEventKind.ACKNOWLEDGE_OVERDUE).exists()


def test_an_answer_does_not_reopen_a_concern_closed_at_the_same_time(world):
    from django.core.exceptions import ValidationError

    concern = raise_concern(world)
    # Two requests that loaded the concern before either acted.
    first = Concern.objects.get(pk=concern.pk)
    second = Concern.objects.get(pk=concern.pk)

    services.concern_close(actor=world.senco_a, context=CONTEXT, concern=first)
    with pytest.raises(ValidationError, match="no longer open"):
        services.concern_answer(actor=world.head_a, context=CONTEXT, concern=second, body="Done")

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert concern.answered_at is None
    assert list(concern.events.values_list("kind", flat=True)) == ["raised", "closed"]


def test_two_staff_acknowledging_at_once_tell_the_parent_once(world):
    from django.core.exceptions import ValidationError

    concern = raise_concern(world)
    first = Concern.objects.get(pk=concern.pk)
    second = Concern.objects.get(pk=concern.pk)

    services.concern_acknowledge(actor=world.senco_a, context=CONTEXT, concern=first)
    with pytest.raises(ValidationError, match="already been acknowledged"):
        services.concern_acknowledge(actor=world.head_a, context=CONTEXT, concern=second)

    assert list(concern.events.values_list("kind", flat=True)) == ["raised", "acknowledged"]
    assert Notification.objects.filter(recipient=world.parent_1).count() == 1


def test_the_parent_cannot_reopen_a_concern_the_school_reopened_meanwhile(world):
    from django.core.exceptions import ValidationError

    concern = raise_concern(world)
    services.concern_answer(actor=world.senco_a, context=CONTEXT, concern=concern, body="Done")
    parents_copy = Concern.objects.get(pk=concern.pk)
    services.concern_escalate(actor=world.parent_1, context=CONTEXT, concern=concern)

    with pytest.raises(ValidationError, match="once the school has answered"):
        services.concern_escalate(actor=world.parent_1, context=CONTEXT, concern=parents_copy)

    assert concern.events.filter(kind=ConcernEventKind.ESCALATED).count() == 1


def _revise(client, concern, day: datetime.date, deadline="answer"):
    return client.post(
        f"/portal/concerns/{concern.pk}/revise/",
        {
            "deadline": deadline,
            "new_date_0": str(day.day),
            "new_date_1": str(day.month),
            "new_date_2": str(day.year),
            "reason": "The SENCO is away.",
        },
    )


def test_a_revised_date_years_ahead_is_refused_with_a_clear_error(world, client):
    concern = raise_concern(world)
    sign_in(client, world.senco_a)

    response = _revise(client, concern, datetime.date(9999, 12, 31))

    assert response.status_code == 200
    body = response.content.decode()
    assert "The new date must be within a year" in body
    assert 'class="govuk-error-summary"' in body
    assert Concern.objects.get(pk=concern.pk).answer_by == concern.answer_by
    assert not concern.events.filter(kind=ConcernEventKind.DEADLINE_REVISED).exists()


def test_a_revised_date_before_the_concern_counts_from_is_refused_with_a_clear_error(world, client):
    calendar = school_calendar(world.school_a)
    # Sent after 16:00 on a school day: it counts from the next school day.
    evening = next_school_day(calendar, services.local_today() + datetime.timedelta(days=30))
    concern = raise_concern(world, now=at(evening.year, evening.month, evening.day, 17, 0))
    assert concern.counts_from > evening
    sign_in(client, world.senco_a)

    response = _revise(client, concern, evening, deadline="acknowledge")

    assert response.status_code == 200
    assert "The new date must be on or after" in response.content.decode()
    assert Concern.objects.get(pk=concern.pk).acknowledge_by == concern.acknowledge_by
    assert not concern.events.filter(kind=ConcernEventKind.DEADLINE_REVISED).exists()


def test_the_school_list_records_which_children_it_showed(world, client):
    raise_concern(world)
    raise_concern(world)
    raise_concern(world, pupil=world.pupil_b1)  # another school's child: not on this list

    sign_in(client, world.senco_a).get(f"/portal/schools/{world.school_a.pk}/concerns/")

    listed = AuditEvent.objects.filter(action=AuditAction.PUPIL_LISTED, detail="concerns")
    assert list(listed.values_list("actor_id", "object_id")) == [
        (world.senco_a.pk, str(world.pupil_a1.pk))
    ]


def test_refused_files_do_not_use_up_the_limit_on_raising_a_concern(world, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "concern_raise": "5/h/user"}
    sign_in(client, world.parent_1)
    _draft_ready(client, world)
    for attempt in range(5):
        wrong = SimpleUploadedFile(f"notes{attempt}.docx", b"PK\x03\x04 not a photo", "image/png")
        refused = client.post("/portal/concerns/new/check/", {"attachments": [wrong]})
        assert refused.status_code == 200

    sent = client.post("/portal/concerns/new/check/")

    assert sent.status_code == 302
    assert Concern.objects.count() == 1


def test_refused_files_do_not_use_up_the_limit_on_replies(world, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "concern_reply": "1/10m/user"}
    concern = raise_concern(world)
    sign_in(client, world.parent_1)
    address = f"/portal/concerns/{concern.pk}/parent-reply/"
    wrong = SimpleUploadedFile("notes.docx", b"PK\x03\x04 not a photo", "image/png")
    assert client.post(address, {"body": "With a file", "attachments": wrong}).status_code == 200

    response = client.post(address, {"body": "Without the file."})

    assert response.status_code == 302
    assert concern.events.filter(kind=ConcernEventKind.PARENT_REPLY).count() == 1


def test_deleting_the_parent_does_not_take_the_concern_and_its_timeline_with_it(world):
    from django.db.models import ProtectedError

    concern = raise_concern(world)
    services.concern_reply(actor=world.senco_a, context=CONTEXT, concern=concern, body="Noted.")

    with pytest.raises(ProtectedError) as parent_deleted:
        world.parent_1.delete()
    with pytest.raises(ProtectedError) as pupil_deleted:
        world.pupil_a1.delete()
    with pytest.raises(ProtectedError):
        Concern.objects.filter(pk=concern.pk).delete()

    assert concern in parent_deleted.value.protected_objects
    assert concern in pupil_deleted.value.protected_objects
    assert Concern.objects.filter(pk=concern.pk).exists()
    assert concern.events.count() == 2


def test_the_concern_page_refreshes_its_status_and_announces_only_the_latest_step(world, client):
    import re

    concern = raise_concern(world)
    services.concern_acknowledge(actor=world.senco_a, context=CONTEXT, concern=concern)

    page = sign_in(client, world.parent_1).get(f"/portal/concerns/{concern.pk}/").content.decode()

    summary = page[page.index('id="concern-summary"') :]
    summary = summary[: summary.index("</dl>")]
    assert "data-live-region" in page[page.index('id="concern-summary"') - 40 :][:80]
    assert "Acknowledged" in summary and "Done" in summary
    assert "aria-live" not in page[page.index('id="concern-timeline"') - 40 :][:80]
    status = re.search(
        r'<p class="govuk-visually-hidden" role="status" id="concern-latest">(.*?)</p>', page
    )
    assert status is not None
    assert status.group(1).startswith("Latest: Concern acknowledged by ")
    assert str(world.senco_a) in status.group(1)
    timeline = page[page.index('id="concern-timeline"') :]
    assert timeline.index('id="concern-latest"') < timeline.index("</div>\n")
