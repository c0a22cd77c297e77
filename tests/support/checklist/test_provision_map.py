"""The provision map (COP-6.72-6.78): the SENCO's catalogue of interventions, and per
intervention the pupils on it, the staff hours and the progress at reviews, so that an
intervention that shows no progress stands out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.audit.models import AuditAction, AuditEvent
from portal.support.plans.models import CycleStatus, Intervention, ProvisionType
from tests.factories import PupilFactory

from . import builders as b

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Lego therapy",
    "description": "Social communication through building together.",
    "evidence_base": "EEF trial, 2018.",
    "group_size": "3",
    "staff_minutes_per_week": "90",
    "cost_per_term": "£150.50",
}


def _map_url(world) -> str:
    return f"/portal/schools/{world.school_a.pk}/provision-map/"


def test_senco_adds_an_intervention_and_it_is_audited(world, client_as):
    response = client_as(world.senco_a).post(f"{_map_url(world)}new/", GOOD)
    assert response.status_code == 302
    made = Intervention.objects.get(school=world.school_a)
    assert (made.name, made.group_size, made.cost_per_term) == (
        "Lego therapy",
        3,
        Decimal("150.50"),
    )
    event = AuditEvent.objects.filter(action=AuditAction.INTERVENTION_CHANGED).get()
    assert (event.detail, event.object_id) == ("added", str(made.pk))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter the name of the intervention"),
        ("group_size", "0", "Enter how many pupils are in a group, from 1 to 40"),
        ("group_size", "three", "Enter how many pupils are in a group as a whole number"),
        ("staff_minutes_per_week", "", "Enter the staff time a week in minutes"),
        ("cost_per_term", "lots", "Enter the cost a term in pounds, like 150 or 150.50"),
        ("cost_per_term", "-5", "Enter the cost a term in pounds, like 150 or 150.50"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, client_as, field, value, message):
    response = client_as(world.senco_a).post(f"{_map_url(world)}new/", GOOD | {field: value})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert f'href="#id_{field}"' in page
    assert message in page
    assert not Intervention.objects.exists()


def test_a_name_already_used_at_the_school_is_refused_whatever_its_case(world, client_as):
    b.intervention(world.school_a, "Lego therapy")
    response = client_as(world.senco_a).post(
        f"{_map_url(world)}new/", GOOD | {"name": "LEGO THERAPY"}
    )
    page = response.content.decode()
    assert "This school already has an intervention called" in page
    assert 'href="#id_name"' in page
    assert Intervention.objects.count() == 1


def test_another_school_may_use_the_same_name(world, client_as):
    b.intervention(world.school_b, "Lego therapy")
    response = client_as(world.senco_a).post(f"{_map_url(world)}new/", GOOD)
    assert response.status_code == 302


def test_senco_edits_an_intervention_and_the_change_is_audited(world, client_as):
    made = b.intervention(world.school_a)
    response = client_as(world.senco_a).post(
        f"/portal/interventions/{made.pk}/edit/", GOOD | {"staff_minutes_per_week": "120"}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.staff_minutes_per_week == 120
    event = AuditEvent.objects.filter(action=AuditAction.INTERVENTION_CHANGED).last()
    assert "staff_minutes_per_week" in event.detail


def test_senco_archives_and_brings_back_an_intervention(world, client_as):
    made = b.intervention(world.school_a)
    client = client_as(world.senco_a)
    client.post(f"/portal/interventions/{made.pk}/archive/")
    made.refresh_from_db()
    assert made.archived_at is not None
    page = client.get(_map_url(world)).content.decode()
    assert "Archived interventions" in page
    client.post(f"/portal/interventions/{made.pk}/archive/")
    made.refresh_from_db()
    assert made.archived_at is None
    details = list(
        AuditEvent.objects.filter(action=AuditAction.INTERVENTION_CHANGED).values_list(
            "detail", flat=True
        )
    )
    assert details == ["archived", "restored"]


def test_headteacher_sees_the_map_but_cannot_change_it(world, client_as):
    made = b.intervention(world.school_a)
    client = client_as(world.head_a)
    assert client.get(_map_url(world)).status_code == 200
    assert client.get(f"{_map_url(world)}new/").status_code == 403
    assert client.post(f"/portal/interventions/{made.pk}/edit/", GOOD).status_code == 403
    assert client.post(f"/portal/interventions/{made.pk}/archive/").status_code == 403
    made.refresh_from_db()
    assert made.archived_at is None


def test_another_schools_senco_cannot_reach_an_intervention(world, client_as):
    made = b.intervention(world.school_a)
    client = client_as(world.senco_b)
    assert client.get(f"/portal/interventions/{made.pk}/").status_code == 404
    assert client.post(f"/portal/interventions/{made.pk}/edit/", GOOD).status_code == 404


def test_cop_6_72_the_map_shows_pupils_hours_and_progress_per_intervention(world, client_as):
    lego = b.intervention(world.school_a, "Lego therapy", group_size=2, minutes=60)
    pupils = [world.pupil_a1, world.pupil_a2, PupilFactory(school=world.school_a)]
    for pupil in pupils:
        b.cycle(pupil, support=((ProvisionType.ADDITIONAL, lego),))
    response = client_as(world.senco_a).get(_map_url(world))
    row = response.context["map"].active[0]
    assert row.pupils == 3
    assert row.groups == 2  # three pupils in groups of two
    assert row.staff_hours == Decimal("2.0")
    assert "Not reviewed yet" in response.content.decode()


def test_cop_6_78_an_intervention_whose_reviewed_pupils_mostly_scored_1_or_2_stands_out(
    world, client_as
):
    weak = b.intervention(world.school_a, "Reading catch-up")
    strong = b.intervention(world.school_a, "Precision teaching")
    for pupil, used, scores in [
        (world.pupil_a1, weak, (1, 2)),
        (world.pupil_a2, weak, (2, 4)),
        (PupilFactory(school=world.school_a), weak, (1, 1)),
        (PupilFactory(school=world.school_a), strong, (4, 5)),
    ]:
        done = b.cycle(
            pupil, outcomes=2, support=((ProvisionType.ADDITIONAL, used),), started_days_ago=90
        )
        b.review(done, scores=scores)
    response = client_as(world.senco_a).get(_map_url(world))
    rows = {row.intervention.name: row for row in response.context["map"].active}
    assert rows["Reading catch-up"].no_progress
    assert rows["Reading catch-up"].reviews == 3
    assert rows["Reading catch-up"].distribution == {1: 3, 2: 2, 4: 1}
    assert rows["Reading catch-up"].average == Decimal("1.8")
    assert not rows["Precision teaching"].no_progress
    assert rows["Precision teaching"].average == Decimal("4.5")
    assert rows["Reading catch-up"].pupils == 0  # reviewed cycles are not "on it now"
    assert response.content.decode().count('govuk-tag--red">No progress shown') == 1


def test_the_intervention_page_lists_the_pupils_on_it_now_audited(world, client_as):
    lego = b.intervention(world.school_a)
    b.cycle(world.pupil_a1, support=((ProvisionType.ADDITIONAL, lego),))
    b.cycle(world.pupil_a2, support=((ProvisionType.ADDITIONAL, lego),), status=CycleStatus.DRAFT)
    page = client_as(world.head_a).get(f"/portal/interventions/{lego.pk}/").content.decode()
    assert "Aisha Khan" in page
    assert "Leo Williams" not in page  # a plan still being drawn up
    listed = AuditEvent.objects.filter(
        action=AuditAction.SUPPORT_VIEWED, detail=f"intervention {lego.pk}"
    ).values_list("object_id", flat=True)
    assert list(listed) == [str(world.pupil_a1.pk)]


def test_the_map_names_no_pupil(world, client_as):
    lego = b.intervention(world.school_a)
    b.cycle(world.pupil_a1, support=((ProvisionType.ADDITIONAL, lego),))
    page = client_as(world.senco_a).get(_map_url(world)).content.decode()
    assert "Aisha" not in page


def test_a_pupil_with_two_pieces_of_support_from_one_intervention_counts_once(world, client_as):
    lego = b.intervention(world.school_a, group_size=1, minutes=30)
    b.cycle(
        world.pupil_a1,
        support=((ProvisionType.ADDITIONAL, lego), (ProvisionType.ADDITIONAL, lego)),
    )
    row = client_as(world.senco_a).get(_map_url(world)).context["map"].active[0]
    assert (row.pupils, row.staff_hours) == (1, Decimal("0.5"))
