"""`manage.py seed_demo`: the demo a newcomer signs in to."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from portal.people.models import GuardianLink, StaffMembership, TrustRole, User
from portal.pupils.models import AreaOfNeed, Pupil, SenStatus
from portal.schools.models import School


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_demo_world_and_is_idempotent(db):
    _seed()
    counts = (User.objects.count(), Pupil.objects.count(), GuardianLink.objects.count())
    output = _seed()
    assert (User.objects.count(), Pupil.objects.count(), GuardianLink.objects.count()) == counts
    schools = School.objects.all()
    assert schools.count() == 3
    assert schools.filter(trust__isnull=True).count() == 1
    for school in schools:
        roles = set(StaffMembership.objects.filter(school=school).values_list("role", flat=True))
        assert {"senco", "teacher", "dsl"} <= roles
    assert TrustRole.objects.count() == 1
    assert set(Pupil.objects.values_list("sen_status", flat=True)) == set(SenStatus.values)
    assert set(Pupil.objects.values_list("areas_of_need__area", flat=True)) == set(
        AreaOfNeed.values
    )
    parent = User.objects.get(email="parent@example.org")
    child_schools = GuardianLink.objects.filter(parent=parent).values_list(
        "pupil__school", flat=True
    )
    assert len(set(child_schools)) == 2
    assert "senco@riverside1.example.org" in output
    assert "backup codes:" in output


def test_printed_backup_codes_sign_a_senco_in(db, client):
    output = _seed()
    line = next(line for line in output.splitlines() if "senco@riverside1.example.org" in line)
    code = line.split("backup codes:")[1].split(",")[0].strip()
    client.post(
        "/accounts/login/",
        {"login": "senco@riverside1.example.org", "password": "demo-portal-2026"},
    )
    assert client.get("/portal/")["Location"].startswith("/portal/2fa/verify/")
    client.post("/portal/2fa/verify/", {"token": code})
    assert "SEN register" in client.get("/portal/").content.decode()


@override_settings(DEMO_PASSWORDS_ALLOWED=False)
def test_seed_demo_refuses_outside_development_settings(db):
    with pytest.raises(CommandError):
        _seed()
