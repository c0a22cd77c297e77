"""Pupils and the SEN register: thin views that parse input, call access_*, a service or a
selector, and render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.audit.actors import AuditContext
from portal.govuk_forms import add_service_errors
from portal.panels import PUPIL_PAGE, panels_for
from portal.people.roles import REGISTER_ROLES, roles_for
from portal.pupils import selectors
from portal.pupils import services as pupil_services
from portal.pupils.access import access_pupil, access_pupil_to_manage, is_parent_of
from portal.pupils.forms import PupilForm, RegisterFilterForm, TeacherAssignmentForm
from portal.schools.access import (
    access_school_overview,
    access_school_to_manage,
    can_manage_school,
)


def pagination_links(register: selectors.RegisterPage, filters: dict[str, str]) -> dict:
    """The GOV.UK pagination component's links for a page of the register: previous, next,
    the first and last pages, the pages either side of this one, and gaps between. Each link
    keeps the filters in its query string."""

    def href(number: int) -> str:
        return "?" + urlencode({**{k: v for k, v in filters.items() if v}, "page": number})

    number, count = register.number, register.page_count
    shown = sorted({1, count, number - 1, number, number + 1} & set(range(1, count + 1)))
    items: list[dict] = []
    for index, page in enumerate(shown):
        if index and page - shown[index - 1] > 1:
            items.append({"ellipsis": True})
        items.append({"number": page, "href": href(page), "current": page == number})
    return {
        "items": items if count > 1 else [],
        "previous": href(number - 1) if number > 1 else None,
        "next": href(number + 1) if number < count else None,
    }


def register_context(request: HttpRequest, school) -> dict:
    filters = RegisterFilterForm(request.GET or None)
    status = area = None
    if filters.is_valid():
        status = filters.cleaned_data["status"] or None
        area = filters.cleaned_data["area"] or None
    register = selectors.sen_register(
        actor=request.user,
        context=AuditContext.from_request(request),
        school=school,
        status=status,
        area=area,
        page=request.GET.get("page"),
    )
    return {
        "school": school,
        "filters": filters,
        "register_page": register,
        "pupils": register.pupils,
        "pagination": pagination_links(register, {"status": status or "", "area": area or ""}),
        "filtered": bool(status or area),
        "can_manage": can_manage_school(request.user, school.pk),
        "brand_colour": school.brand_colour,
    }


@login_required
@never_cache
def school_overview(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access_school_overview(
        actor=request.user, school_id=school_id, context=AuditContext.from_request(request)
    )
    if roles_for(request.user).has_role(school.pk, REGISTER_ROLES):
        return render(request, "pupils/school_register.html", register_context(request, school))
    context = {
        "school": school,
        "counts": selectors.register_counts(school=school),
        "brand_colour": school.brand_colour,
    }
    return render(request, "pupils/school_counts.html", context)


@login_required
@never_cache
def pupil_detail(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil(actor=request.user, pupil_id=pupil_id, context=context)
    can_manage = can_manage_school(request.user, pupil.school_id)
    record = selectors.pupil_record(
        actor=request.user, context=context, pupil=pupil, for_manager=can_manage
    )
    is_parent = is_parent_of(request.user, pupil)
    return render(
        request,
        "pupils/pupil_detail.html",
        {
            "record": record,
            "pupil": pupil,
            "can_manage": can_manage,
            "is_parent": is_parent,
            "advice": [pupil.school.local_authority] if is_parent else [],
            "brand_colour": pupil.school.brand_colour,
            "panels": panels_for(PUPIL_PAGE, request=request, pupil=pupil),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def pupil_create(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_to_manage(actor=request.user, school_id=school_id, context=context)
    form = PupilForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pupil = pupil_services.pupil_create(
                actor=request.user, context=context, school=school, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": pupil})
            return redirect("portal:pupil_detail", pupil_id=pupil.pk)
    return render(
        request,
        "pupils/pupil_form.html",
        {"form": form, "school": school, "title": _("Add a pupil")},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def pupil_edit(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_to_manage(actor=request.user, pupil_id=pupil_id, context=context)
    if request.method == "GET":
        selectors.pupil_record_opened_for_edit(actor=request.user, context=context, pupil=pupil)
    form = PupilForm(request.POST if request.method == "POST" else None, instance=pupil)
    if request.method == "POST" and form.is_valid():
        try:
            pupil_services.pupil_update(
                actor=request.user, context=context, pupil=pupil, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("portal:pupil_detail", pupil_id=pupil.pk)
    return render(
        request,
        "pupils/pupil_form.html",
        {"form": form, "school": pupil.school, "pupil": pupil, "title": _("Edit pupil details")},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def pupil_teachers(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_to_manage(actor=request.user, pupil_id=pupil_id, context=context)
    teachers = selectors.school_teachers(school=pupil.school)
    initial = {"teachers": list(pupil.assignments.values_list("teacher_id", flat=True))}
    form = TeacherAssignmentForm(
        request.POST if request.method == "POST" else None, teachers=teachers, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        pupil_services.teachers_assign(
            actor=request.user,
            context=context,
            pupil=pupil,
            teachers=list(form.cleaned_data["teachers"]),
        )
        messages.success(request, _("Staff who work with %(name)s updated.") % {"name": pupil})
        return redirect("portal:pupil_detail", pupil_id=pupil.pk)
    return render(request, "pupils/pupil_teachers.html", {"form": form, "pupil": pupil})
