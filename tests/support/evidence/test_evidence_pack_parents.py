"""A parent's evidence pack holds what that parent's own pages show, and nothing more: their own
responses, views and notices (families can be separated), each review as the plan page shows it,
the plan as it was shared."""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal.audit.actors import AuditContext
from portal.support.evidence.selectors import PARENT, SCHOOL, evidence_pack_audited
from portal.support.meetings.models import ParentResponse, ParentViews
from portal.support.notices.models import FormalNotice, NoticeRecipient
from portal.support.plans.models import Cycle, Review
from portal.support.plans.selectors import outcome_progress_history
from tests.factories import UserFactory, link_parent
from tests.support.evidence import builders

pytestmark = pytest.mark.django_db

MOTHERS_RESPONSE = "He reads with his sister too"
MOTHERS_VIEWS = "Enjoys school"
FATHERS_RESPONSE = "I disagree with the homework plan"
FATHERS_REPLY = "We will talk about homework on Monday"
FATHERS_VIEWS = "Weekends at my house are hard for him"
FATHERS_NOTICE_SENCO = "Mr Earlier Senco"


@pytest.fixture
def family(world):
    """One pupil, two linked parents (a separated family): each responded to the shared record
    and gave views; the mother's copy of a formal notice, and an earlier notice sent only to
    the father before the mother was linked."""
    pupil = world.pupil_a1
    father = UserFactory(email="father@example.org")
    link_parent(father, pupil, relationship="father")
    meeting = builders.meeting(pupil, shared=True, senco=world.senco_a, parent=world.parent_1)
    ParentResponse.objects.create(
        meeting=meeting,
        parent=father,
        kind="disagree",
        text=FATHERS_RESPONSE,
        reply=FATHERS_REPLY,
        replied_at=timezone.now(),
    )
    builders.other_records(pupil, senco=world.senco_a, parent=world.parent_1)
    ParentViews.objects.create(
        school=pupil.school,
        pupil=pupil,
        meeting=meeting,
        requested_by=world.senco_a,
        worries=FATHERS_VIEWS,
        answered_by=father,
        answered_at=timezone.now(),
    )
    earlier = FormalNotice.objects.create(
        school=pupil.school,
        pupil=pupil,
        sen_status="sen_support",
        senco_name=FATHERS_NOTICE_SENCO,
        senco_email="earlier@example.org",
        senco_phone="01234 111111",
        iass_name="Northshire SENDIASS",
        iass_phone="01234 000000",
        iass_email="iass@example.org",
        iass_website="https://iass.example.org",
        sent_by=world.senco_a,
        sent_at=timezone.now() - datetime.timedelta(days=30),
    )
    NoticeRecipient.objects.create(notice=earlier, parent=father)
    return SimpleNamespace(pupil=pupil, mother=world.parent_1, father=father)


