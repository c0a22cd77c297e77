"""Each Code of Practice check, met and not met, against hand-built records (named after the
COP paragraph it cites)."""

from __future__ import annotations

import pytest

from portal.audit.actors import AuditContext
from portal.pupils.models import SenStatus
from portal.support.checklist.checks import CheckState, services_named
from portal.support.checklist.selectors import pupil_checklist
from portal.support.checklist.services import pupil_views_record
from portal.support.consent.models import ConsentStatus
from portal.support.meetings.models import DateStatus, MeetingKind
from portal.support.plans.models import AssessmentStillHolds, CycleStatus, ProvisionType

from . import builders as b

pytestmark = pytest.mark.django_db


def checks(pupil) -> dict[str, object]:
    return {result.check.key: result for result in pupil_checklist(pupil=pupil).results}


def state(pupil, key: str) -> str:
    return checks(pupil)[key].state


# COP-6.43 / 6.48: parents formally notified


def test_cop_6_43_without_a_formal_notice_the_parents_are_not_notified(world):
    result = checks(world.pupil_a1)["notified"]
    assert result.state == CheckState.NOT_MET
    assert "No formal notice" in result.reason
    assert "COP-6.43" in result.check.cop and "6.48" in result.check.cop


def test_cop_6_48_a_formal_notice_meets_the_check(world):
    b.notice(world.pupil_a1)
    assert state(world.pupil_a1, "notified") == CheckState.MET


# COP-6.39: early discussion


def test_cop_6_39_no_early_discussion_is_not_met(world):
    b.meeting(world.pupil_a1, kind=MeetingKind.REVIEW)
    assert state(world.pupil_a1, "early_discussion") == CheckState.NOT_MET


def test_cop_6_39_an_early_discussion_in_draft_is_not_met_until_shared(world):
    b.meeting(world.pupil_a1, kind=MeetingKind.EARLY_DISCUSSION, shared_days_after=None)
    result = checks(world.pupil_a1)["early_discussion"]
    assert result.state == CheckState.NOT_MET
    assert "not been shared" in result.reason


def test_cop_6_39_a_shared_early_discussion_is_met(world):
    b.meeting(world.pupil_a1, kind=MeetingKind.EARLY_DISCUSSION)
    assert state(world.pupil_a1, "early_discussion") == CheckState.MET


# COP-6.40 / 6.44 / 6.48: current plan


def test_cop_6_44_no_plan_is_not_met(world):
    assert state(world.pupil_a1, "plan") == CheckState.NOT_MET


def test_cop_6_44_a_plan_still_being_planned_is_not_met(world):
    b.cycle(world.pupil_a1, status=CycleStatus.DRAFT)
    result = checks(world.pupil_a1)["plan"]
    assert result.state == CheckState.NOT_MET
    assert "still being planned" in result.reason


def test_cop_6_48_a_plan_without_outcomes_or_review_date_is_not_met(world):
    b.cycle(world.pupil_a1, outcomes=0, review_in_days=None)
    result = checks(world.pupil_a1)["plan"]
    assert result.state == CheckState.NOT_MET
    assert "no outcomes" in result.reason and "no review date" in result.reason


def test_cop_6_40_support_not_marked_core_or_additional_is_not_met(world):
    b.cycle(world.pupil_a1, support=(("", None),))
    result = checks(world.pupil_a1)["plan"]
    assert result.state == CheckState.NOT_MET
    assert "core offer or additional" in result.reason


def test_cop_6_44_a_shared_plan_with_outcomes_marked_support_and_a_review_date_is_met(world):
    b.cycle(world.pupil_a1, outcomes=2, support=((ProvisionType.CORE, None),))
    result = checks(world.pupil_a1)["plan"]
    assert result.state == CheckState.MET
    assert "2 outcomes" in result.reason


# COP-6.43: review not overdue


def test_cop_6_43_a_review_date_passed_is_not_met(world):
    b.cycle(world.pupil_a1, review_in_days=-3)
    result = checks(world.pupil_a1)["review_on_time"]
    assert result.state == CheckState.NOT_MET
    assert "was due on" in result.reason


