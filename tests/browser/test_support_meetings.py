"""Meetings in a real browser: every new page and error state passes axe (and reflows) at 1280
and 320 px and in Urdu, for the SENCO and for the parent."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from portal.audit.actors import AuditContext
from portal.support.meetings import services
from tests.browser.conftest import axe_failures
from tests.browser.test_calendar import sign_in_with_backup_code
from tests.browser.test_concerns import checked, submit_empty
from tests.browser.test_pages import sign_in_through_ui

SIZES = [(1280, ""), (320, ""), (320, "/ur")]
CTX = AuditContext()


def shared_meeting(world):
    """A review held yesterday with its record shared, a parent-owned step, a response answered
    and the parents' views given; and a meeting to come with a request for views."""
    meeting = services.meeting_propose(
        actor=world.senco_a,
        context=CTX,
        pupil=world.pupil_a1,
        kind="review",
        starts_at=timezone.now() - datetime.timedelta(days=1),
        location="Classroom 3",
        now=timezone.now() - datetime.timedelta(days=10),
    )
    services.meeting_attendee_add(
        actor=world.senco_a, context=CTX, meeting=meeting, kind="parent", name="Mrs Khan"
    )
    services.meeting_next_step_add(
        actor=world.senco_a,
        context=CTX,
        meeting=meeting,
        action="Read at bedtime and note it in the diary",
        owner="parent",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    services.meeting_record_update(
        actor=world.senco_a,
        context=CTX,
        meeting=meeting,
        parent_views="Pleased with the reading sessions.",
        pupil_views="I like reading with Mrs Patel.",
        discussion="Reading and spelling.",
        outcomes_agreed="Keep the reading sessions three times a week.",
    )
    services.meeting_share_with_parents(actor=world.senco_a, context=CTX, meeting=meeting)
    response = services.meeting_response_add(
        actor=world.parent_1, context=CTX, meeting=meeting, kind="add", text="Thank you."
    )
    coming = services.meeting_propose(
        actor=world.senco_a,
        context=CTX,
        pupil=world.pupil_a1,
        kind="planning",
        starts_at=timezone.now() + datetime.timedelta(days=7),
    )
    views = services.parent_views_request(
        actor=world.senco_a,
        context=CTX,
        meeting=coming,
        answer_by=timezone.localdate() + datetime.timedelta(days=3),
    )
    return meeting, coming, views, response


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_parents_meeting_pages_pass_axe(live_server, world, new_page, width, prefix):
    meeting, coming, views, _response = shared_meeting(world)
    page = new_page(viewport={"width": width, "height": 900})
    base = live_server.url + prefix
    sign_in_through_ui(page, live_server.url, world.parent_1.email, prefix=prefix)
    failures: list[str] = []

    checked(page, base, "child page", f"/portal/pupils/{world.pupil_a1.pk}/", failures)
    checked(page, base, "meeting to come", f"/portal/meetings/{coming.pk}/", failures)
    checked(page, base, "record", f"/portal/meetings/{meeting.pk}/record/", failures)
    checked(page, base, "acknowledge", f"/portal/meetings/{meeting.pk}/acknowledge/", failures)
    for label, path in [
        ("answer about the date", f"/portal/meetings/{coming.pk}/date/"),
        ("respond", f"/portal/meetings/{meeting.pk}/respond/"),
        ("mark a step", f"/portal/next-steps/{meeting.next_steps.get().pk}/"),
        ("views", f"/portal/parent-views/{views.pk}/"),
    ]:
        checked(page, base, label, path, failures)
        submit_empty(page, label, failures)
    page.fill("#id_going_well", "She reads comics on her own now.")
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    failure = axe_failures(page, "views: check your answers")
    if failure:
        failures.append(failure)
    with page.expect_navigation():
        page.click("#main-form button[type=submit]")
    failure = axe_failures(page, "views sent")
    if failure:
        failures.append(failure)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.parametrize(("width", "prefix"), SIZES)
def test_the_sencos_meeting_pages_pass_axe(live_server, world, new_page, width, prefix):
    meeting, coming, _views, response = shared_meeting(world)
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_with_backup_code(page, live_server.url, world.senco_a)
    base = live_server.url + prefix
    failures: list[str] = []

    for label, path in [
        ("dashboard", "/portal/"),
        ("meetings list", f"/portal/schools/{world.school_a.pk}/meetings/"),
        ("meeting", f"/portal/meetings/{coming.pk}/"),
        ("shared record", f"/portal/meetings/{meeting.pk}/record/"),
        ("draft record", f"/portal/meetings/{coming.pk}/record/"),
        ("share", f"/portal/meetings/{coming.pk}/share/"),
        ("cancel", f"/portal/meetings/{coming.pk}/cancel/"),
    ]:
        checked(page, base, label, path, failures)
    for label, path in [
        ("propose", f"/portal/pupils/{world.pupil_a1.pk}/meetings/new/"),
        ("new date", f"/portal/meetings/{coming.pk}/new-date/"),
        ("write the record", f"/portal/meetings/{coming.pk}/record/edit/"),
        ("add who attended", f"/portal/meetings/{coming.pk}/attendees/new/"),
        ("add a next step", f"/portal/meetings/{coming.pk}/steps/new/"),
        ("ask for views", f"/portal/meetings/{coming.pk}/parent-views/new/"),
        ("addendum", f"/portal/meetings/{meeting.pk}/addenda/new/"),
        ("answer a response", f"/portal/meeting-responses/{response.pk}/answer/"),
    ]:
        checked(page, base, label, path, failures)
        submit_empty(page, label, failures)
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
