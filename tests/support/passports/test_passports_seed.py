"""Passports in the demo data and the scale data, and the benchmark's passport and evidence pack
pages answering for their accounts with queries that do not grow with the schools."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from portal.people.models import User
from portal.pupils.models import Pupil, SenStatus
from portal.support.passports.models import Passport, PassportTemplate
from portal.support.passports.selectors import headings_for_school, passport_page
from tests.conftest import count_queries, sign_in
from tests.portal.test_seed_scale import seed as seed_scale

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_trust_headings_and_demo_passports_once():
    call_command("seed_demo", stdout=StringIO())
    passports = Passport.objects.count()
    assert passports >= 4
    call_command("seed_demo", stdout=StringIO())
    assert Passport.objects.count() == passports
    assert PassportTemplate.objects.filter(trust__name="Riverside Learning Trust").count() == 1
    aisha = Pupil.objects.get(legal_first_name="Aisha", school__urn="100001")
    assert headings_for_school(school=aisha.school).source == "trust"
    texts = [s.text for s in passport_page(pupil=aisha).written]
    assert any("now-and-next board" in text for text in texts)
    noah = Pupil.objects.get(legal_first_name="Noah")
    assert passport_page(pupil=noah).source == "built_in"
    assert len(passport_page(pupil=noah).written) == 4


def test_seed_scale_gives_sen_pupils_passports_and_the_pages_answer(tmp_path, client):
    manifest = seed_scale(tmp_path)
    sen = Pupil.objects.filter(
        school__trust__name="Scale Learning Trust",
        sen_status__in=[SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN],
    )
    assert sen.exists()
    assert not sen.filter(passport__isnull=True).exists()
    targets = [
        *manifest["journeys"]["portal.support.passports"]["targets"],
        *manifest["journeys"]["portal.support.evidence"]["targets"],
    ]
    assert {t["name"] for t in targets} >= {
        "passport_parent",
        "evidence_pack_parent",
        "evidence_pack_senco",
    }
    assert not any(t["path"].endswith(".pdf") for t in targets)
    for target in targets:
        sign_in(client, User.objects.get(pk=manifest[target["account"]]["user_id"]))
        assert client.get(target["path"]).status_code == 200, target["name"]


def test_passport_and_evidence_pages_make_as_many_queries_at_one_school_as_at_two(tmp_path, client):
    def queries(schools: int) -> list[int]:
        manifest = seed_scale(tmp_path, schools=schools)
        found = []
        journeys = manifest["journeys"]
        for target in [
            *journeys["portal.support.passports"]["targets"],
            *journeys["portal.support.evidence"]["targets"],
        ]:
            sign_in(client, User.objects.get(pk=manifest[target["account"]]["user_id"]))
            client.get(target["path"])
            found.append(count_queries(lambda path=target["path"]: client.get(path)))
        return found

    assert queries(1) == queries(2)