def test_cop_6_43_a_review_date_to_come_is_met(world):
    b.cycle(world.pupil_a1, review_in_days=10)
    assert state(world.pupil_a1, "review_on_time") == CheckState.MET


def test_cop_6_43_without_a_plan_the_review_check_does_not_apply(world):
    assert state(world.pupil_a1, "review_on_time") == CheckState.NOT_APPLICABLE


# COP-6.46: the assessment reviewed


def test_cop_6_46_the_first_cycle_does_not_need_its_assessment_reviewed(world):
    b.cycle(world.pupil_a1)
    assert state(world.pupil_a1, "assessment_reviewed") == CheckState.NOT_APPLICABLE


def test_cop_6_46_a_review_that_recorded_the_assessment_is_met(world):
    first = b.cycle(world.pupil_a1, started_days_ago=120)
    b.review(first, assessment=AssessmentStillHolds.PARTLY)
    b.cycle(world.pupil_a1, number=2, previous=first)
    assert state(world.pupil_a1, "assessment_reviewed") == CheckState.MET


def test_cop_6_46_a_review_that_left_the_assessment_unanswered_is_not_met(world):
    first = b.cycle(world.pupil_a1, started_days_ago=120)
    b.review(first, assessment="")
    b.cycle(world.pupil_a1, number=2, previous=first)
    assert state(world.pupil_a1, "assessment_reviewed") == CheckState.NOT_MET


# COP-6.45 / 6.55: parents' views this cycle


def test_cop_6_45_no_parent_views_since_the_cycle_began_is_not_met(world):
    b.cycle(world.pupil_a1, started_days_ago=10)
    b.parent_views(world.pupil_a1, answered_days_ago=40)  # before this cycle
    b.parent_views(world.pupil_a1, answered_days_ago=None)  # asked, never answered
    result = checks(world.pupil_a1)["parent_views"]
    assert result.state == CheckState.NOT_MET
    assert "have not been gathered" in result.reason


def test_cop_6_45_answered_parent_views_this_cycle_are_met(world):
    b.cycle(world.pupil_a1, started_days_ago=10)
    b.parent_views(world.pupil_a1, answered_days_ago=2)
    assert state(world.pupil_a1, "parent_views") == CheckState.MET


def test_cop_6_55_a_shared_meeting_with_the_parents_views_is_met(world):
    made = b.cycle(world.pupil_a1, started_days_ago=10)
    b.meeting(world.pupil_a1, parent_views="They would like more reading.", made_cycle=made)
    assert state(world.pupil_a1, "parent_views") == CheckState.MET


# COP-6.45 / 6.55 / 6.64-6.69: the pupil's views this cycle


def test_cop_6_45_pupil_views_not_yet_gathered_is_not_met(world):
    b.cycle(world.pupil_a1)
    result = checks(world.pupil_a1)["pupil_views"]
    assert result.state == CheckState.NOT_MET
    assert result.reason == "Not yet gathered this cycle."


def test_cop_6_55_pupil_views_recorded_this_cycle_are_met(world):
    b.cycle(world.pupil_a1, started_days_ago=10)
    pupil_views_record(
        actor=world.senco_a,
        context=AuditContext(),
        pupil=world.pupil_a1,
        gathered_on=b.today(),
        source="voice",
        source_id="r-1",
    )
    assert state(world.pupil_a1, "pupil_views") == CheckState.MET


def test_cop_6_64_pupil_views_from_before_the_cycle_do_not_count(world):
    b.cycle(world.pupil_a1, started_days_ago=10)
    pupil_views_record(
        actor=world.senco_a,
        context=AuditContext(),
        pupil=world.pupil_a1,
        gathered_on=b.today() - 30 * b.DAY,
        source="voice",
        source_id="old",
    )
    assert state(world.pupil_a1, "pupil_views") == CheckState.NOT_MET


# COP-6.39 / 6.64-6.69: meeting record shared within 5 school days


