"""Reads for asking: a pupil's requests (with their responses) and the counts on the pupil's
page."""

from __future__ import annotations

from django.db.models import Count, Q

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.pupils.models import Pupil

from ..models import RequestStatus, ViewsRequest


def pupil_views_requests_read(
    *, actor: Actor, context: AuditContext, pupil: Pupil
) -> list[ViewsRequest]:
    """Every request for the pupil's views, newest first, with its set, meeting and response
    (if any), in two queries whatever their number. Audits the read (VOICE_VIEWED): the list
    names the pupil's responses."""
    requests = list(
        ViewsRequest.objects.filter(pupil=pupil)
        .select_related("question_set", "meeting", "response")
        .order_by("-created_at", "-id")
    )
    audit_record(
        action=AuditAction.VOICE_VIEWED,
        actor=actor,
        context=context,
        obj=pupil,
        detail="views requests",
    )
    return requests


def pupil_views_counts(*, pupil: Pupil) -> dict[str, int]:
    """How many of the pupil's requests wait for the pupil (or are under way), and how many
    are finished: one query."""
    return ViewsRequest.objects.filter(pupil=pupil).aggregate(
        waiting=Count("pk", filter=Q(status__in=[RequestStatus.WAITING, RequestStatus.STARTED])),
        finished=Count("pk", filter=Q(status=RequestStatus.FINISHED)),
    )
