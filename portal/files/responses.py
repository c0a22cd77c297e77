"""Handing an attachment to the person who asked for it, as a download that nothing executes."""

from __future__ import annotations

import logging
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse

from portal.files.models import Attachment
from portal.files.services import attachment_exists

logger = logging.getLogger(__name__)


def content_disposition(name: str) -> str:
    """`attachment` with the name encoded as RFC 5987 asks (any script, any character), and a
    plain-ASCII fallback for the oldest clients."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    # Letters, digits and a few marks only: some clients parse this header naively.
    ascii_name = "".join(char if char.isalnum() or char in " .-_()" else "_" for char in ascii_name)
    fallback = ascii_name or "attachment"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment_download_response(*, attachment: Attachment) -> HttpResponse:
    """The file as a download, streamed from the private storage.

    Caller: a view that has already checked that the person may read what the attachment
    belongs to, and audited the read (AuditAction.ATTACHMENT_DOWNLOADED). The browser is told to
    save it, never to guess its type or run it, and not to keep a copy in its cache; opened in a
    tab, it is sandboxed with nothing allowed. A file missing from the storage answers 404 (and
    is logged), not an error page."""
    try:
        exists = attachment_exists(attachment=attachment)
    except OSError as error:
        exists = False
        logger.error("The storage could not be asked for attachment %s: %r", attachment.pk, error)
    if not exists:
        logger.error(
            "Attachment %s has no file in the storage (%s)", attachment.pk, attachment.file.name
        )
        raise Http404
    return private_file_response(
        file=attachment.file,
        content_type=attachment.content_type,
        disposition=content_disposition(attachment.name),
    )


def private_file_response(*, file, content_type: str, disposition: str) -> HttpResponse:
    """A file of the private storage (a FieldFile), streamed with `content_type` and the given
    Content-Disposition ("inline" to play or show it in the page, or `content_disposition(...)`
    to save it): never sniffed, never cached, sandboxed if opened on its own.

    Caller: a view that has checked who asks and audited the read. A file missing from the
    storage answers 404 (and is logged), not an error page."""
    name = file.name
    try:
        if not name:
            raise FileNotFoundError(name)
        handle = file.storage.open(name, "rb")
    except OSError as error:
        logger.error("A private file is missing from the storage (%s): %r", name, error)
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
