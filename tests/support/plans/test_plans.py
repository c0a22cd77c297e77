"""Support plans: cycles, sharing, reviews and what parents and staff see of them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.notifications.models import Notification, NotificationKind
from portal.pupils.models import SenStatus
from portal.support.plans import selectors, services
from portal.support.plans.models import (
    Cycle,
    CycleStatus,
    OutcomeProgress,
    PlanVersion,
    ProgressScore,
)
from tests.conftest import count_queries
from tests.factories import (
    InterventionFactory,
    assign_teacher,
    link_parent,
    make_plan,
    review_plan,
)

CTX = AuditContext()


def plan_url(pupil) -> str:
    return f"/portal/pupils/{pupil.pk}/plan/"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# COP behaviours ---------------------------------------------------------------------------------


def test_cop_6_44_each_cycle_starts_from_the_review_of_the_last(world):
    first = make_plan(
        world.pupil_a1, world.senco_a, outcomes=("Reads a short book", "Asks for help")
    )
    review_plan(first, world.senco_a, scores={"Reads a short book": ProgressScore.ACHIEVED})

    second = services.cycle_start(actor=world.senco_a, context=CTX, pupil=world.pupil_a1)

    assert (second.number, second.status, second.previous_id) == (2, CycleStatus.DRAFT, first.pk)
    assert second.needs == first.needs
    carried = list(second.outcomes.all())
    assert [o.parent_wording for o in carried] == ["Asks for help"]
    assert carried[0].carried_from.cycle_id == first.pk


def test_cop_6_44_a_second_cycle_cannot_start_while_one_is_under_way(world):
    make_plan(world.pupil_a1, world.senco_a)
    with pytest.raises(ValidationError, match="already has a cycle under way"):
        services.cycle_start(actor=world.senco_a, context=CTX, pupil=world.pupil_a1)
    assert Cycle.objects.filter(pupil=world.pupil_a1).count() == 1


def test_only_a_pupil_on_sen_support_or_with_an_ehc_plan_has_a_plan(world):
    world.pupil_a2.sen_status = SenStatus.MONITORING
    world.pupil_a2.save()
    with pytest.raises(ValidationError):
        services.cycle_start(actor=world.senco_a, context=CTX, pupil=world.pupil_a2)


def test_cop_6_40_parent_sees_whether_support_is_core_offer_or_additional(world, client_as):
    make_plan(
        world.pupil_a1,
        world.senco_a,
        support=(
            ("Visual timetable in class", "core"),
            ("Speech group twice a week", "additional"),
        ),
    )
    page = text_of(client_as(world.parent_1).get(plan_url(world.pupil_a1)))
    assert re.search(r'data-provision="core">\s*Core offer\s*</strong>\s*Visual timetable', page)
    assert re.search(r'data-provision="additional">\s*Additional\s*</strong>\s*Speech group', page)


def test_cop_6_43_a_plan_is_not_shared_without_a_review_date_outcomes_and_support(world):
    cycle = services.cycle_start(actor=world.senco_a, context=CTX, pupil=world.pupil_a1)
    with pytest.raises(ValidationError) as raised:
        services.plan_share(actor=world.senco_a, context=CTX, cycle=cycle)
    messages = " ".join(raised.value.messages)
    assert "at least one outcome" in messages
    assert "at least one piece of support" in messages
    assert "review date" in messages
    assert not PlanVersion.objects.exists()


def test_cop_6_43_the_parent_sees_the_agreed_review_date(world, client_as):
    day = timezone.localdate() + datetime.timedelta(days=45)
    make_plan(world.pupil_a1, world.senco_a, review_date=day)
    page = text_of(client_as(world.parent_1).get(plan_url(world.pupil_a1)))
    assert "Review date" in page
    assert str(day.year) in page


def test_cop_6_46_the_review_records_whether_the_assessment_still_holds(world, client_as):
    cycle = make_plan(world.pupil_a1, world.senco_a)
    outcome = cycle.outcomes.get()
    with pytest.raises(ValidationError) as raised:
        services.review_record(
            actor=world.senco_a,
            context=CTX,
            cycle=cycle,
            held_on=timezone.localdate(),
            assessment_still_holds="partly",
            assessment_note="",
            summary="",
            progress={outcome.pk: services.ProgressEntry(score=2)},
        )
    assert "assessment_note" in raised.value.error_dict

    response = client_as(world.senco_a).post(
        f"/portal/plans/{cycle.pk}/review/",
        {
            "held_on_0": str(timezone.localdate().day),
            "held_on_1": str(timezone.localdate().month),
            "held_on_2": str(timezone.localdate().year),
            f"score_{outcome.pk}": "2",
            f"comment_{outcome.pk}": "Reading at home most days.",
            "assessment_still_holds": "partly",
            "assessment_note": "Attention now looks like the main barrier.",
            "summary": "Slow but steady.",
        },
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.REVIEWED
    assert cycle.review.assessment_still_holds == "partly"
    assert OutcomeProgress.objects.get(outcome=outcome).score == 2


def test_cop_6_48_sharing_tells_the_parents_after_commit_and_starts_the_support(
    world, django_capture_on_commit_callbacks
):
    cycle = make_plan(world.pupil_a1, world.senco_a, share=False)
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks() as callbacks:
        version = services.plan_share(
            actor=world.senco_a, context=CTX, cycle=cycle, change_note="First plan."
        )
    assert callbacks, "the live updates wait for the commit"
    cycle.refresh_from_db()
    assert (cycle.status, cycle.started_on) == (CycleStatus.ACTIVE, timezone.localdate())
    assert version.number == 1
    told = Notification.objects.get(kind=NotificationKind.SUPPORT_PLAN)
    assert told.recipient == world.parent_1
    assert told.url == plan_url(world.pupil_a1)
    assert AuditEvent.objects.filter(action=AuditAction.PLAN_SHARED).count() == 1


def test_nothing_is_shared_or_told_when_sharing_fails(world):
    cycle = make_plan(world.pupil_a1, world.senco_a, share=False)
    cycle.outcomes.all().delete()
    with pytest.raises(ValidationError):
        services.plan_share(actor=world.senco_a, context=CTX, cycle=cycle)
    assert not PlanVersion.objects.exists()
    assert not Notification.objects.exists()


# Versions ----------------------------------------------------------------------------------------


def test_an_edit_after_sharing_does_not_change_the_parents_page_until_shared_again(
    world, client_as
):
    cycle = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book",))
    outcome = cycle.outcomes.get()
    senco = client_as(world.senco_a)
    response = senco.post(
        f"/portal/plans/outcomes/{outcome.pk}/",
        {"parent_wording": "Reads a chapter book", "child_wording": "", "success_looks_like": ""},
    )
    assert response.status_code == 302
    assert "changed since it was last shared" in text_of(senco.get(plan_url(world.pupil_a1)))

    parent = client_as(world.parent_1)
    page = text_of(parent.get(plan_url(world.pupil_a1)))
    assert "Reads a short book" in page
    assert "Reads a chapter book" not in page

    services.plan_share(actor=world.senco_a, context=CTX, cycle=cycle, change_note="Harder book.")
    page = text_of(parent.get(plan_url(world.pupil_a1)))
    assert "Reads a chapter book" in page
    assert "version 2" in page
    assert "Harder book." in page


def test_what_changed_since_the_last_review_shows_the_differences(world, client_as):
    first = make_plan(
        world.pupil_a1,
        world.senco_a,
        outcomes=("Reads a short book", "Asks for help"),
        support=(("Phonics group", "additional"), ("Visual timetable", "core")),
    )
    review_plan(first, world.senco_a, scores={"Asks for help": ProgressScore.ACHIEVED})
    second = services.cycle_start(actor=world.senco_a, context=CTX, pupil=world.pupil_a1)
    carried = second.outcomes.get()
    services.outcome_update(
        actor=world.senco_a,
        context=CTX,
        outcome=carried,
        details=services.OutcomeDetails(parent_wording="Reads a chapter book"),
    )
    services.outcome_add(
        actor=world.senco_a,
        context=CTX,
        cycle=second,
        details=services.OutcomeDetails(parent_wording="Writes three sentences"),
    )
    services.support_item_add(
        actor=world.senco_a,
        context=CTX,
        cycle=second,
        details=services.SupportDetails(description="Phonics group", provision_type="core"),
    )
    services.support_item_add(
        actor=world.senco_a,
        context=CTX,
        cycle=second,
        details=services.SupportDetails(description="Writing frames", provision_type="additional"),
    )
    services.cycle_plan_update(
        actor=world.senco_a,
        context=CTX,
        cycle=second,
        expected_impact="More writing.",
        expected_impact_staff_only=False,
        review_date=timezone.localdate() + datetime.timedelta(days=90),
        staff_notes="",
    )
    services.plan_share(actor=world.senco_a, context=CTX, cycle=second)

    response = client_as(world.parent_1).get(plan_url(world.pupil_a1))
    page = text_of(response)
    changes = response.context["page"].changes
    assert [o["parent_wording"] for o in changes.outcomes_added] == ["Writes three sentences"]
    assert [o["parent_wording"] for o in changes.outcomes_removed] == ["Asks for help"]
    assert [(a["parent_wording"], b["parent_wording"]) for a, b in changes.outcomes_changed] == [
        ("Reads a short book", "Reads a chapter book")
    ]
    assert [i["description"] for i in changes.support_added] == ["Writing frames"]
    assert [i["description"] for i in changes.support_ended] == ["Visual timetable"]
    assert [b["provision_type"] for _a, b in changes.support_changed] == ["core"]
    assert changes.review_date is not None
    assert "What changed since the last review" in page
    assert re.search(r'data-change="outcome-added"><strong>New:</strong> Writes three', page)
    assert re.search(r'data-change="support-ended"><strong>Ended:</strong> Visual timetable', page)
    assert "was: Reads a short book" in page


# Staff-only and drafts -------------------------------------------------------------------------


def test_staff_only_sections_never_reach_a_parent(world, client_as):
    cycle = make_plan(world.pupil_a1, world.senco_a, share=False)
    services.cycle_assessment_update(
        actor=world.senco_a,
        context=CTX,
        cycle=cycle,
        needs="Sensitive family circumstances affect sleep",
        strengths="Kind to others",
        evidence="",
        outside_advice="",
        staff_only=True,
    )
    services.cycle_visibility_update(
        actor=world.senco_a,
        context=CTX,
        cycle=cycle,
        assessment_staff_only=True,
        outcomes_staff_only=False,
        support_staff_only=True,
        expected_impact_staff_only=False,
    )
    version = services.plan_share(actor=world.senco_a, context=CTX, cycle=cycle)

    assert "assessment" not in version.content
    assert "support" not in version.content
    assert "Mum finds mornings hard" not in str(version.content)
    for url in (plan_url(world.pupil_a1), f"/portal/pupils/{world.pupil_a1.pk}/"):
        page = text_of(client_as(world.parent_1).get(url))
        assert "Reads a short book on their own" in page
        assert "Sensitive family circumstances" not in page
        assert "Daily phonics group" not in page
        assert "Mum finds mornings hard" not in page
    staff_page = text_of(client_as(world.teacher_a).get(plan_url(world.pupil_a1)))
    assert "Sensitive family circumstances" in staff_page
    assert "Mum finds mornings hard" in staff_page


def test_parent_never_sees_a_draft_cycle(world, client_as):
    cycle = make_plan(world.pupil_a1, world.senco_a, share=False)
    parent = client_as(world.parent_1)
    page = text_of(parent.get(plan_url(world.pupil_a1)))
    assert "has not shared a support plan" in page
    assert "Reads a short book" not in page
    assert "Reads a short book" not in text_of(parent.get(f"/portal/pupils/{world.pupil_a1.pk}/"))
    assert parent.get(f"/portal/plans/{cycle.pk}/share/").status_code == 404


def test_parent_cannot_see_another_childs_plan(world, client_as):
    make_plan(world.pupil_a1, world.senco_a)
    response = client_as(world.parent_2).get(plan_url(world.pupil_a1))
    assert response.status_code == 404
    assert "Reads a short book" not in response.content.decode()


def test_a_revoked_parent_link_sees_nothing_more(world, client_as):
    make_plan(world.pupil_a1, world.senco_a)
    world.link_a1.revoked_at = timezone.now()
    world.link_a1.save()
    assert client_as(world.parent_1).get(plan_url(world.pupil_a1)).status_code == 404


# Staff -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher_a", "head_a", "dsl_a"])
def test_cop_6_49_staff_who_work_with_the_pupil_read_the_plan_but_do_not_change_it(
    world, client_as, role
):
    cycle = make_plan(world.pupil_a1, world.senco_a)
    client = client_as(getattr(world, role))
    page = text_of(client.get(plan_url(world.pupil_a1)))
    assert "Reads a short book on their own" in page
    assert "Add an outcome" not in page
    assert client.get(f"/portal/plans/{cycle.pk}/assessment/").status_code == 403
    assert client.post(f"/portal/plans/{cycle.pk}/outcomes/new/", {}).status_code == 403
    assert client.post(f"/portal/plans/{cycle.pk}/share/").status_code == 403


def test_a_teacher_not_assigned_to_the_pupil_cannot_see_the_plan(world, client_as):
    make_plan(world.pupil_a2, world.senco_a)
    assert client_as(world.teacher_a).get(plan_url(world.pupil_a2)).status_code == 404


def test_another_schools_senco_gets_404(world, client_as):
    cycle = make_plan(world.pupil_a1, world.senco_a)
    client = client_as(world.senco_b)
    assert client.get(plan_url(world.pupil_a1)).status_code == 404
    assert client.get(f"/portal/plans/{cycle.pk}/assessment/").status_code == 404


def test_every_read_of_the_plan_is_audited(world, client_as):
    make_plan(world.pupil_a1, world.senco_a)
    client_as(world.parent_1).get(plan_url(world.pupil_a1))
    client_as(world.teacher_a).get(plan_url(world.pupil_a1))
    client_as(world.parent_1).get(f"/portal/pupils/{world.pupil_a1.pk}/")
    reads = AuditEvent.objects.filter(action=AuditAction.SUPPORT_VIEWED)
    assert list(reads.values_list("actor_id", "detail", "object_id")) == [
        (world.parent_1.pk, "plan", str(world.pupil_a1.pk)),
        (world.teacher_a.pk, "plan", str(world.pupil_a1.pk)),
        (world.parent_1.pk, "plan panel", str(world.pupil_a1.pk)),
    ]


def test_senco_builds_and_shares_a_plan_through_the_pages(world, client_as):
    intervention = InterventionFactory(school=world.school_a, name="Lego therapy")
    senco = client_as(world.senco_a)
    assert senco.post(f"/portal/pupils/{world.pupil_a1.pk}/plan/start/").status_code == 302
    cycle = Cycle.objects.get(pupil=world.pupil_a1)
    day = timezone.localdate() + datetime.timedelta(days=30)
    steps = [
        (f"/portal/plans/{cycle.pk}/assessment/", {"needs": "Finds turn-taking hard"}),
        (f"/portal/plans/{cycle.pk}/outcomes/new/", {"parent_wording": "Takes turns in a game"}),
        (
            f"/portal/plans/{cycle.pk}/support/new/",
            {
                "description": "Lego therapy group",
                "provision_type": "additional",
                "intervention": str(intervention.pk),
                "sessions_per_week": "2",
                "minutes_per_session": "30",
            },
        ),
        (
            f"/portal/plans/{cycle.pk}/impact/",
            {
                "expected_impact": "Plays with others at break.",
                "review_date_0": str(day.day),
                "review_date_1": str(day.month),
                "review_date_2": str(day.year),
            },
        ),
        (f"/portal/plans/{cycle.pk}/share/", {"change_note": ""}),
    ]
    for url, data in steps:
        response = senco.post(url, data)
        assert response.status_code == 302, (url, text_of(response)[-2000:])
    version = PlanVersion.objects.get(cycle=cycle)
    assert version.content["support"][0]["intervention"] == "Lego therapy"
    page = text_of(client_as(world.parent_1).get(f"/portal/pupils/{world.pupil_a1.pk}/"))
    assert "Takes turns in a game" in page
    assert "Lego therapy group (Lego therapy)" in page


# Bad input ---------------------------------------------------------------------------------------


def test_bad_input_shows_an_error_summary_naming_the_field(world, client_as):
    cycle = make_plan(world.pupil_a1, world.senco_a, share=False)
    senco = client_as(world.senco_a)
    cases = [
        (f"/portal/plans/{cycle.pk}/outcomes/new/", {}, "Enter the outcome in words"),
        (f"/portal/plans/{cycle.pk}/assessment/", {"needs": " "}, "Enter the pupil&#x27;s needs"),
        (
            f"/portal/plans/{cycle.pk}/support/new/",
            {"description": "Group", "provision_type": "extra"},
            "Select whether the support is the core offer",
        ),
        (
            f"/portal/plans/{cycle.pk}/support/new/",
            {
                "description": "Group",
                "provision_type": "core",
                "starts_on_0": "10",
                "starts_on_1": "3",
                "starts_on_2": "2027",
                "ends_on_0": "1",
                "ends_on_1": "3",
                "ends_on_2": "2027",
            },
            "The end date must be on or after the start date",
        ),
        (
            f"/portal/plans/{cycle.pk}/impact/",
            {"expected_impact": "More", "review_date_0": "1", "review_date_1": "1"},
            "Enter the date of the review",
        ),
        (
            f"/portal/plans/{cycle.pk}/impact/",
            {
                "expected_impact": "More",
                "review_date_0": "1",
                "review_date_1": "1",
                "review_date_2": "2020",
            },
            "The review date must be today or in the future",
        ),
    ]
    for url, data, message in cases:
        response = senco.post(url, data)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert 'class="govuk-error-summary"' in page, url
        assert message in page, (url, message)


def test_an_intervention_of_another_school_or_archived_cannot_be_chosen(world):
    cycle = make_plan(world.pupil_a1, world.senco_a, share=False)
    elsewhere = InterventionFactory(school=world.school_b)
    archived = InterventionFactory(school=world.school_a, archived_at=timezone.now())
    for intervention in (elsewhere, archived):
        with pytest.raises(ValidationError) as raised:
            services.support_item_add(
                actor=world.senco_a,
                context=CTX,
                cycle=cycle,
                details=services.SupportDetails(
                    description="Group", provision_type="core", intervention_id=intervention.pk
                ),
            )
        assert "intervention" in raised.value.error_dict
    assert [i.pk for i in selectors.intervention_choices(school_id=world.school_a.pk)] == []


def test_a_reviewed_cycle_cannot_be_edited(world, client_as):
    cycle = make_plan(world.pupil_a1, world.senco_a)
    review_plan(cycle, world.senco_a)
    with pytest.raises(ValidationError, match="has been reviewed"):
        services.outcome_add(
            actor=world.senco_a,
            context=CTX,
            cycle=cycle,
            details=services.OutcomeDetails(parent_wording="More"),
        )
    response = client_as(world.senco_a).get(f"/portal/plans/{cycle.pk}/assessment/")
    assert response.status_code == 302


def test_only_the_senco_may_call_the_services(world):
    cycle = make_plan(world.pupil_a1, world.senco_a, share=False)
    with pytest.raises(PermissionError):
        services.plan_share(actor=world.head_a, context=CTX, cycle=cycle)


# Progress chart ----------------------------------------------------------------------------------


def _chart_points(html: str, outcome_id: int) -> list[tuple[str, str]]:
    block = html.split(f'data-outcome="{outcome_id}"', 1)[1].split("</table>", 1)[0]
    svg = block.split("</svg>", 1)[0]
    table = block.split("</svg>", 1)[1]
    svg_points = re.findall(
        r'<g class="app-progress-chart__point" data-cycle="(\d+)" data-score="(\d)"', svg
    )
    table_points = re.findall(
        r'<tr class="govuk-table__row" data-cycle="(\d+)" data-score="(\d)"', table
    )
    return svg_points, table_points


def test_the_progress_chart_and_its_table_show_the_same_points(world, client_as):
    first = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book",))
    review_plan(first, world.senco_a, score=2)
    second = make_plan(world.pupil_a1, world.senco_a, support=(("More phonics", "core"),))
    review_plan(second, world.senco_a, score=4)
    third = make_plan(world.pupil_a1, world.senco_a, support=(("Reading buddy", "core"),))
    history = selectors.outcome_progress_history(world.pupil_a1, for_parents=True)
    assert [[p.score for p in h.points] for h in history] == [[2, 4]]

    for url in (plan_url(world.pupil_a1), f"/portal/pupils/{world.pupil_a1.pk}/"):
        html = client_as(world.parent_1).get(url).content.decode()
        svg_points, table_points = _chart_points(html, history[0].outcome_id)
        assert svg_points == table_points == [("1", "2"), ("2", "4")]
        assert 'role="img"' in html
        assert "cycle 1, 2 of 5, A little progress; cycle 2, 4 of 5, Nearly achieved." in html
    assert third.outcomes.get().carried_from.cycle_id == second.pk


# Query counts ------------------------------------------------------------------------------------


def _visit_twice(client, url: str) -> int:
    """Queries of one visit right after another: the session's last-seen time is then never
    written during the counted visit."""
    client.get(url)
    return count_queries(lambda: client.get(url))


def _cycles(pupil, senco, count: int) -> None:
    for number in range(count):
        cycle = make_plan(pupil, senco, support=((f"Support {number}", "additional"),))
        if number < count - 1:
            review_plan(cycle, senco, score=1 + number % 5)


@pytest.mark.parametrize(
    "url", ["/portal/pupils/{pk}/plan/", "/portal/pupils/{pk}/"], ids=["plan", "child page"]
)
def test_the_parents_pages_make_the_same_queries_for_1_and_30_cycles(
    world, client_as, url, django_assert_num_queries
):
    _cycles(world.pupil_a1, world.senco_a, 1)
    _cycles(world.pupil_a2, world.senco_a, 30)
    # Pupil A2 otherwise as pupil A1: linked to parent 1, with an assigned teacher.
    link_parent(world.parent_1, world.pupil_a2)
    assign_teacher(world.teacher_a, world.pupil_a2)
    client = client_as(world.parent_1)
    few = _visit_twice(client, url.format(pk=world.pupil_a1.pk))
    client.get(url.format(pk=world.pupil_a2.pk))
    with django_assert_num_queries(few):
        response = client.get(url.format(pk=world.pupil_a2.pk))
    assert "Support 29" in response.content.decode()


def test_the_staff_plan_page_makes_the_same_queries_for_1_and_30_cycles(
    world, client_as, django_assert_num_queries
):
    _cycles(world.pupil_a1, world.senco_a, 1)
    _cycles(world.pupil_a2, world.senco_a, 30)
    client = client_as(world.senco_a)
    few = _visit_twice(client, plan_url(world.pupil_a1))
    client.get(plan_url(world.pupil_a2))
    with django_assert_num_queries(few):
        client.get(plan_url(world.pupil_a2))


def test_sharing_twice_with_nothing_changed_shares_once(world, client_as):
    cycle = make_plan(world.pupil_a1, world.senco_a)
    senco = client_as(world.senco_a)
    response = senco.post(f"/portal/plans/{cycle.pk}/share/", {"change_note": ""})
    assert response.status_code == 200
    assert "Nothing has changed since the plan was last shared" in response.content.decode()
    assert PlanVersion.objects.filter(cycle=cycle).count() == 1
    assert Notification.objects.filter(recipient=world.parent_1).count() == 1


def test_cop_6_46_parents_see_whether_the_assessment_still_holds(world, client_as):
    cycle = make_plan(world.pupil_a1, world.senco_a)
    services.review_record(
        actor=world.senco_a,
        context=CTX,
        cycle=cycle,
        held_on=timezone.localdate(),
        assessment_still_holds="no",
        assessment_note="Her needs look more like attention than language now.",
        summary="Time to look again at her needs.",
        progress={o.pk: services.ProgressEntry(score=2) for o in cycle.outcomes.all()},
    )
    page = text_of(client_as(world.parent_1).get(plan_url(world.pupil_a1)))
    assert "No: the needs should be assessed again" in page
    assert "Her needs look more like attention than language now." in page
    assert "A little progress" in page


def test_cop_6_56_parents_are_told_the_impact_of_the_support_at_each_review(world, client_as):
    """The parents read, in words, how far each outcome came at the review, with the staff's
    comment: clear information about the impact of the support."""
    cycle = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book on her own",))
    outcome = cycle.outcomes.get()
    services.review_record(
        actor=world.senco_a,
        context=CTX,
        cycle=cycle,
        held_on=timezone.localdate(),
        assessment_still_holds="yes",
        assessment_note="",
        summary="Good term.",
        progress={
            outcome.pk: services.ProgressEntry(score=4, comment="She reads most pages alone now.")
        },
    )
    page = text_of(client_as(world.parent_1).get(plan_url(world.pupil_a1)))
    assert "Nearly achieved" in page
    assert "She reads most pages alone now." in page


# Progress against what the parents were shown ---------------------------------------------------


def _review(cycle, senco, score=3):
    return services.review_record(
        actor=senco,
        context=CTX,
        cycle=cycle,
        held_on=timezone.localdate(),
        assessment_still_holds="yes",
        assessment_note="",
        summary="",
        progress={o.pk: services.ProgressEntry(score=score) for o in cycle.outcomes.all()},
    )


def test_a_review_waits_until_changed_outcomes_are_shared_with_the_parents(world, client_as):
    cycle = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book",))
    services.outcome_update(
        actor=world.senco_a,
        context=CTX,
        outcome=cycle.outcomes.get(),
        details=services.OutcomeDetails(parent_wording="Reads a chapter book"),
    )
    with pytest.raises(ValidationError, match="Share the plan first"):
        _review(cycle, world.senco_a)
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.ACTIVE
    assert not OutcomeProgress.objects.exists()

    senco = client_as(world.senco_a)
    response = senco.get(f"/portal/plans/{cycle.pk}/review/", follow=True)
    assert response.redirect_chain[-1][0] == f"/portal/plans/{cycle.pk}/share/"
    assert "Share the plan first" in text_of(response)

    services.plan_share(actor=world.senco_a, context=CTX, cycle=cycle)
    _review(cycle, world.senco_a, score=4)
    page = text_of(client_as(world.parent_1).get(plan_url(world.pupil_a1)))
    assert "Reads a chapter book: <strong>Nearly achieved</strong>" in page


def test_a_review_waits_for_a_new_outcome_or_newly_visible_outcomes_to_be_shared(world):
    cycle = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book",))
    services.outcome_add(
        actor=world.senco_a,
        context=CTX,
        cycle=cycle,
        details=services.OutcomeDetails(parent_wording="Writes three sentences"),
    )
    with pytest.raises(ValidationError, match="Share the plan first"):
        _review(cycle, world.senco_a)

    hidden = make_plan(world.pupil_a2, world.senco_a, share=False)
    services.cycle_visibility_update(
        actor=world.senco_a,
        context=CTX,
        cycle=hidden,
        assessment_staff_only=False,
        outcomes_staff_only=True,
        support_staff_only=False,
        expected_impact_staff_only=False,
    )
    services.plan_share(actor=world.senco_a, context=CTX, cycle=hidden)
    _review(hidden, world.senco_a)  # staff-only outcomes, unchanged: the review goes ahead


def test_parents_see_progress_only_on_outcomes_they_were_shown_in_the_shared_words(
    world, client_as
):
    cycle = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book",))
    review = _review(cycle, world.senco_a, score=2)
    # A record from before reviews waited for sharing: the outcome reworded and a new one
    # scored, neither ever shown to the parents.
    outcome = cycle.outcomes.get()
    cycle.outcomes.filter(pk=outcome.pk).update(parent_wording="Unshared new wording")
    unshared = cycle.outcomes.create(order=9, parent_wording="Never shared outcome")
    OutcomeProgress.objects.create(review=review, outcome=unshared, score=1)

    for url in (plan_url(world.pupil_a1), f"/portal/pupils/{world.pupil_a1.pk}/"):
        page = text_of(client_as(world.parent_1).get(url))
        assert "Reads a short book" in page
        assert "Unshared new wording" not in page
        assert "Never shared outcome" not in page
    history = selectors.outcome_progress_history(world.pupil_a1, for_parents=True)
    assert [(h.parent_wording, [p.score for p in h.points]) for h in history] == [
        ("Reads a short book", [2])
    ]
    staff_page = text_of(client_as(world.senco_a).get(plan_url(world.pupil_a1)))
    assert "Unshared new wording" in staff_page
    assert "Never shared outcome" in staff_page


def test_a_targets_english_words_keep_their_direction_on_an_urdu_plan_page(world, client_as):
    make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book on their own",))
    page = client_as(world.senco_a).get(f"/ur/portal/pupils/{world.pupil_a1.pk}/plan/")
    assert page.status_code == 200
    assert '<span dir="auto">I can: reads a short book on their own</span>' in page.content.decode()
