"""The SQL that gives the running application a PostgreSQL role which cannot alter the audit
trail: it does not own the tables (so it cannot disable the append-only triggers) and may only
read and insert audit rows."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from portal.audit.models import AuditEvent


def _role_problems(app_role: str, owner_role: str) -> list[str]:
    """What would let the application role get round its grants."""
    problems = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [app_role])
        row = cursor.fetchone()
        if row is None:
            return [f"role {app_role} does not exist: CREATE ROLE {app_role} LOGIN PASSWORD '...'"]
        if row[0]:
            problems.append(f"role {app_role} is a superuser")
        cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, owner_role])
        if cursor.fetchone()[0]:
            problems.append(f"role {app_role} is a member of {owner_role} and can act as it")
    return problems


def _tables_owned_by(role: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tableowner = %s ORDER BY tablename",
            [role],
        )
        return [name for (name,) in cursor.fetchall()]


def grants_sql(*, app_role: str, owner_role: str) -> list[str]:
    """Statements to run as the owner role (or a superuser) after `migrate`, and again after
    any later migration that adds tables made by another role."""
    quote = connection.ops.quote_name
    app, owner = quote(app_role), quote(owner_role)
    audit = quote(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
    statements = [
        f"ALTER TABLE {quote(table)} OWNER TO {owner}" for table in _tables_owned_by(app_role)
    ]
    statements += [
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        # The audit trail: read and append, nothing else.
        f"REVOKE ALL ON {audit} FROM {app}",
        f"GRANT SELECT, INSERT ON {audit} TO {app}",
        # Tables that later migrations (run as the owner) create get the same grants.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    return statements


class Command(BaseCommand):
    help = (
        "Print (or, with --apply, run) the PostgreSQL grants for running the portal as a role "
        "that does not own its tables: full use of every table except the audit trail, which it "
        "may only read and append to. Run migrations as the owner role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", required=True, help="The role the application uses.")
        parser.add_argument(
            "--owner-role", required=True, help="The role that owns the tables and migrates."
        )
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Run the statements on the database (connected as the owner or a superuser).",
        )

    def handle(self, *args, app_role: str, owner_role: str, apply: bool = False, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles apply to PostgreSQL only.")
        if app_role == owner_role:
            raise CommandError("The application role must not be the owner role.")
        problems = _role_problems(app_role, owner_role)
        statements = grants_sql(app_role=app_role, owner_role=owner_role)
        if not apply:
            for problem in problems:
                self.stderr.write(f"-- Fix first: {problem}.")
            self.stdout.write("\n".join(f"{statement};" for statement in statements))
            return
        if problems:
            raise CommandError("; ".join(problems) + ".")
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            self.style.SUCCESS(
                f"Granted {app_role} the use of every table, and only SELECT and INSERT on the "
                "audit trail."
            )
        )
