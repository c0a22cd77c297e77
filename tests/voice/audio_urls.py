"""A "say it" page built only for the recorder's browser tests, the way the answering page uses
it: the recorder snippet in a form, the view marked as a recording page, the real upload
service behind it, on the real middleware, in every language."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from portal.audit.actors import AuditContext, PupilActor
from portal.urls import urlpatterns as portal_urlpatterns
from voice.audio.headers import recording_page
from voice.audio.services import answer_audio_attach
from voice.models import Answer


@recording_page
def answer(request, answer_id: int):
    answer = get_object_or_404(Answer.objects.select_related("response", "question"), pk=answer_id)
    errors = []
    if request.method == "POST" and request.FILES.get("audio"):
        actor = PupilActor(pupil_id=answer.response.pupil_id, school_id=answer.response.school_id)
        try:
            answer_audio_attach(
                actor=actor,
                context=AuditContext.from_request(request),
                answer=answer,
                upload=request.FILES["audio"],
            )
        except ValidationError as error:
            errors = error.message_dict["audio"]
        else:
            return HttpResponse(f"{answer.audio_seconds}", status=201)
    return render(request, "audio_harness/answer.html", {"answer": answer, "errors": errors})


urlpatterns = [
    *i18n_patterns(
        path("audio-harness/<int:answer_id>/", answer, name="audio_harness_answer"),
        prefix_default_language=False,
    ),
    *portal_urlpatterns,
]
