"""Who may see or act on a consent request.

The pupil's linked parents and the school's SENCO see a request and its history. The parents
answer and withdraw; the SENCO asks, cancels, records the pupil's view and marks the referral
sent. Anyone else gets 404, as for a request that does not exist; a person who may see the
request but not take a step gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_access_refused, audit_record
from portal.pupils.access import is_parent_of
from portal.schools.access import can_manage_school

from .models import ConsentRequest


def can_manage_consent(actor: Actor | None, request: ConsentRequest) -> bool:
    return can_manage_school(actor, request.school_id)


def is_answering_parent(actor: Actor | None, request: ConsentRequest) -> bool:
    return is_parent_of(actor, request.pupil)


def access_consent(*, actor: Actor, request_id: int, context: AuditContext) -> ConsentRequest:
    """The request, for the pupil's linked parents and the school's SENCO. The caller audits
    the read (selectors.consent_page does)."""
    request = (
        ConsentRequest.objects.select_related(
            "pupil", "school__local_authority", "answered_by", "requested_by"
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None or not (
        can_manage_consent(actor, request) or is_answering_parent(actor, request)
    ):
        raise audit_access_refused(
            actor=actor, context=context, object_type="consent", object_id=request_id
        )
    return request


def _refuse(actor: Actor, context: AuditContext, request: ConsentRequest, detail: str):
    audit_record(
        action=AuditAction.ACCESS_REFUSED,
        actor=actor,
        context=context,
        obj=request.pupil,
        detail=detail,
    )
    return PermissionDenied()


def access_consent_to_manage(
    *, actor: Actor, request_id: int, context: AuditContext
) -> ConsentRequest:
    """The request, for the school's SENCO; a parent who may see it gets 403."""
    request = access_consent(actor=actor, request_id=request_id, context=context)
    if not can_manage_consent(actor, request):
        raise _refuse(actor, context, request, "manage consent")
    return request


def access_consent_to_answer(
    *, actor: Actor, request_id: int, context: AuditContext
) -> ConsentRequest:
    """The request, for a linked parent (to answer or withdraw); the SENCO gets 403."""
    request = access_consent(actor=actor, request_id=request_id, context=context)
    if not is_answering_parent(actor, request):
        raise _refuse(actor, context, request, "answer consent")
    return request
