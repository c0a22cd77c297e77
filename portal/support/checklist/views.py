"""The provision map and the Code of Practice checklist: thin views that parse input, call
access_*, a service or a selector, and render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.audit.actors import AuditContext
from portal.govuk_forms import add_service_errors
from portal.schools.access import can_manage_school

from . import selectors, services
from .access import (
    access_governors_report,
    access_intervention,
    access_intervention_to_manage,
    access_pupil_checklist,
    access_school_checklist,
    access_school_provision_to_manage,
    access_trust_checklist,
)
from .checks import CHECKS, CheckState
from .forms import InterventionForm, SummaryFilterForm


def _pagination(number: int, page_count: int, params: dict[str, str]) -> dict:
    def href(page: int) -> str:
        return "?" + urlencode({**{k: v for k, v in params.items() if v}, "page": page})

    return {
        "items": [
            {"number": page, "href": href(page), "current": page == number}
            for page in range(1, page_count + 1)
        ]
        if page_count > 1
        else [],
        "previous": href(number - 1) if number > 1 else None,
        "next": href(number + 1) if number < page_count else None,
    }


# Provision map ---------------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def provision_map(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_checklist(actor=request.user, school_id=school_id, context=context)
    provision = selectors.provision_map_audited(actor=request.user, context=context, school=school)
    return render(
        request,
        "support/checklist/provision_map.html",
        {
            "school": school,
            "map": provision,
            "can_manage": can_manage_school(request.user, school.pk),
            "brand_colour": school.brand_colour,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def intervention_create(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_provision_to_manage(
        actor=request.user, school_id=school_id, context=context
    )
    form = InterventionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            intervention = services.intervention_create(
                actor=request.user, context=context, school=school, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s added to the provision map.") % {"name": intervention}
            )
            return redirect("support:provision_map", school_id=school.pk)
    return render(
        request,
        "support/checklist/intervention_form.html",
        {"form": form, "school": school, "title": _("Add an intervention")},
    )


@login_required
@never_cache
@require_GET
def intervention_detail(request: HttpRequest, intervention_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    intervention = access_intervention(
        actor=request.user, intervention_id=intervention_id, context=context
    )
    page = selectors.intervention_page_audited(
        actor=request.user, context=context, intervention=intervention, page=request.GET.get("page")
    )
    return render(
        request,
        "support/checklist/intervention_detail.html",
        {
            "intervention": intervention,
            "school": intervention.school,
            "page": page,
            "row": page.figures,
            "pagination": _pagination(page.number, page.page_count, {}),
            "can_manage": can_manage_school(request.user, intervention.school_id),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def intervention_edit(request: HttpRequest, intervention_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    intervention = access_intervention_to_manage(
        actor=request.user, intervention_id=intervention_id, context=context
    )
    form = InterventionForm(
        request.POST if request.method == "POST" else None,
        initial=InterventionForm.initial_for(intervention),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_update(
                actor=request.user,
                context=context,
                intervention=intervention,
                details=form.details(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("support:intervention_detail", intervention_id=intervention.pk)
    return render(
        request,
        "support/checklist/intervention_form.html",
        {
            "form": form,
            "school": intervention.school,
            "intervention": intervention,
            "title": _("Change an intervention"),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def intervention_archive(request: HttpRequest, intervention_id: int) -> HttpResponse:
    """Archive an intervention, or bring an archived one back: a confirm page, then a POST."""
    context = AuditContext.from_request(request)
    intervention = access_intervention_to_manage(
        actor=request.user, intervention_id=intervention_id, context=context
    )
    archived = intervention.archived_at is not None
    if request.method == "POST":
        services.intervention_archive(
            actor=request.user, context=context, intervention=intervention, archived=not archived
        )
        messages.success(
            request,
            (_("%(name)s is back on the provision map.") if archived else _("%(name)s archived."))
            % {"name": intervention},
        )
        return redirect("support:provision_map", school_id=intervention.school_id)
    return render(
        request,
        "support/checklist/intervention_archive.html",
        {"intervention": intervention, "school": intervention.school, "archived": archived},
    )


# The checklist ---------------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def pupil_checklist(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_checklist(actor=request.user, pupil_id=pupil_id, context=context)
    checklist = selectors.pupil_checklist_audited(actor=request.user, context=context, pupil=pupil)
    return render(
        request,
        "support/checklist/pupil_checklist.html",
        {
            "pupil": pupil,
            "checklist": checklist,
            "can_manage": can_manage_school(request.user, pupil.school_id),
            "brand_colour": pupil.school.brand_colour,
        },
    )


@login_required
@never_cache
@require_GET
def school_checklist(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_checklist(actor=request.user, school_id=school_id, context=context)
    filters = SummaryFilterForm(request.GET or None)
    check = state = ""
    if filters.is_valid():
        check = filters.cleaned_data["check"]
        state = filters.cleaned_data["state"]
    summary = selectors.school_checklist_audited(
        actor=request.user,
        context=context,
        school=school,
        check=check,
        state=state,
        page=request.GET.get("page"),
    )
    return render(
        request,
        "support/checklist/school_checklist.html",
        {
            "school": school,
            "summary": summary,
            "filters": filters,
            "checks": CHECKS,
            "states": CheckState,
            "pagination": _pagination(
                summary.number, summary.page_count, {"check": summary.check, "state": summary.state}
            ),
            "brand_colour": school.brand_colour,
        },
    )


@login_required
@never_cache
@require_GET
def governors_report(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school, with_pupils = access_governors_report(
        actor=request.user, school_id=school_id, context=context
    )
    report = selectors.governors_report_audited(
        actor=request.user, context=context, school=school, with_pupils=with_pupils
    )
    return render(
        request,
        "support/checklist/governors_report.html",
        {"school": school, "report": report, "brand_colour": school.brand_colour},
    )


@login_required
@never_cache
@require_GET
def trust_checklist(request: HttpRequest, trust_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    trust = access_trust_checklist(actor=request.user, trust_id=trust_id, context=context)
    reports = selectors.trust_checklist_audited(actor=request.user, context=context, trust=trust)
    return render(
        request, "support/checklist/trust_checklist.html", {"trust": trust, "reports": reports}
    )
