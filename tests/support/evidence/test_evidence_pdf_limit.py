"""Making an evidence pack's PDF (a full layout in the request) is rate-limited per person; the
print view stays open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.audit.models import AuditAction, AuditEvent
from portal.ratelimit import rates_for
from tests.support.evidence import builders

pytestmark = pytest.mark.django_db


def test_making_the_pdf_again_and_again_is_refused_for_a_while(world, client_as, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "evidence_pdf": "1/h/user"}
    pupil = world.pupil_a1
    builders.cycle(pupil, number=1, status="active")
    url = reverse("support:evidence_pack_pdf", args=[pupil.pk])
    client = client_as(world.parent_1)
    assert client.get(url).status_code == 200

    refused = client.get(url)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    body = refused.content.decode()
    assert "Wait 60 minutes, then try again" in body
    assert reverse("support:evidence_pack", args=[pupil.pk]) in body
    # Only the PDF made is audited; the print view stays open; others have their own limit.
    made = AuditEvent.objects.filter(action=AuditAction.EVIDENCE_PACK_MADE)
    assert list(made.values_list("detail", flat=True)) == ["pdf for parent"]
    assert client.get(reverse("support:evidence_pack", args=[pupil.pk])).status_code == 200
    assert client_as(world.senco_a).get(url).status_code == 200
    # Someone who may not see the pupil is still told it is not there, limit or not.
    stranger = client_as(world.parent_2)
    assert [stranger.get(url).status_code for _ in range(2)] == [404, 404]


def test_the_pdf_is_rate_limited_by_default():
    assert rates_for("evidence_pdf")
