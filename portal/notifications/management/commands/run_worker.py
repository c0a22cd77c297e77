"""The background worker: sends the email outbox and the daily digests, anchors the audit
trail every AUDIT_ANCHOR_INTERVAL_SECONDS, and deletes attachment files left by rollbacks hourly.

On PostgreSQL several workers share the queue (the database backend claims tasks with
SELECT ... FOR UPDATE SKIP LOCKED); on SQLite one worker runs beside the server.
"""

import logging
import threading
from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.app_modules import apps_with_module
from portal.audit.tasks import anchor_scheduled, audit_anchor
from portal.files.tasks import attachments_prune, prune_scheduled
from portal.notifications.services import email_requeue_stale
from portal.notifications.tasks import QUEUE, digests_daily, next_digest_time

logger = logging.getLogger(__name__)
# How often the worker checks that its recurring jobs are still queued.
RESCHEDULE_SECONDS = 60


def digest_scheduled() -> bool:
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=digests_daily.module_path
    ).exists()


def recurring_jobs_schedule() -> None:
    """Queue the daily digest, the audit anchor and the attachment prune if no run of each is
    waiting. Each run queues the next itself, but a run that fails while the database is down
    cannot: this picks the chain up again once it is back."""
    if not digest_scheduled():
        digests_daily.using(run_after=next_digest_time(timezone.now())).enqueue()
    if not anchor_scheduled():
        # Anchored at once: when the worker starts, or when the chain of runs was broken.
        audit_anchor.using(run_after=timezone.now()).enqueue()
    if not prune_scheduled():
        attachments_prune.using(run_after=timezone.now()).enqueue()


def journey_sweeps_run() -> None:
    """Each app above the core may keep a safety net for its own queued work in a `sweep` module
    with `sweep() -> int` (work whose task failed or whose worker died: overdue notices, messages
    held through quiet hours), run when the worker starts and every minute. The sweeps act
    through the same idempotent services as the tasks. One that fails is logged; the rest run."""
    for app in apps_with_module("sweep"):
        try:
            done = import_module(f"{app.name}.sweep").sweep()
        except DatabaseError as error:
            logger.warning("The %s sweep could not run (will try again): %s", app.label, error)
        except Exception:  # noqa: BLE001 - one journey's fault must not stop the worker
            logger.exception("The %s sweep failed (will try again)", app.label)
        else:
            if done:
                logger.info("The %s sweep did %s things whose tasks had not run", app.label, done)


def _keep_recurring_jobs_scheduled(stop: threading.Event) -> None:
    while not stop.wait(RESCHEDULE_SECONDS):
        try:
            close_old_connections()
            recurring_jobs_schedule()
            journey_sweeps_run()
        except DatabaseError as error:
            logger.warning("Could not check the recurring jobs (will try again): %s", error)
        finally:
            connection.close()


class Command(BaseCommand):
    help = (
        "Run the background worker (email outbox, daily digests, audit trail anchors, "
        "attachment files left by rollbacks)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Do what is due now, then stop (for tests)."
        )

    def handle(self, *args, batch: bool = False, **options):
        requeued = email_requeue_stale()
        if requeued:
            self.stdout.write(f"Requeued {requeued} emails left unsent by a stopped worker.")
        recurring_jobs_schedule()
        journey_sweeps_run()
        worker_args = ["--backend", QUEUE, "--no-startup-delay", "--interval", "1"]
        if batch:
            worker_args.append("--batch")
            call_command("db_worker", *worker_args, verbosity=options.get("verbosity", 1))
            return
        stop = threading.Event()
        keeper = threading.Thread(
            target=_keep_recurring_jobs_scheduled, args=(stop,), name="recurring-jobs", daemon=True
        )
        keeper.start()
        try:
            call_command("db_worker", *worker_args, verbosity=options.get("verbosity", 1))
        finally:
            stop.set()
