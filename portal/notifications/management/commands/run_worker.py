"""The background worker: sends the email outbox and the daily digests, and anchors the audit
trail every AUDIT_ANCHOR_INTERVAL_SECONDS.

On PostgreSQL several workers share the queue (the database backend claims tasks with
SELECT ... FOR UPDATE SKIP LOCKED); on SQLite one worker runs beside the server.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.audit.tasks import anchor_scheduled, audit_anchor
from portal.notifications.services import email_requeue_stale
from portal.notifications.tasks import QUEUE, digests_daily, next_digest_time


def digest_scheduled() -> bool:
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=digests_daily.module_path
    ).exists()


class Command(BaseCommand):
    help = "Run the background worker (email outbox, daily digests, audit trail anchors)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Do what is due now, then stop (for tests)."
        )

    def handle(self, *args, batch: bool = False, **options):
        requeued = email_requeue_stale()
        if requeued:
            self.stdout.write(f"Requeued {requeued} emails left unsent by a stopped worker.")
        if not digest_scheduled():
            digests_daily.using(run_after=next_digest_time(timezone.now())).enqueue()
        if not anchor_scheduled():
            # The first anchor is written as soon as the worker starts.
            audit_anchor.using(run_after=timezone.now()).enqueue()
        worker_args = ["--backend", QUEUE, "--no-startup-delay", "--interval", "1"]
        if batch:
            worker_args.append("--batch")
        call_command("db_worker", *worker_args, verbosity=options.get("verbosity", 1))
