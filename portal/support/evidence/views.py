"""The evidence pack of one pupil: an HTML print view and a PDF, for the SENCO (everything) or
a parent (what parents may see). Thin views: access, the selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.audit.actors import AuditContext

from . import selectors
from .access import access_evidence_pack
from .pdf import render_pdf


def _pack(request: HttpRequest, pupil_id: int, form: str) -> dict:
    context = AuditContext.from_request(request)
    pupil, audience = access_evidence_pack(actor=request.user, pupil_id=pupil_id, context=context)
    pack = selectors.evidence_pack_audited(
        actor=request.user, context=context, pupil=pupil, audience=audience, form=form
    )
    return {"pupil": pupil, "pack": pack, "authority": pupil.school.local_authority}


@login_required
@never_cache
@require_GET
def evidence_pack(request: HttpRequest, pupil_id: int) -> HttpResponse:
    return render(request, "support/evidence/print.html", _pack(request, pupil_id, "html"))


def pack_filename(pupil, day) -> str:
    first = slugify(pupil.preferred_name or pupil.legal_first_name, allow_unicode=True) or "pupil"
    return f"evidence-pack-{first}-{day:%Y-%m-%d}.pdf"


@login_required
@never_cache
@require_GET
def evidence_pack_pdf(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = _pack(request, pupil_id, "pdf")
    html = render_to_string("support/evidence/pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    filename = pack_filename(context["pupil"], timezone.localdate())
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
