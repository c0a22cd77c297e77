"""Consent and formal notices in the demo data and the scale data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from portal.people.models import User
from portal.support.consent.models import ConsentEvent, ConsentRequest, ConsentStatus
from portal.support.notices.models import FormalNotice, NoticeRecipient
from tests.conftest import count_queries, sign_in
from tests.portal.test_seed_scale import seed as seed_scale

pytestmark = pytest.mark.django_db


def _seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_gives_consents_in_every_state_and_notices_once():
    _seed_demo()
    counts = (
        ConsentRequest.objects.count(),
        ConsentEvent.objects.count(),
        FormalNotice.objects.count(),
        NoticeRecipient.objects.count(),
    )
    _seed_demo()
    assert (
        ConsentRequest.objects.count(),
        ConsentEvent.objects.count(),
        FormalNotice.objects.count(),
        NoticeRecipient.objects.count(),
    ) == counts
    requests = ConsentRequest.objects.filter(pupil__legal_first_name="Aisha")
    assert set(requests.values_list("status", flat=True)) == set(ConsentStatus.values)
    assert requests.filter(status=ConsentStatus.GIVEN, referral_sent_at__isnull=False).exists()
    assert requests.filter(status=ConsentStatus.REFUSED).exclude(refusal_reason="").exists()
    assert requests.exclude(pupil_view="").exists()
    parent = User.objects.get(email="parent@example.org")
    copies = NoticeRecipient.objects.filter(parent=parent)
    assert copies.filter(first_read_at__isnull=False).count() == 1
    assert copies.filter(first_read_at__isnull=True).exists()


def test_the_scale_datas_consent_pages_answer_for_the_benchmarks_accounts(tmp_path, client):
    manifest = seed_scale(tmp_path)
    targets = manifest["journeys"]["portal.support.consent"]["targets"]
    assert {t["name"] for t in targets} == {
        "consent_list_senco",
        "consent_parent",
        "consent_list_big",
    }
    for target in targets:
        sign_in(client, User.objects.get(pk=manifest[target["account"]]["user_id"]))
        assert client.get(target["path"]).status_code == 200, target["name"]
    assert FormalNotice.objects.exists() and NoticeRecipient.objects.exists()


def test_consent_pages_make_as_many_queries_at_one_school_as_at_two(tmp_path, client):
    def queries(schools: int) -> list[int]:
        manifest = seed_scale(tmp_path, schools=schools)
        found = []
        for target in manifest["journeys"]["portal.support.consent"]["targets"]:
            if target["account"] == "senco_big":
                continue
            sign_in(client, User.objects.get(pk=manifest[target["account"]]["user_id"]))
            client.get(target["path"])
            found.append(count_queries(lambda path=target["path"]: client.get(path)))
        return found

    assert queries(1) == queries(2)
