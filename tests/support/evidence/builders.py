"""Records of one pupil's SEN Support, built straight on the models, for the evidence pack."""

from __future__ import annotations

import datetime

from django.utils import timezone

from portal.support.consent.models import ConsentEvent, ConsentRequest
from portal.support.meetings.models import (
    Addendum,
    Attendee,
    Meeting,
    NextStep,
    ParentResponse,
    ParentViews,
)
from portal.support.notices.models import FormalNotice, NoticeRecipient
from portal.support.plans.models import (
    Cycle,
    Outcome,
    OutcomeProgress,
    PlanVersion,
    Review,
    SupportItem,
)
from portal.support.plans.services import plan_snapshot


def snapshot(cycle: Cycle) -> dict:
    """The parent-visible parts of a cycle, as `plan_share` keeps them in a shared version."""
    return plan_snapshot(
        cycle,
        list(cycle.outcomes.order_by("order", "id")),
        list(cycle.support_items.select_related("intervention").order_by("order", "id")),
    )


def cycle(
    pupil,
    *,
    number: int,
    status: str = "reviewed",
    shared: bool = True,
    outcome: str = "Reads a short book on his own",
    child: str = "I can read a book by myself",
    **fields,
) -> Cycle:
    made = Cycle.objects.create(
        school=pupil.school,
        pupil=pupil,
        number=number,
        status=status,
        needs=fields.pop("needs", "Decoding unfamiliar words"),
        strengths="Loves stories",
        expected_impact=fields.pop("expected_impact", "Reading age up six months"),
        staff_notes=fields.pop("staff_notes", ""),
        review_date=datetime.date(2026, 3, 1),
        started_on=datetime.date(2025, 9, 8),
        **fields,
    )
    first = Outcome.objects.create(
        cycle=made, order=0, parent_wording=f"{outcome} ({number})", child_wording=child
    )
    SupportItem.objects.create(
        cycle=made,
        description="Phonics group",
        provision_type="additional",
        sessions_per_week=3,
        minutes_per_session=20,
        delivered_by="Mrs Patel",
    )
    if shared:
        PlanVersion.objects.create(
            cycle=made, number=1, content=snapshot(made), shared_at=timezone.now()
        )
    if status == "reviewed":
        review = Review.objects.create(
            cycle=made,
            held_on=datetime.date(2026, 3, 2),
            assessment_still_holds="yes",
            summary="Good term",
        )
        OutcomeProgress.objects.create(review=review, outcome=first, score=3, comment="Steady")
    return made


def meeting(pupil, *, shared: bool, senco, parent, discussion: str = "Reading at home") -> Meeting:
    now = timezone.now()
    made = Meeting.objects.create(
        school=pupil.school,
        pupil=pupil,
        kind="review",
        starts_at=now,
        discussion=discussion,
        outcomes_agreed="Keep the phonics group",
        record_status="shared" if shared else "draft",
        shared_at=now if shared else None,
        created_by=senco,
    )
    Attendee.objects.create(meeting=made, kind="parent", name="Mrs Khan")
    NextStep.objects.create(meeting=made, action="Send home reading books", owner="school")
    if shared:
        Addendum.objects.create(meeting=made, text="Books go home on Fridays", written_by=senco)
        ParentResponse.objects.create(
            meeting=made, parent=parent, kind="add", text="He reads with his sister too"
        )
    return made


def other_records(pupil, *, senco, parent) -> None:
    ParentViews.objects.create(
        school=pupil.school,
        pupil=pupil,
        requested_by=senco,
        going_well="Enjoys school",
        answered_by=parent,
        answered_at=timezone.now(),
    )
    request = ConsentRequest.objects.create(
        school=pupil.school,
        pupil=pupil,
        service="salt",
        purpose="Speech assessment",
        information_shared="The plan",
        answer_needed_by=datetime.date(2026, 4, 1),
        status="given",
        requested_by=senco,
    )
    ConsentEvent.objects.create(request=request, kind="requested", actor=senco)
    ConsentEvent.objects.create(request=request, kind="given", actor=parent)
    notice = FormalNotice.objects.create(
        school=pupil.school,
        pupil=pupil,
        sen_status="sen_support",
        senco_name="Ms Senco",
        senco_email="senco@example.org",
        senco_phone="01234 567890",
        iass_name="Northshire SENDIASS",
        iass_phone="01234 000000",
        iass_email="iass@example.org",
        iass_website="https://iass.example.org",
        sent_by=senco,
        sent_at=timezone.now(),
    )
    NoticeRecipient.objects.create(notice=notice, parent=parent)