def _html(client, pupil) -> str:
    response = client.get(reverse("support:evidence_pack", args=[pupil.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _pdf_text(client, pupil) -> str:
    response = client.get(reverse("support:evidence_pack_pdf", args=[pupil.pk]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_parents_pack_holds_only_their_own_responses_views_and_notices(world, family, client_as):
    mother = _html(client_as(family.mother), family.pupil)
    assert MOTHERS_RESPONSE in mother and MOTHERS_VIEWS in mother
    for text in (FATHERS_RESPONSE, FATHERS_REPLY, FATHERS_VIEWS, FATHERS_NOTICE_SENCO):
        assert text not in mother
    # The consent request is the pupil's: both parents see it.
    assert "Speech assessment" in mother

    father = _html(client_as(family.father), family.pupil)
    for text in (FATHERS_RESPONSE, FATHERS_REPLY, FATHERS_VIEWS, FATHERS_NOTICE_SENCO):
        assert text in father
    assert MOTHERS_RESPONSE not in father and MOTHERS_VIEWS not in father
    assert "Ms Senco" not in father  # the mother's notice, sent to her only
    assert "Speech assessment" in father


def test_a_parents_pdf_holds_only_their_own_responses_and_views(world, family, client_as):
    text = _pdf_text(client_as(family.mother), family.pupil)
    assert MOTHERS_RESPONSE in text and MOTHERS_VIEWS in text
    for other in (FATHERS_RESPONSE, FATHERS_REPLY, FATHERS_VIEWS, FATHERS_NOTICE_SENCO):
        assert other not in text


def test_the_sencos_pack_holds_every_parents_responses_views_and_notices(world, family, client_as):
    body = _html(client_as(world.senco_a), family.pupil)
    for text in (
        MOTHERS_RESPONSE,
        MOTHERS_VIEWS,
        FATHERS_RESPONSE,
        FATHERS_REPLY,
        FATHERS_VIEWS,
        FATHERS_NOTICE_SENCO,
        "Ms Senco",
    ):
        assert text in body
    # Who wrote each response and gave each set of views.
    assert family.father.get_full_name() in body and family.mother.get_full_name() in body


def _reviewed(world, *, number: int, note: str, **fields) -> Cycle:
    cycle = builders.cycle(world.pupil_a1, number=number, status="reviewed", **fields)
    Review.objects.filter(cycle=cycle).update(assessment_note=note)
    return cycle


def test_the_review_note_on_a_staff_only_assessment_never_reaches_a_parent(world, client_as):
    _reviewed(world, number=1, note="Handwriting is now a need too", assessment_staff_only=True)
    _reviewed(world, number=2, note="Reading needs still hold")
    pupil = world.pupil_a1
    parent = client_as(world.parent_1)
    pack = _html(parent, pupil)
    plan = parent.get(reverse("support:plan", args=[pupil.pk])).content.decode()
    for body in (pack, plan):
        assert "Handwriting is now a need too" not in body
        assert "Reading needs still hold" in body
    senco = _html(client_as(world.senco_a), pupil)
    assert "Handwriting is now a need too" in senco and "Reading needs still hold" in senco


def test_a_parents_pack_shows_the_progress_the_parents_pages_show(world, client_as):
    pupil = world.pupil_a1
    builders.cycle(pupil, number=1, status="reviewed")
    hidden = builders.cycle(pupil, number=2, status="reviewed", outcomes_staff_only=True)
    hidden.review.progress.update(comment="Staff-only progress comment")
    builders.cycle(pupil, number=3, status="reviewed")

    pack = evidence_pack_audited(
        actor=world.parent_1, context=AuditContext(), pupil=pupil, audience=PARENT, form="html"
    )
    shown = sorted(
        (cycle.number, row.outcome, row.score, row.comment)
        for cycle in pack.cycles
        if cycle.review
        for row in cycle.review.progress
    )
    expected = sorted(
        (point.cycle_number, history.parent_wording, point.score, point.comment)
        for history in outcome_progress_history(pupil, for_parents=True)
        for point in history.points
    )
    assert shown == expected
    assert {row[0] for row in shown} == {1, 3}
    assert "Staff-only progress comment" not in _html(client_as(world.parent_1), pupil)

    school = evidence_pack_audited(
        actor=world.senco_a, context=AuditContext(), pupil=pupil, audience=SCHOOL, form="html"
    )
    assert [row.comment for row in school.cycles[1].review.progress] == [
        "Staff-only progress comment"
    ]


def test_a_parents_pack_gives_the_review_date_as_shared(world):
    pupil = world.pupil_a1
    cycle = builders.cycle(pupil, number=1, status="active")
    Cycle.objects.filter(pk=cycle.pk).update(review_date=datetime.date(2026, 7, 1))
    parent = evidence_pack_audited(
        actor=world.parent_1, context=AuditContext(), pupil=pupil, audience=PARENT, form="html"
    )
    assert parent.cycles[0].review_date == datetime.date(2026, 3, 1)
    school = evidence_pack_audited(
        actor=world.senco_a, context=AuditContext(), pupil=pupil, audience=SCHOOL, form="html"
    )
    assert school.cycles[0].review_date == datetime.date(2026, 7, 1)
