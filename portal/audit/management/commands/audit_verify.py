from django.core.management.base import BaseCommand

from portal.audit.services import audit_verify_chain


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain and report the first broken row."

    def handle(self, *args, **options):
        report = audit_verify_chain()
        if report.intact:
            self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {report.checked} events."))
            return
        self.stderr.write(
            f"Audit trail broken after {report.checked} good events; "
            f"first broken row: {report.first_broken_id} ({report.reason})."
        )
        raise SystemExit(1)
