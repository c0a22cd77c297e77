"""Attachments: storing files already made safe, and deleting files left behind by rollbacks."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record_each
from portal.files.models import Attachment, private_storage
from portal.lib.uploads import CleanFile
from portal.schools.models import School

logger = logging.getLogger(__name__)

ATTACHMENTS_FOLDER = "attachments"
# Rows looked up at once when matching stored files against the table.
_PRUNE_BATCH = 500


def too_many_files_message(limit: int) -> str:
    return ngettext("Select up to %(count)d file", "Select up to %(count)d files", limit) % {
        "count": limit
    }


def attachments_store(
    *,
    actor: Actor,
    school: School,
    files: Sequence[CleanFile],
    context: AuditContext,
) -> list[Attachment]:
    """Keep `files` (from `clean_upload` or `AttachmentsField`) for `school`, each under a random
    name in the private storage, and record who stored them.

    Caller: a service that attaches files to something it writes (a concern, a message), inside
    its own transaction, having checked that `actor` may write to `school`. At most
    ATTACHMENTS_PER_SUBMISSION files (ValidationError otherwise). The files are written to the
    storage at once; if the caller's transaction then rolls back, the rows vanish and the files
    stay until `attachments_prune` (on the worker, hourly) deletes files with no row that are
    more than ATTACHMENT_ORPHAN_SECONDS old. A constant number of queries whatever the count.
    """
    if not files:
        return []
    limit = settings.ATTACHMENTS_PER_SUBMISSION
    if len(files) > limit:
        raise ValidationError(too_many_files_message(limit))
    uploaded_by = actor if getattr(actor, "is_authenticated", False) else None
    attachments = []
    with transaction.atomic():
        for clean in files:
            attachment = Attachment(
                school=school,
                uploaded_by=uploaded_by,
                name=clean.name,
                content_type=clean.content_type,
                size=clean.size,
                sha256=clean.sha256,
            )
            attachment.file.save(clean.name, ContentFile(clean.data), save=False)
            attachments.append(attachment)
        Attachment.objects.bulk_create(attachments)
        audit_record_each(
            action=AuditAction.ATTACHMENT_STORED,
            actor=actor,
            context=context,
            objects=attachments,
        )
    return attachments


def attachment_exists(*, attachment: Attachment) -> bool:
    """Whether the attachment's file is in the storage (a restore from backup may lack it)."""
    return bool(attachment.file.name) and attachment.file.storage.exists(attachment.file.name)


def attachment_orphans_delete(*, now: datetime.datetime | None = None) -> int:
    """Delete stored files that no attachment row names and that are older than
    ATTACHMENT_ORPHAN_SECONDS: files written for a transaction that rolled back, or whose row
    was deleted (with its school). Returns how many were deleted.

    Caller: the worker's `attachments_prune`. Safe to run twice at once: deleting a file that is
    already gone does nothing. A file younger than the limit may belong to a transaction still
    open, so it is left for a later run."""
    storage = private_storage()
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.ATTACHMENT_ORPHAN_SECONDS)
    try:
        school_folders, _ = storage.listdir(ATTACHMENTS_FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for folder in school_folders:
        _, names = storage.listdir(f"{ATTACHMENTS_FOLDER}/{folder}")
        paths = [f"{ATTACHMENTS_FOLDER}/{folder}/{name}" for name in names]
        for start in range(0, len(paths), _PRUNE_BATCH):
            batch = paths[start : start + _PRUNE_BATCH]
            named = set(Attachment.objects.filter(file__in=batch).values_list("file", flat=True))
            for path in batch:
                if path in named:
                    continue
                try:
                    if storage.get_modified_time(path) > cutoff:
                        continue
                    storage.delete(path)
                except FileNotFoundError:
                    continue
                deleted += 1
    if deleted:
        logger.info("Deleted %d attachment files that no row names.", deleted)
    return deleted
