"""Audit rows cannot be updated or deleted, even by SQL that bypasses the application."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION portal_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'portal_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER portal_audit_no_update BEFORE UPDATE ON portal_auditevent
    FOR EACH ROW EXECUTE FUNCTION portal_audit_append_only();
CREATE TRIGGER portal_audit_no_delete BEFORE DELETE ON portal_auditevent
    FOR EACH ROW EXECUTE FUNCTION portal_audit_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS portal_audit_no_update ON portal_auditevent;
DROP TRIGGER IF EXISTS portal_audit_no_delete ON portal_auditevent;
DROP FUNCTION IF EXISTS portal_audit_append_only();
"""
SQLITE_UP = [
    "CREATE TRIGGER portal_audit_no_update BEFORE UPDATE ON portal_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'portal_auditevent is append-only'); END;",
    "CREATE TRIGGER portal_audit_no_delete BEFORE DELETE ON portal_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'portal_auditevent is append-only'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS portal_audit_no_update;",
    "DROP TRIGGER IF EXISTS portal_audit_no_delete;",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
