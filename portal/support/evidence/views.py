"""The evidence pack of one pupil: an HTML print view and a PDF, for the SENCO (everything) or
a parent (what parents may see). Thin views: access, the selector, render. Making the PDF is
rate-limited per person (PDF_ACTION)."""

from __future__ import annotations

import math

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.audit.actors import AuditContext
from portal.ratelimit import limit_wait, render_rate_limited

from . import selectors
from .access import access_evidence_pack
from .pdf import render_pdf

# The rate limit (PORTAL_RATE_LIMITS) on making the PDF: each is a full layout, run in the
# request. The HTML print view is light and is not limited.
PDF_ACTION = "evidence_pdf"


def _pack(request: HttpRequest, pupil, audience: str, context: AuditContext, form: str) -> dict:
    pack = selectors.evidence_pack_audited(
        actor=request.user, context=context, pupil=pupil, audience=audience, form=form
    )
    return {"pupil": pupil, "pack": pack, "authority": pupil.school.local_authority}


@login_required
@never_cache
@require_GET
def evidence_pack(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil, audience = access_evidence_pack(actor=request.user, pupil_id=pupil_id, context=context)
    return render(
        request, "support/evidence/print.html", _pack(request, pupil, audience, context, "html")
    )


def wait_text(wait_seconds: int) -> str:
    """The wait before the PDF may be made again: whole minutes (rounded up), or seconds when
    it is under a minute."""
    if wait_seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", wait_seconds) % {
            "count": wait_seconds
        }
    minutes = math.ceil(wait_seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def pack_filename(pupil, day) -> str:
    first = slugify(pupil.preferred_name or pupil.legal_first_name, allow_unicode=True) or "pupil"
    return f"evidence-pack-{first}-{day:%Y-%m-%d}.pdf"


@login_required
@never_cache
@require_GET
def evidence_pack_pdf(request: HttpRequest, pupil_id: int) -> HttpResponse:
    audit_context = AuditContext.from_request(request)
    pupil, audience = access_evidence_pack(
        actor=request.user, pupil_id=pupil_id, context=audit_context
    )
    wait = limit_wait(request, action=PDF_ACTION)
    if wait is not None:
        return render_rate_limited(
            request,
            "support/evidence/pdf_wait.html",
            {"pupil": pupil, "wait_text": wait_text(wait)},
            wait_seconds=wait,
        )
    context = _pack(request, pupil, audience, audit_context, "pdf")
    html = render_to_string("support/evidence/pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    filename = pack_filename(context["pupil"], timezone.localdate())
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
