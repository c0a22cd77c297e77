"""The checklist's demo and scale data: the demo school's provision map and one pupil's views,
and the scale data's catalogue and views records behind the benchmark's pages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from portal.people.models import User
from portal.pupils.models import SenStatus
from portal.schools.models import School
from portal.support.checklist.models import PupilViewsRecord
from portal.support.checklist.selectors import pupil_checklist
from portal.support.plans.models import Intervention
from tests.conftest import count_queries, sign_in
from tests.portal.test_seed_scale import seed as seed_scale

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_school_a_provision_map_and_one_pupil_views_once():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent
    school = School.objects.get(urn="100001")
    names = set(Intervention.objects.filter(school=school).values_list("name", flat=True))
    assert {"Lego therapy", "Precision teaching", "Reading catch-up group"} <= names
    record = PupilViewsRecord.objects.get(source_id="demo-aisha-views")
    assert record.pupil.legal_first_name == "Aisha"
    checklist = pupil_checklist(pupil=record.pupil)
    assert checklist is not None


def test_seed_scale_adds_a_catalogue_and_pupil_views_to_every_school(tmp_path):
    manifest = seed_scale(tmp_path)
    for school in School.objects.exclude(urn__startswith="1000"):
        assert Intervention.objects.filter(school=school).count() >= 5
        records = PupilViewsRecord.objects.filter(school=school)
        assert not records.exclude(pupil__school=school).exists()
        assert not records.filter(pupil__sen_status=SenStatus.MONITORING).exists()
    assert PupilViewsRecord.objects.exists()
    names = {t["name"] for t in manifest["journeys"]["portal.support.checklist"]["targets"]}
    assert {
        "checklist_summary_senco",
        "checklist_governors_senco",
        "provision_map_senco",
        "checklist_summary_big",
    } <= names


def test_the_benchmarks_checklist_pages_answer_with_as_many_queries_at_one_school_as_at_two(
    tmp_path, client
):
    def queries(schools: int) -> list[int]:
        manifest = seed_scale(tmp_path, schools=schools)
        found = []
        for target in manifest["journeys"]["portal.support.checklist"]["targets"]:
            if not target["growth"]:
                continue
            sign_in(client, User.objects.get(pk=manifest[target["account"]]["user_id"]))
            client.get(target["path"])  # the session's first request
            found.append(count_queries(lambda path=target["path"]: client.get(path)))
        return found

    assert queries(1) == queries(2)
