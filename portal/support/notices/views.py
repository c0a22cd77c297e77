"""Formal notice pages: the notice itself (a parent's reading is recorded the first time), the
SENCO's list of a pupil's notices with each parent's delivery and reading, and the SENCO's page
to send it again. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.audit.actors import AuditContext
from portal.govuk_forms import add_service_errors
from portal.pupils.access import access_pupil_to_manage, is_parent_of
from portal.pupils.models import SenStatus
from portal.schools.access import can_manage_school

from . import forms, selectors, services
from .access import access_notice


@login_required
@never_cache
@require_GET
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    notice = access_notice(actor=request.user, notice_id=notice_id, context=context)
    manager = can_manage_school(request.user, notice.school_id)
    parent = is_parent_of(request.user, notice.pupil)
    with transaction.atomic():
        selectors.notice_page_audited(actor=request.user, context=context, notice=notice)
        if parent:
            services.formal_notice_mark_read(actor=request.user, context=context, notice=notice)
    return render(
        request,
        "support/notices/detail.html",
        {
            "notice": notice,
            "is_parent": parent,
            "can_manage": manager,
            "recipients": selectors.notice_recipients(notice=notice) if manager else [],
        },
    )


@login_required
@never_cache
@require_GET
def pupil_notice_list(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_to_manage(actor=request.user, pupil_id=pupil_id, context=context)
    notices = selectors.pupil_notices_audited(actor=request.user, context=context, pupil=pupil)
    return render(
        request,
        "support/notices/pupil_list.html",
        {
            "pupil": pupil,
            "notices": notices,
            "on_sen_support": pupil.sen_status == SenStatus.SEN_SUPPORT,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def notice_send(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_to_manage(actor=request.user, pupil_id=pupil_id, context=context)
    form = forms.SendNoticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.formal_notice_resend(actor=request.user, context=context, pupil=pupil)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Formal notice sent to the parents."))
            return redirect("support:pupil_notice_list", pupil_id=pupil.pk)
    return render(
        request,
        "support/notices/send.html",
        {
            "pupil": pupil,
            "form": form,
            "on_sen_support": pupil.sen_status == SenStatus.SEN_SUPPORT,
        },
    )
