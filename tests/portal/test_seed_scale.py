"""The scale data for the benchmark: counts, valid rows, the manifest, the audit chain."""

import json

import pytest
from django.core.management import call_command

from portal.audit.services import audit_verify_chain
from portal.notifications.models import Notification
from portal.people.models import GuardianLink, Invitation, StaffMembership, StaffRole, User
from portal.pupils.models import Pupil
from portal.schools.models import School, Trust

pytestmark = pytest.mark.django_db


def seed(tmp_path, schools=2):
    manifest = tmp_path / "scale.json"
    call_command(
        "seed_scale",
        "--schools",
        str(schools),
        "--pupils",
        "50",
        "--big-school-pupils",
        "30",
        "--small-school-pupils",
        "8",
        "--manifest",
        str(manifest),
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    return json.loads(manifest.read_text())


def test_seed_scale_builds_a_trust_of_schools_with_registers_parents_and_a_manifest(tmp_path):
    manifest = seed(tmp_path)

    trust = Trust.objects.get()
    schools = School.objects.filter(trust=trust)
    assert schools.count() == 4  # two ordinary, the small one and the large one
    assert {s.local_authority_id for s in schools} == {schools[0].local_authority_id}
    # A fifth of 50 on roll are on the register; the small and large schools have their own.
    assert Pupil.objects.count() == 10 + 10 + 8 + 30
    for school in schools:
        roles = set(StaffMembership.objects.filter(school=school).values_list("role", flat=True))
        assert {StaffRole.SENCO, StaffRole.HEADTEACHER, StaffRole.TEACHER} <= roles
    links = GuardianLink.objects.select_related("invitation", "pupil")
    assert links.count() > 0
    for link in links:
        # Linked the only way the product links: an accepted invitation for that pupil.
        assert link.invitation.accepted_by_id == link.parent_id
        assert link.invitation.pupil_id == link.pupil_id
    # Some children have only an invitation waiting (pending, expired or withdrawn).
    assert Invitation.objects.filter(accepted_at__isnull=True).exists()
    assert Notification.objects.exists()

    for model in (School, Pupil, User, Invitation, GuardianLink, StaffMembership):
        for row in model.objects.order_by("?")[:5]:
            row.full_clean()

    assert manifest["totals"] == {
        "schools": 4,
        "pupils": 58,
        "parent_links": GuardianLink.objects.count(),
    }
    parent_link = GuardianLink.objects.get(
        parent_id=manifest["parent"]["user_id"], pupil_id=manifest["parent"]["pupil_id"]
    )
    assert parent_link.parent.email == manifest["parent"]["email"]
    assert manifest["senco_small"]["register_size"] == 8
    assert manifest["senco_big"]["register_size"] == 30
    assert StaffMembership.objects.filter(
        user_id=manifest["senco_big"]["user_id"],
        school_id=manifest["senco_big"]["school_id"],
        role=StaffRole.SENCO,
    ).exists()
    assert manifest["trust_lead"]["trust_id"] == trust.pk
    # Test settings allow demo passwords; everyone can sign in with it.
    assert User.objects.get(pk=manifest["parent"]["user_id"]).check_password(manifest["password"])

    report = audit_verify_chain()
    assert report.intact, report.reason
    assert report.checked > Pupil.objects.count()


def test_seed_scale_run_again_adds_only_the_missing_schools(tmp_path):
    first = seed(tmp_path, schools=1)
    pupils = Pupil.objects.count()
    again = seed(tmp_path, schools=1)
    assert Pupil.objects.count() == pupils
    assert again == first

    grown = seed(tmp_path, schools=3)
    assert grown["totals"]["schools"] == 5
    assert Pupil.objects.count() == pupils + 20
    # The same accounts at every size, so the benchmark compares the same pages.
    assert grown["parent"] == first["parent"]
    assert grown["senco"]["user_id"] == first["senco"]["user_id"]
    assert audit_verify_chain().intact


def test_seed_scale_without_demo_passwords_gives_unusable_passwords(tmp_path, settings):
    settings.DEMO_PASSWORDS_ALLOWED = False
    manifest = seed(tmp_path, schools=1)
    assert manifest["password"] is None
    assert (
        not User.objects.filter(email__endswith="scale.example.org")
        .exclude(password__startswith="!")
        .exists()
    )


def test_the_parents_and_sencos_pages_make_as_many_queries_at_one_school_as_at_many(
    tmp_path, client
):
    from portal.people.models import User
    from tests.conftest import count_queries, sign_in

    def queries(manifest) -> dict[str, int]:
        counts = {}
        for account, path in (
            ("parent", "/portal/"),
            ("parent", f"/portal/pupils/{manifest['parent']['pupil_id']}/"),
            ("senco", "/portal/"),
        ):
            client.logout()
            sign_in(client, User.objects.get(pk=manifest[account]["user_id"]))
            # Once first, so that what is cached once per process (the footer's pages) is not
            # counted against whichever size happens to be measured first.
            client.get(path)
            counts[f"{account} {path}"] = count_queries(lambda path=path: client.get(path))
        return counts

    at_one = queries(seed(tmp_path, schools=1))
    at_many = queries(seed(tmp_path, schools=4))
    assert at_many == at_one
