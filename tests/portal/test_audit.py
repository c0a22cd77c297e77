"""The audit trail: append-only, hash-chained, verified by `manage.py audit_verify`."""

import hashlib
import json
import logging
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.audit.actors import SYSTEM_CONTEXT, AuditContext, PupilActor, SystemActor
from portal.audit.models import ActorKind, AuditAction, AuditEvent
from portal.audit.services import (
    GENESIS_HASH,
    audit_anchor_write,
    audit_record,
    audit_verify_chain,
)
from tests.conftest import run_worker, sign_in


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


# --- A keyed chain, anchored outside the table ------------------------------------------------


def _sha256_of(row: dict) -> str:
    """What anyone can compute without the audit key: a plain SHA-256 over a row's content."""
    payload = {
        "created_at": row["created_at"].isoformat(),
        **{
            name: row[name]
            for name in (
                "actor_kind",
                "actor_id",
                "actor_ref",
                "actor_email",
                "action",
                "object_type",
                "object_id",
                "school_id",
                "ip_address",
                "request_id",
                "detail",
                "prev_hash",
            )
        },
    }
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def _rewrite_and_rechain(changed_id: int, mac_of) -> None:
    """An attacker with database rights changes one row and recomputes every MAC after it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor_email = %s WHERE id = %s",
            ["someone.else@example.org", changed_id],
        )
    previous = None
    for row in AuditEvent.objects.order_by("id").values():
        if previous is not None:
            row["prev_hash"] = previous
        mac = row["hash"] if row["id"] < changed_id else mac_of(row)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [row["prev_hash"], mac, row["id"]],
            )
        previous = mac


def _verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except SystemExit as exit_info:
        return exit_info.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_row_rewritten_with_its_chain_recomputed_without_the_key_is_detected(
    world, append_only_triggers_off
):
    _three_events(world)
    second = AuditEvent.objects.order_by("id")[1]
    _rewrite_and_rechain(second.id, _sha256_of)
    code, _, err = _verify()
    assert code == 1
    assert f"first broken row: {second.id}" in err
    assert "plain SHA-256" in err


@pytest.mark.django_db(transaction=True)
def test_rows_cut_from_the_end_of_the_trail_after_an_anchor_are_detected(
    world, append_only_triggers_off
):
    _three_events(world)
    anchor = audit_anchor_write()
    third = AuditEvent.objects.order_by("id").last()
    assert anchor.row_id == third.id
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [third.id])
    # The rest of the chain is still a line: only the anchor shows the cut.
    code, _, err = _verify()
    assert code == 1
    assert f"anchored row {third.id}" in err
    assert "missing" in err


@pytest.mark.django_db(transaction=True)
def test_a_cut_tail_hidden_by_new_rows_is_still_detected(world, append_only_triggers_off):
    _three_events(world)
    audit_anchor_write()
    first, second, third = AuditEvent.objects.order_by("id")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [second.id, third.id])
    # Fresh rows chain onto the cut trail (and SQLite may even reuse the deleted ids).
    _three_events(world)
    report = audit_verify_chain()
    assert not report.intact
    assert report.first_broken_id == third.id


@pytest.mark.django_db(transaction=True)
def test_a_chain_rewritten_with_the_key_does_not_match_its_anchor(
    world, append_only_triggers_off, settings
):
    _three_events(world)
    audit_anchor_write()
    first, _, third = AuditEvent.objects.order_by("id")
    key = settings.AUDIT_KEY.encode()
    _rewrite_and_rechain(first.id, lambda row: AuditEvent(**row).compute_hash(key))
    report = audit_verify_chain()
    assert report.first_broken_id == third.id
    assert "anchored" in report.reason


def test_rows_written_after_the_latest_anchor_verify(world):
    _three_events(world)
    audit_anchor_write()
    _three_events(world)
    code, out, _ = _verify()
    assert code == 0
    assert "6 events" in out
    assert f"Latest anchor: row {AuditEvent.objects.order_by('id')[2].id}" in out


def test_a_trail_verified_with_another_key_is_broken_from_its_first_row(world, settings):
    _three_events(world)
    settings.AUDIT_KEY = "a-different-key-" + "z" * 32
    report = audit_verify_chain()
    assert report.first_broken_id == AuditEvent.objects.order_by("id").first().id


def test_an_anchor_forged_without_the_key_is_refused(world, settings):
    _three_events(world)
    audit_anchor_write()
    forged = {"row_id": 1, "mac": "0" * 64, "row_created_at": "", "anchored_at": "", "sig": "f"}
    with open(settings.AUDIT_ANCHOR_PATH, "a") as anchors:
        anchors.write(json.dumps(forged) + "\n")
    code, _, err = _verify()
    assert code == 1
    assert "line 2" in err
    assert "not signed with the audit key" in err


def test_each_anchor_is_one_json_line_in_the_log_and_in_the_file(world, settings, caplog):
    _three_events(world)
    with caplog.at_level(logging.INFO, logger="portal.audit.anchor"):
        anchor = audit_anchor_write()
    [record] = [r for r in caplog.records if r.name == "portal.audit.anchor"]
    logged = json.loads(record.getMessage())
    [line] = Path(settings.AUDIT_ANCHOR_PATH).read_text().splitlines()
    assert json.loads(line) == logged
    newest = AuditEvent.objects.order_by("id").last()
    assert (
        (logged["row_id"], logged["mac"])
        == (anchor.row_id, newest.hash)
        == (
            newest.id,
            newest.hash,
        )
    )
    assert logged["sig"]


def test_the_worker_anchors_the_trail_when_it_starts_and_keeps_one_run_queued(world, settings):
    _three_events(world)
    run_worker()
    run_worker()
    anchors = Path(settings.AUDIT_ANCHOR_PATH).read_text().splitlines()
    assert len(anchors) == 1
    assert json.loads(anchors[0])["row_id"] == AuditEvent.objects.order_by("id").last().id
    queued = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith="audit_anchor"
    )
    assert queued.count() == 1
    assert queued.get().run_after > timezone.now()
    # When it falls due, it anchors again and queues one next run, never two.
    queued.update(run_after=timezone.now())
    run_worker()
    assert len(Path(settings.AUDIT_ANCHOR_PATH).read_text().splitlines()) == 2
    assert queued.count() == 1
    assert audit_verify_chain().intact


def test_anchoring_resumes_when_a_run_could_not_queue_the_next(world, settings):
    # A run that fails while the database is down cannot queue its successor; the worker
    # notices the gap and picks the chain of runs up again, anchoring at once.
    from portal.notifications.management.commands.run_worker import recurring_jobs_schedule

    _three_events(world)
    run_worker()
    DBTaskResult.objects.filter(task_path__endswith="audit_anchor").delete()

    recurring_jobs_schedule()
    run_worker()

    assert len(Path(settings.AUDIT_ANCHOR_PATH).read_text().splitlines()) == 2
    assert (
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path__endswith="audit_anchor"
        ).count()
        == 1
    )


# --- A database role that cannot alter the trail ----------------------------------------------

APP_ROLE = "portal_app_audit_test"


@pytest.fixture
def as_app_role(world):
    """The grants applied for a role that does not own the tables, and the connection acting as
    that role for the test."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {APP_ROLE} NOLOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        cursor.execute("SELECT current_user")
        [owner] = cursor.fetchone()
    call_command(
        "db_roles", "--app-role", APP_ROLE, "--owner-role", owner, "--apply", stdout=StringIO()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {APP_ROLE}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def _refused(sql: str) -> str:
    with (
        pytest.raises(DatabaseError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    return str(refusal.value)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")
def test_the_application_role_can_append_and_read_the_trail_but_never_change_it(world, as_app_role):
    _three_events(world)
    assert AuditEvent.objects.count() == 3
    assert audit_verify_chain().intact
    assert "permission denied" in _refused("UPDATE audit_auditevent SET detail = 'x'")
    assert "permission denied" in _refused("DELETE FROM audit_auditevent")
    assert "permission denied" in _refused("TRUNCATE audit_auditevent")
    assert "must be owner" in _refused("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    assert "must be owner" in _refused("DROP TABLE audit_auditevent")
    # Everything else the portal does still works.
    world.pupil_a1.preferred_name = "Ash"
    world.pupil_a1.save()
    assert AuditEvent.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")
def test_the_grants_are_printed_for_an_operator_to_read(world):
    out = StringIO()
    call_command("db_roles", "--app-role", "portal_app", "--owner-role", "portal_owner", stdout=out)
    sql = out.getvalue()
    assert 'GRANT SELECT, INSERT ON "audit_auditevent" TO "portal_app";' in sql
    assert 'REVOKE ALL ON "audit_auditevent" FROM "portal_app";' in sql


# --- Pages that list pupils audit each pupil they show ----------------------------------------


def _listed(actor) -> set[tuple[str, int, str]]:
    return {
        (event.object_id, event.school_id, event.detail)
        for event in AuditEvent.objects.filter(action=AuditAction.PUPIL_LISTED, actor=actor)
    }


def test_a_parents_dashboard_audits_each_child_it_shows(world, client):
    response = sign_in(client, world.parent_1).get("/portal/")
    assert "Aisha" in response.content.decode()
    assert _listed(world.parent_1) == {
        (str(world.pupil_a1.pk), world.school_a.pk, "dashboard"),
        (str(world.pupil_b1.pk), world.school_b.pk, "dashboard"),
    }
    event = AuditEvent.objects.filter(action=AuditAction.PUPIL_LISTED).first()
    assert (event.actor_email, event.ip_address) == ("parent1@example.org", "127.0.0.1")
    assert event.request_id == response["X-Request-ID"]
    assert audit_verify_chain().intact


def test_a_teachers_dashboard_audits_each_pupil_it_shows(world, client):
    sign_in(client, world.teacher_a).get("/portal/")
    assert _listed(world.teacher_a) == {(str(world.pupil_a1.pk), world.school_a.pk, "dashboard")}
    assert audit_verify_chain().intact


def test_a_dashboard_that_shows_no_pupil_writes_no_listing(world, client):
    sign_in(client, world.stranger).get("/portal/")
    assert not AuditEvent.objects.filter(action=AuditAction.PUPIL_LISTED).exists()


def test_the_register_import_check_audits_the_pupils_already_on_the_register(world, client):
    from tests.portal.test_register_import import make_csv, preview_url, upload

    pupil = world.pupil_a1
    row = [
        pupil.legal_first_name,
        pupil.legal_last_name,
        "",
        pupil.date_of_birth.strftime("%d/%m/%Y"),
        pupil.get_year_group_display(),
        "A123456789012",  # the pupil has no UPN yet: matched by name and date of birth
        "EHC plan",
        "Cognition and learning",
        "English",
    ]
    senco = sign_in(client, world.senco_a)
    assert upload(senco, world, make_csv([row])).status_code == 302
    assert senco.get(preview_url(world)).status_code == 200
    assert _listed(world.senco_a) == {(str(pupil.pk), world.school_a.pk, "register import check")}
