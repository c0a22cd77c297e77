"""Staff listening to a pupil's recorded answer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.files.responses import private_file_response
from voice.audio.access import access_answer_audio


@login_required
@never_cache
@require_GET
def answer_audio(request: HttpRequest, answer_id: int) -> HttpResponse:
    """The recording, played in the page (never offered as a download to keep). Every play is
    an audited read of the pupil's views."""
    context = AuditContext.from_request(request)
    answer = access_answer_audio(actor=request.user, answer_id=answer_id, context=context)
    response = private_file_response(
        file=answer.audio, content_type=answer.audio_type or "audio/webm", disposition="inline"
    )
    audit_record(
        action=AuditAction.VOICE_AUDIO_PLAYED,
        actor=request.user,
        context=context,
        obj=answer,
        school_id=answer.response.school_id,
        detail=f"pupil {answer.response.pupil_id}",
    )
    return response
