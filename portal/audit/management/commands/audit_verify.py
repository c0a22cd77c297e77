from django.core.management.base import BaseCommand

from portal.audit.services import audit_verify_chain


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's keyed MAC chain, check it against the anchors written "
        "outside the table, and report the first broken or missing row."
    )

    def handle(self, *args, **options):
        report = audit_verify_chain()
        if report.intact:
            anchored = (
                f" Latest anchor: row {report.latest_anchor.row_id} at "
                f"{report.latest_anchor.anchored_at} ({report.anchors_checked} anchors checked)."
                if report.latest_anchor
                else " No anchors yet: a cut tail cannot be detected until the worker writes one."
            )
            self.stdout.write(
                self.style.SUCCESS(f"Audit trail intact: {report.checked} events.") + anchored
            )
            return
        where = (
            f"first broken row: {report.first_broken_id} ({report.reason})"
            if report.first_broken_id is not None
            else report.reason
        )
        self.stderr.write(f"Audit trail broken after {report.checked} good events; {where}.")
        raise SystemExit(1)
