"""Support plans in the demo data and in the scale data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from portal.people.models import User
from portal.pupils.models import Pupil
from portal.support.plans import selectors
from portal.support.plans.models import (
    Cycle,
    CycleStatus,
    Intervention,
    OutcomeProgress,
    PlanVersion,
)
from tests.conftest import count_queries, sign_in
from tests.portal.test_seed_scale import seed as seed_scale

pytestmark = pytest.mark.django_db


def _seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_gives_pupils_at_every_point_of_the_cycle_once(client):
    output = _seed_demo()
    counts = (Cycle.objects.count(), PlanVersion.objects.count(), Intervention.objects.count())
    _seed_demo()
    assert (
        Cycle.objects.count(),
        PlanVersion.objects.count(),
        Intervention.objects.count(),
    ) == counts
    assert "Demo support plans: Aisha, Leo, Zara, Owen." in output

    def states(first_name: str) -> list[str]:
        pupil = Pupil.objects.get(legal_first_name=first_name, school__urn="100001")
        return list(
            Cycle.objects.filter(pupil=pupil).order_by("number").values_list("status", flat=True)
        )

    assert states("Aisha") == [CycleStatus.REVIEWED, CycleStatus.ACTIVE]
    assert states("Leo") == [CycleStatus.ACTIVE]
    assert states("Zara") == [CycleStatus.DRAFT]
    assert states("Owen") == [CycleStatus.REVIEWED, CycleStatus.REVIEWED, CycleStatus.ACTIVE]
    assert not Cycle.objects.filter(pupil__legal_first_name="Sam").exists()

    catch_up = Intervention.objects.get(name="Daily reading catch-up")
    scores = OutcomeProgress.objects.filter(
        outcome__cycle__support_items__intervention=catch_up
    ).values_list("score", flat=True)
    assert list(scores) == [1, 1]

    parent = User.objects.get(email="parent@example.org")
    aisha = Pupil.objects.get(legal_first_name="Aisha", school__urn="100001")
    page = sign_in(client, parent).get(f"/portal/pupils/{aisha.pk}/plan/").content.decode()
    assert "What changed since the last review" in page
    assert "Aisha will write two sentences about a picture on her own." in page
    assert 'role="img"' in page


def test_scale_schools_have_plans_and_the_benchmark_pages_answer(tmp_path, client):
    manifest = seed_scale(tmp_path)
    targets = {t["name"]: t for t in manifest["journeys"]["portal.support.plans"]["targets"]}
    assert set(targets) == {"support_plan_parent", "support_plan_senco"}
    assert Cycle.objects.filter(status=CycleStatus.REVIEWED).exists()
    assert OutcomeProgress.objects.exists()
    pupil = Pupil.objects.get(pk=manifest["parent"]["pupil_id"])
    assert selectors.latest_shared_version(selectors.current_cycle(pupil)) is not None or (
        selectors.current_cycle(pupil).status == CycleStatus.DRAFT
    )
    parent = User.objects.get(pk=manifest["parent"]["user_id"])
    senco = User.objects.get(pk=manifest["senco"]["user_id"])
    for account, user in (("parent", parent), ("senco", senco)):
        signed_in = sign_in(client, user)
        assert count_queries(
            lambda c=signed_in, a=account: c.get(targets[f"support_plan_{a}"]["path"])
        )


def test_the_plan_pages_make_as_many_queries_at_one_school_as_at_two(tmp_path, client):
    def queries(schools: int) -> list[int]:
        manifest = seed_scale(tmp_path, schools=schools)
        found = []
        for target in manifest["journeys"]["portal.support.plans"]["targets"]:
            sign_in(client, User.objects.get(pk=manifest[target["account"]]["user_id"]))
            client.get(target["path"])  # the session's first request
            found.append(count_queries(lambda path=target["path"]: client.get(path)))
        return found

    assert queries(1) == queries(2)
