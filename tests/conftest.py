"""Fixtures: two trust schools and one outside school, every role, two parents, and clients
signed in with or without a verified second factor."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.people.models import StaffRole
from tests.factories import (
    InvitationFactory,
    LocalAuthorityFactory,
    PupilFactory,
    SchoolFactory,
    StaffMembershipFactory,
    TrustFactory,
    TrustRoleFactory,
    UserFactory,
    assign_teacher,
    link_parent,
)


def count_queries(request_page) -> int:
    """How many queries `request_page()` makes. Django keeps the last 9,000 queries only, so
    the log is emptied first: a long fixture would otherwise make every count read as 0."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        response = request_page()
    assert response.status_code == 200, response.status_code
    assert len(queries) > 0
    return len(queries)


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """A request to a Welsh or Urdu page (or a sign-in with a preferred language) leaves that
    language active in the thread afterwards, as Django does not put it back: without this, a
    later test in the same process would read Welsh messages where it expects English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Rate limits and cached pages must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _own_audit_anchors(settings, tmp_path):
    """Each test anchors the audit trail in a file of its own: the database is emptied between
    tests, and anchors left by an earlier test would name rows that are gone."""
    settings.AUDIT_ANCHOR_PATH = tmp_path / "audit-anchors.jsonl"


@pytest.fixture(autouse=True)
def private_storage_dir(settings, tmp_path):
    """Attachments stored by a test go to a folder of its own, deleted with the test's files."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "portal.files.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


def sign_in(client: Client, user, *, verified: bool = True) -> Client:
    """Sign a client in. Staff (who must use a second factor) are, with `verified`, signed in as
    if they had passed it; parents are signed in as they are, with no second factor set up."""
    from portal.auth.rules import needs_second_factor

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if verified and needs_second_factor(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Authenticator app", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def give_backup_codes(user, *codes: str) -> list[str]:
    """Backup codes for `user`, stored as the portal stores them (hashed): the given ones, or
    three new ones. Returns the plain codes to type."""
    from portal.auth.models import HashedBackupCode, HashedBackupDevice, backup_code_hash
    from portal.auth.services import BACKUP_DEVICE_NAME

    device, _ = HashedBackupDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    if not codes:
        return device.replace_codes(3)
    HashedBackupCode.objects.bulk_create(
        [HashedBackupCode(device=device, code_hash=backup_code_hash(code)) for code in codes]
    )
    return list(codes)


def ensure_home_page():
    """The portal's home page. A migration makes it, but tests on a live server (or any
    transactional test) end by flushing every table, so a later test may find it gone."""
    from wagtail.models import Locale, Page, Site

    from content.models import HomePage

    locale, _ = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.filter(depth=2, locale=locale).first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        home = root.add_child(
            instance=HomePage(
                title="SEN Support portal",
                slug="home",
                locale=locale,
                intro="The place where your school, you and your child share what support "
                "your child gets.",
            )
        )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@dataclass
class World:
    authority: object
    trust: object
    school_a: object
    school_b: object
    school_c: object
    senco_a: object
    teacher_a: object
    dsl_a: object
    head_a: object
    admin_a: object
    senco_b: object
    senco_c: object
    trust_lead: object
    parent_1: object
    parent_2: object
    superuser: object
    stranger: object
    pupil_a1: object
    pupil_a2: object
    pupil_b1: object
    pupil_c1: object
    link_a1: object
    invitation_a1: object


@pytest.fixture
def world(db) -> World:
    authority = LocalAuthorityFactory(
        name="Northshire County Council", iass_name="Northshire SENDIASS"
    )
    trust = TrustFactory(name="Riverside Learning Trust")
    school_a = SchoolFactory(name="Riverside Primary", local_authority=authority, trust=trust)
    school_b = SchoolFactory(name="Riverside Academy", local_authority=authority, trust=trust)
    school_c = SchoolFactory(name="Hilltop Primary", local_authority=authority)

    def staff(school, role, email):
        return StaffMembershipFactory(school=school, role=role, user__email=email).user

    senco_a = staff(school_a, StaffRole.SENCO, "senco.a@example.org")
    teacher_a = staff(school_a, StaffRole.TEACHER, "teacher.a@example.org")
    dsl_a = staff(school_a, StaffRole.DSL, "dsl.a@example.org")
    head_a = staff(school_a, StaffRole.HEADTEACHER, "head.a@example.org")
    admin_a = staff(school_a, StaffRole.SCHOOL_ADMIN, "admin.a@example.org")
    senco_b = staff(school_b, StaffRole.SENCO, "senco.b@example.org")
    senco_c = staff(school_c, StaffRole.SENCO, "senco.c@example.org")
    trust_lead = TrustRoleFactory(trust=trust, user__email="lead@example.org").user
    parent_1 = UserFactory(email="parent1@example.org")
    parent_2 = UserFactory(email="parent2@example.org")
    superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    stranger = UserFactory(email="stranger@example.org")

    pupil_a1 = PupilFactory(school=school_a, legal_first_name="Aisha", legal_last_name="Khan")
    pupil_a2 = PupilFactory(school=school_a, legal_first_name="Leo", legal_last_name="Williams")
    pupil_b1 = PupilFactory(school=school_b, legal_first_name="Sam", legal_last_name="Khan")
    pupil_c1 = PupilFactory(school=school_c, legal_first_name="Noah", legal_last_name="Green")
    link_a1 = link_parent(parent_1, pupil_a1)
    link_parent(parent_1, pupil_b1)
    link_parent(parent_2, pupil_c1)
    assign_teacher(teacher_a, pupil_a1)
    invitation_a1 = InvitationFactory.create(
        pupil=pupil_a1, email="newparent@example.org", invited_by=senco_a
    )
    return World(
        **{name: value for name, value in locals().items() if name in World.__annotations__}
    )


@pytest.fixture
def client_as(client, world):
    """`client_as(user)` signs the test client in with a verified second factor."""

    def make(user, *, verified: bool = True) -> Client:
        return sign_in(client, user, verified=verified)

    return make


def run_worker() -> None:
    """Run the real background worker until nothing is due, as a deployment's worker would.

    The worker drops stale database connections between tasks; inside a test's transaction the
    connection is not in autocommit, which would count as stale and end the test's transaction,
    so that one call is held still here (as Django's test client does for requests)."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("run_worker", "--batch", verbosity=0)
