"""A form page and a download built only for the attachments and rate-limit tests, the way a
journey builds its own: the real components, on the real middleware, behind the real urls."""

from __future__ import annotations

from django import forms
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from portal.audit.actors import AuditContext
from portal.files.forms import AttachmentsField
from portal.files.models import Attachment
from portal.files.responses import attachment_download_response
from portal.files.services import attachments_store
from portal.ratelimit import limit_wait, render_rate_limited
from portal.schools.models import School
from portal.urls import urlpatterns as portal_urlpatterns

TEMPLATE = "files_harness/note.html"


class NoteForm(forms.Form):
    note = forms.CharField(label="What happened", max_length=200)
    attachments = AttachmentsField()


@login_required
def note(request, school_id: int):
    school = get_object_or_404(School, pk=school_id)
    form = NoteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        wait = limit_wait(request, action="note_send")
        if wait is not None:
            return render_rate_limited(request, TEMPLATE, {"form": form}, wait_seconds=wait)
        with transaction.atomic():
            stored = attachments_store(
                actor=request.user,
                school=school,
                files=form.cleaned_data["attachments"],
                context=AuditContext.from_request(request),
            )
        return HttpResponse(",".join(str(attachment.pk) for attachment in stored), status=201)
    return render(request, TEMPLATE, {"form": form})


@login_required
def download(request, attachment_id: int):
    attachment = get_object_or_404(Attachment, pk=attachment_id, uploaded_by=request.user)
    return attachment_download_response(attachment=attachment)


# In every language, as a journey's pages are: /ur/files-harness/... is the page in Urdu.
urlpatterns = [
    *i18n_patterns(
        path("files-harness/<int:school_id>/note/", note, name="files_harness_note"),
        path("files-harness/<int:attachment_id>/", download, name="files_harness_download"),
        prefix_default_language=False,
    ),
    *portal_urlpatterns,
]