def test_cop_6_39_a_record_shared_within_five_school_days_is_met(world):
    b.meeting(world.pupil_a1, days_ago=3, shared_days_after=2)
    assert state(world.pupil_a1, "record_shared") == CheckState.MET


def test_cop_6_39_a_record_shared_late_is_not_met(world):
    b.meeting(world.pupil_a1, days_ago=12, shared_days_after=11)
    result = checks(world.pupil_a1)["record_shared"]
    assert result.state == CheckState.NOT_MET
    assert "not shared within 5 school days" in result.reason


def test_cop_6_39_a_record_never_shared_after_five_school_days_is_not_met(world):
    b.meeting(world.pupil_a1, days_ago=12, shared_days_after=None)
    assert state(world.pupil_a1, "record_shared") == CheckState.NOT_MET


def test_cop_6_39_a_record_still_within_its_five_school_days_does_not_fail(world):
    b.meeting(world.pupil_a1, days_ago=0.01, shared_days_after=None)
    result = checks(world.pupil_a1)["record_shared"]
    assert result.state == CheckState.MET
    assert "still within" in result.reason


def test_cop_6_64_without_meetings_the_sharing_check_does_not_apply(world):
    assert state(world.pupil_a1, "record_shared") == CheckState.NOT_APPLICABLE


# COP-6.47: consent for every outside professional involved


def test_cop_6_47_with_no_professional_involved_the_consent_check_does_not_apply(world):
    assert state(world.pupil_a1, "consent") == CheckState.NOT_APPLICABLE


def test_cop_6_47_a_professional_at_a_meeting_with_consent_given_is_met(world):
    b.consent(world.pupil_a1, service="ep", status=ConsentStatus.GIVEN, referral_sent=True)
    b.professional(b.meeting(world.pupil_a1))
    assert state(world.pupil_a1, "consent") == CheckState.MET


def test_cop_6_47_a_professional_at_a_meeting_without_consent_is_not_met(world):
    b.consent(world.pupil_a1, service="ep", status=ConsentStatus.REFUSED)
    b.professional(b.meeting(world.pupil_a1), name="Ms Rao", role="Speech and language therapist")
    result = checks(world.pupil_a1)["consent"]
    assert result.state == CheckState.NOT_MET
    assert "Ms Rao" in result.reason


def test_cop_6_47_a_referral_whose_consent_was_withdrawn_is_not_met(world):
    b.consent(world.pupil_a1, service="ot", status=ConsentStatus.WITHDRAWN, referral_sent=True)
    result = checks(world.pupil_a1)["consent"]
    assert result.state == CheckState.NOT_MET
    assert "no longer given" in result.reason


def test_cop_6_47_a_professional_no_given_consent_matches_is_not_met_and_named(world):
    b.consent(world.pupil_a1, service="ep", status=ConsentStatus.GIVEN)
    meeting = b.meeting(world.pupil_a1)
    b.professional(meeting, name="Dr Ellis", role="Educational psychologist")
    b.professional(meeting, name="Ms Jones", role="Physiotherapist")
    b.professional(meeting, name="Mr Lee", role="Autism outreach teacher")
    result = checks(world.pupil_a1)["consent"]
    assert result.state == CheckState.NOT_MET
    assert "Ms Jones (Physiotherapist) came to a meeting" in result.reason
    assert "Mr Lee (Autism outreach teacher) came to a meeting" in result.reason
    assert "Dr Ellis" not in result.reason


def test_cop_6_47_a_consent_given_for_another_service_covers_the_professional_it_names(world):
    meeting = b.meeting(world.pupil_a1)
    b.professional(meeting, name="Ms Jones", role="Physiotherapist")
    b.professional(meeting, name="Ms Cole", role="Nurse, school nursing team")
    b.consent(world.pupil_a1, service="other", other="NHS physiotherapist")
    b.consent(world.pupil_a1, service="other", other="School nursing team")
    assert state(world.pupil_a1, "consent") == CheckState.MET


