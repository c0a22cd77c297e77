"""The audit trail: append-only, hash-chained, verified by `manage.py audit_verify`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from portal.audit.actors import SYSTEM_CONTEXT, AuditContext, PupilActor, SystemActor
from portal.audit.models import ActorKind, AuditAction, AuditEvent
from portal.audit.services import GENESIS_HASH, audit_record, audit_verify_chain
from tests.conftest import sign_in


def _three_events(world):
    for action in (AuditAction.SIGN_IN, AuditAction.PUPIL_VIEWED, AuditAction.SIGN_OUT):
        audit_record(action=action, actor=world.senco_a, context=AuditContext(), obj=world.pupil_a1)


def test_each_event_is_chained_to_the_one_before(world):
    _three_events(world)
    first, second, third = AuditEvent.objects.order_by("id")[:3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert audit_verify_chain().intact


def test_audit_verify_reports_an_intact_trail(world):
    _three_events(world)
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()
    assert "3 events" in out.getvalue()


@pytest.fixture
def append_only_triggers_off():
    """What an attacker with database rights could do; the hash chain still catches them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


@pytest.mark.django_db(transaction=True)
def test_tampering_with_one_row_is_detected_at_that_row(world, append_only_triggers_off):
    _three_events(world)
    second = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor_email = %s WHERE id = %s",
            ["someone.else@example.org", second.id],
        )
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", stdout=out, stderr=err)
    assert exit_info.value.code == 1
    assert f"first broken row: {second.id}" in err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_deleting_a_row_from_the_middle_is_detected(world, append_only_triggers_off):
    _three_events(world)
    second, third = AuditEvent.objects.order_by("id")[1:3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [second.id])
    report = audit_verify_chain()
    assert report.first_broken_id == third.id


def test_no_code_path_can_change_or_delete_audit_rows(world):
    _three_events(world)
    event = AuditEvent.objects.first()
    event.detail = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database triggers guard the trail on PostgreSQL"
)
def test_the_database_refuses_updates_that_bypass_the_application(world):
    _three_events(world)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET detail = 'x'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 3


def test_every_view_of_a_pupil_record_is_audited(world, client):
    client = sign_in(client, world.teacher_a)
    client.get(f"/portal/pupils/{world.pupil_a1.pk}/")
    client.get(f"/portal/pupils/{world.pupil_a1.pk}/")
    views = AuditEvent.objects.filter(action="pupil.viewed", object_id=str(world.pupil_a1.pk))
    assert views.count() == 2
    assert {event.actor_id for event in views} == {world.teacher_a.pk}
    assert views.first().school_id == world.school_a.pk
    assert views.first().ip_address == "127.0.0.1"


def test_an_ipv6_client_address_keeps_the_chain_intact(world, rf):
    request = rf.get("/", REMOTE_ADDR="2001:0db8:0000::0001")
    request.user = world.senco_a
    event = audit_record(
        action=AuditAction.PUPIL_VIEWED,
        actor=world.senco_a,
        context=AuditContext.from_request(request),
        obj=world.pupil_a1,
    )
    event.refresh_from_db()
    assert event.ip_address == "2001:db8::1"
    assert audit_verify_chain().intact


def test_actors_without_an_account_are_recorded_and_chained(world):
    # A background job and a pupil reached by a one-time code have no User.
    job = audit_record(
        action=AuditAction.PUPIL_VIEWED, actor=SystemActor("deadline job"), context=SYSTEM_CONTEXT
    )
    pupil = audit_record(
        action=AuditAction.PUPIL_VIEWED,
        actor=PupilActor(pupil_id=world.pupil_a1.pk, school_id=world.school_a.pk),
        context=AuditContext(ip_address="10.0.0.7", request_id="req-12345678"),
    )
    job.refresh_from_db()
    pupil.refresh_from_db()
    assert (job.actor_kind, job.actor_ref, job.actor_id) == (ActorKind.SYSTEM, "deadline job", None)
    assert (pupil.actor_kind, pupil.actor_ref) == (ActorKind.PUPIL, f"{world.pupil_a1.pk}:code")
    assert pupil.school_id == world.school_a.pk
    assert pupil.request_id == "req-12345678"
    assert audit_verify_chain().intact


def test_each_audited_request_carries_its_request_id(world, client):
    client = sign_in(client, world.teacher_a)
    response = client.get(f"/portal/pupils/{world.pupil_a1.pk}/", HTTP_X_REQUEST_ID="trace-abc-123")
    assert response["X-Request-ID"] == "trace-abc-123"
    view = AuditEvent.objects.filter(action=AuditAction.PUPIL_VIEWED).last()
    assert view.request_id == "trace-abc-123"
    # A malformed id from outside is replaced, never stored as given.
    response = client.get(f"/portal/pupils/{world.pupil_a1.pk}/", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>"
    assert AuditEvent.objects.filter(request_id="<script>").count() == 0
