"""Reads of consent requests, already scoped by the access_* that fetched the pupil or school.
The selectors that show a pupil's consent record audit the read (AuditAction.SUPPORT_VIEWED);
their docstrings say so. Query counts do not grow with the number of requests or events."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record, audit_record_each
from portal.pupils.models import Pupil
from portal.schools.models import School

from .models import ConsentEvent, ConsentRequest, ConsentStatus

WAITING_LIST_LIMIT = 200


def _with_events(requests):
    return requests.prefetch_related(
        Prefetch(
            "events",
            queryset=ConsentEvent.objects.select_related("actor").order_by("created_at", "id"),
        )
    )


@dataclass(frozen=True)
class ConsentPage:
    request: ConsentRequest
    events: list[ConsentEvent]
    overdue: bool


def consent_page_audited(
    *, actor: Actor, context: AuditContext, request: ConsentRequest, today: datetime.date
) -> ConsentPage:
    """A request with its full history, for whoever access_consent let in. Audits the read."""
    events = list(
        ConsentEvent.objects.filter(request=request)
        .select_related("actor")
        .order_by("created_at", "id")
    )
    audit_record(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        obj=request.pupil,
        detail=f"consent {request.pk}",
    )
    return ConsentPage(
        request=request,
        events=events,
        overdue=request.status == ConsentStatus.REQUESTED and request.answer_needed_by < today,
    )


def consent_step_audited(
    *, actor: Actor, context: AuditContext, request: ConsentRequest, step: str
) -> None:
    """Audit the reading of a request on one of its step pages (the answer journey, withdraw,
    the SENCO's steps), which show what the school asked."""
    audit_record(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        obj=request.pupil,
        detail=f"consent {request.pk} {step}",
    )


def pupil_consents_audited(
    *, actor: Actor, context: AuditContext, pupil: Pupil
) -> list[ConsentRequest]:
    """Every consent request about the pupil, newest first, each with its history, for the
    school's SENCO. Audits the read. Two queries."""
    requests = list(
        _with_events(ConsentRequest.objects.filter(pupil=pupil).select_related("answered_by"))
    )
    audit_record(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        obj=pupil,
        detail="consent list",
    )
    return requests


def school_waiting_consents_audited(
    *, actor: Actor, context: AuditContext, school: School, today: datetime.date
) -> list[ConsentRequest]:
    """The school's requests still waiting for an answer, the most urgent first, each with
    `overdue` set. Audits one read per pupil shown. A fixed number of queries."""
    requests = list(
        ConsentRequest.objects.filter(school=school, status=ConsentStatus.REQUESTED)
        .select_related("pupil")
        .order_by("answer_needed_by", "pk")[:WAITING_LIST_LIMIT]
    )
    for request in requests:
        request.overdue = request.answer_needed_by < today
    pupils = list({request.pupil_id: request.pupil for request in requests}.values())
    audit_record_each(
        action=AuditAction.SUPPORT_VIEWED,
        actor=actor,
        context=context,
        objects=pupils,
        detail="consent waiting list",
    )
    return requests


def pupil_panel_consents(*, pupil: Pupil) -> list[ConsentRequest]:
    """The requests shown on the child's page: those waiting for an answer, then the rest of
    the last year. One query."""
    since = datetime.date.today() - datetime.timedelta(days=366)
    return list(
        ConsentRequest.objects.filter(pupil=pupil, requested_at__date__gte=since).order_by(
            "-requested_at", "-pk"
        )[:20]
    )