def test_cop_6_47_a_consent_for_another_service_counts_only_once_given(world):
    b.professional(b.meeting(world.pupil_a1), name="Ms Jones", role="Physiotherapist")
    b.consent(world.pupil_a1, service="other", other="Physiotherapist", status="requested")
    result = checks(world.pupil_a1)["consent"]
    assert result.state == CheckState.NOT_MET
    assert "Ms Jones (Physiotherapist)" in result.reason


def test_cop_6_47_services_are_matched_on_whole_words(world):
    b.professional(b.meeting(world.pupil_a1), name="Mr Saltmarsh", role="Behaviour support")
    result = checks(world.pupil_a1)["consent"]
    assert "Speech and language therapy" not in result.reason
    assert "Mr Saltmarsh (Behaviour support)" in result.reason
    b.consent(world.pupil_a1, service="other", other="Behaviour support")
    assert state(world.pupil_a1, "consent") == CheckState.MET


def test_the_services_a_professionals_role_names():
    assert services_named("Educational Psychologist") == {"ep"}
    assert services_named("Trainee educational psychology service") == {"ep"}
    assert services_named("CAMHS nurse") == {"camhs"}
    assert services_named("Mrs Chen, SaLT") == {"salt"}
    assert services_named("Mr Saltmarsh Behaviour support") == set()
    assert services_named("Class teacher") == set()


# COP-6.64: three meetings with parents a school year


def test_cop_6_64_fewer_than_three_meetings_this_year_is_not_met(world):
    b.meeting(world.pupil_a1, days_ago=0.02)
    b.meeting(world.pupil_a1, days_ago=0.01)
    b.meeting(world.pupil_a1, days_ago=-5, shared_days_after=None)  # arranged, to come
    result = checks(world.pupil_a1)["three_meetings"]
    assert result.state == CheckState.NOT_MET
    assert result.reason.startswith("2 of 3")
    assert "1 more is arranged" in result.reason


def test_cop_6_64_three_meetings_this_year_is_met(world):
    for minutes in (3, 2, 1):
        b.meeting(world.pupil_a1, days_ago=minutes / 1440)
    assert state(world.pupil_a1, "three_meetings") == CheckState.MET


def test_cop_6_64_cancelled_and_unagreed_meetings_do_not_count(world):
    b.meeting(world.pupil_a1, days_ago=0.01, date_status=DateStatus.CANCELLED)
    b.meeting(
        world.pupil_a1, days_ago=0.01, date_status=DateStatus.NEW_DATE_ASKED, shared_days_after=None
    )
    b.meeting(world.pupil_a1, days_ago=0.01)
    assert checks(world.pupil_a1)["three_meetings"].reason.startswith("1 of 3")


def test_the_checklist_does_not_apply_to_a_pupil_being_monitored(world):
    world.pupil_a1.sen_status = SenStatus.MONITORING
    world.pupil_a1.save()
    assert pupil_checklist(pupil=world.pupil_a1) is None


def test_a_pupil_with_everything_in_place_meets_every_check_that_applies(world):
    first = b.cycle(world.pupil_a1, started_days_ago=3)
    b.review(first, held_days_ago=2)
    current = b.cycle(world.pupil_a1, number=2, previous=first, started_days_ago=1)
    b.notice(world.pupil_a1)
    b.meeting(
        world.pupil_a1, kind=MeetingKind.EARLY_DISCUSSION, days_ago=0.03, shared_days_after=0.001
    )
    b.meeting(
        world.pupil_a1,
        days_ago=0.02,
        shared_days_after=0.001,
        parent_views="Happy.",
        made_cycle=current,
    )
    b.meeting(world.pupil_a1, days_ago=0.01, shared_days_after=0.001)
    pupil_views_record(
        actor=world.senco_a,
        context=AuditContext(),
        pupil=world.pupil_a1,
        gathered_on=b.today(),
        source="meeting",
        source_id="m-1",
    )
    results = pupil_checklist(pupil=world.pupil_a1).results
    assert {r.check.key: r.state for r in results if r.state != CheckState.MET} == {
        "consent": CheckState.NOT_APPLICABLE
    }
