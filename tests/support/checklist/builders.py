"""Hand-built support records for the checklist and provision map tests: plain rows, made the
way the plans, meetings, consent and notices parts store them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from portal.support.consent.models import ConsentRequest, ConsentStatus
from portal.support.meetings.models import (
    Attendee,
    AttendeeKind,
    DateStatus,
    Meeting,
    MeetingKind,
    ParentViews,
    RecordStatus,
)
from portal.support.notices.models import FormalNotice
from portal.support.plans.models import (
    AssessmentStillHolds,
    Cycle,
    CycleStatus,
    Intervention,
    Outcome,
    OutcomeProgress,
    ProvisionType,
    Review,
    SupportItem,
)

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def intervention(school, name="Lego therapy", *, group_size=3, minutes=90, **extra):
    return Intervention.objects.create(
        school=school,
        name=name,
        group_size=group_size,
        staff_minutes_per_week=minutes,
        **extra,
    )


def cycle(
    pupil,
    *,
    number=1,
    status=CycleStatus.ACTIVE,
    review_in_days: int | None = 30,
    started_days_ago=20,
    outcomes=1,
    support=((ProvisionType.ADDITIONAL, None),),
    previous=None,
):
    """A cycle with `outcomes` outcomes and one support item per (provision type, intervention)."""
    made = Cycle.objects.create(
        school=pupil.school,
        pupil=pupil,
        number=number,
        status=status,
        previous=previous,
        review_date=None if review_in_days is None else today() + review_in_days * DAY,
        started_on=today() - started_days_ago * DAY,
    )
    for order in range(outcomes):
        Outcome.objects.create(cycle=made, order=order, parent_wording=f"Outcome {order + 1}")
    for order, (provision_type, used) in enumerate(support):
        SupportItem.objects.create(
            cycle=made,
            order=order,
            description="Small-group reading",
            provision_type=provision_type,
            intervention=used,
        )
    return made


def review(
    made_cycle, *, scores=(3,), assessment=AssessmentStillHolds.YES, held_days_ago=25
) -> Review:
    """Review a cycle: one score per outcome (in order), and close it."""
    done = Review.objects.create(
        cycle=made_cycle,
        held_on=today() - held_days_ago * DAY,
        assessment_still_holds=assessment,
    )
    for outcome, score in zip(made_cycle.outcomes.order_by("order"), scores, strict=False):
        OutcomeProgress.objects.create(review=done, outcome=outcome, score=score)
    Cycle.objects.filter(pk=made_cycle.pk).update(status=CycleStatus.REVIEWED)
    return done


def meeting(
    pupil,
    *,
    kind=MeetingKind.REVIEW,
    days_ago: float = 1,
    shared_days_after: float | None = 1,
    date_status=DateStatus.ACCEPTED,
    parent_views="",
    made_cycle=None,
) -> Meeting:
    starts_at = timezone.now() - datetime.timedelta(days=days_ago)
    shared = shared_days_after is not None
    return Meeting.objects.create(
        school=pupil.school,
        pupil=pupil,
        cycle=made_cycle,
        kind=kind,
        starts_at=starts_at,
        date_status=date_status,
        parent_views=parent_views,
        record_status=RecordStatus.SHARED if shared else RecordStatus.DRAFT,
        shared_at=starts_at + datetime.timedelta(days=shared_days_after) if shared else None,
    )


def professional(meeting_made, *, name="Dr Ellis", role="Educational psychologist") -> Attendee:
    return Attendee.objects.create(
        meeting=meeting_made, kind=AttendeeKind.PROFESSIONAL, name=name, role=role
    )


def consent(pupil, *, service="ep", status=ConsentStatus.GIVEN, referral_sent=False, other=""):
    return ConsentRequest.objects.create(
        school=pupil.school,
        pupil=pupil,
        service=service,
        service_other=other,
        purpose="To understand how Aisha learns best.",
        information_shared="The plan and the last review.",
        answer_needed_by=today() + 10 * DAY,
        status=status,
        referral_sent_at=timezone.now() if referral_sent else None,
    )


def notice(pupil) -> FormalNotice:
    return FormalNotice.objects.create(
        school=pupil.school,
        pupil=pupil,
        sen_status=pupil.sen_status,
        senco_name="Ms Patel",
        senco_email="senco@example.org",
        senco_phone="01234 567890",
        iass_name="Northshire SENDIASS",
        iass_phone="01234 000000",
        iass_email="iass@example.org",
        iass_website="https://iass.example.org",
        sent_at=timezone.now() - 30 * DAY,
    )


def parent_views(pupil, *, answered_days_ago: float | None = 2, made_cycle=None) -> ParentViews:
    answered = None
    if answered_days_ago is not None:
        answered = timezone.now() - datetime.timedelta(days=answered_days_ago)
    return ParentViews.objects.create(
        school=pupil.school,
        pupil=pupil,
        cycle=made_cycle,
        going_well="Reading at bedtime.",
        answered_at=answered,
    )
