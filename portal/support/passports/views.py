"""Pupil passports (COP-6.49): read, print and edit a pupil's passport; edit a school's or a
trust's headings. Thin views: access_*, a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.audit.actors import AuditContext
from portal.govuk_forms import add_service_errors
from portal.panels import PASSPORT, panels_for
from portal.pupils.access import is_parent_of
from portal.schools.access import can_manage_school

from . import forms, selectors, services
from .access import (
    access_passport,
    access_passport_to_edit,
    access_school_passport_template,
    access_trust_passport_template,
)


@login_required
@never_cache
@require_GET
def passport_detail(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_passport(actor=request.user, pupil_id=pupil_id, context=context)
    page = selectors.passport_page_audited(actor=request.user, context=context, pupil=pupil)
    return render(
        request,
        "support/passports/detail.html",
        {
            "pupil": pupil,
            "page": page,
            "can_edit": can_manage_school(request.user, pupil.school_id),
            "is_parent": is_parent_of(request.user, pupil),
            "panels": panels_for(PASSPORT, request=request, pupil=pupil),
            "brand_colour": pupil.school.brand_colour,
        },
    )


@login_required
@never_cache
@require_GET
def passport_print(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """The passport alone, laid out to print on one page of A4."""
    context = AuditContext.from_request(request)
    pupil = access_passport(actor=request.user, pupil_id=pupil_id, context=context)
    page = selectors.passport_page_audited(
        actor=request.user, context=context, pupil=pupil, detail="passport printed"
    )
    return render(
        request,
        "support/passports/print.html",
        {
            "pupil": pupil,
            "page": page,
            "panels": panels_for(PASSPORT, request=request, pupil=pupil, printing=True),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def passport_edit(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_passport_to_edit(actor=request.user, pupil_id=pupil_id, context=context)
    page = selectors.passport_page_audited(
        actor=request.user, context=context, pupil=pupil, detail="passport opened to edit"
    )
    form = forms.PassportForm(
        request.POST if request.method == "POST" else None, sections=page.sections
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.passport_save(
                actor=request.user, context=context, pupil=pupil, texts=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Passport saved"))
            return redirect("support:passport_detail", pupil_id=pupil.pk)
    return render(
        request,
        "support/passports/edit.html",
        {"pupil": pupil, "page": page, "form": form, "brand_colour": pupil.school.brand_colour},
    )


def _rows_posted(formset) -> list[dict]:
    """The rows as typed, valid or not, for the add/remove/move buttons that only rearrange."""
    if not formset.management_form.is_valid():
        return []
    rows = []
    for form in formset.forms:
        rows.append(
            {
                "pk": form.data.get(form.add_prefix("pk")) or None,
                "title": form.data.get(form.add_prefix("title"), ""),
                "guidance": form.data.get(form.add_prefix("guidance"), ""),
            }
        )
    return rows


def _rearranged(rows: list[dict], action: str) -> list[dict]:
    verb, _sep, number = action.partition("-")
    if verb == "add":
        return [*rows, {"pk": None, "title": "", "guidance": ""}]
    try:
        index = int(number)
    except ValueError:
        return rows
    if not 0 <= index < len(rows):
        return rows
    if verb == "remove":
        return rows[:index] + rows[index + 1 :]
    if verb == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
    if verb == "down" and index < len(rows) - 1:
        rows[index + 1], rows[index] = rows[index], rows[index + 1]
    return rows


def _headings_page(
    request, *, headings: selectors.Headings, own_source: str, save, title: str, back: str, owner
):
    if request.method == "POST":
        formset = forms.HeadingFormSet(request.POST, prefix="headings")
        action = request.POST.get("action", "save")
        if action != "save":
            rows = _rearranged(_rows_posted(formset), action)[: selectors.MAX_HEADINGS]
            formset = forms.HeadingFormSet(initial=rows, prefix="headings")
        elif formset.is_valid():
            items = [
                services.HeadingInput(
                    pk=form.cleaned_data.get("pk"),
                    title=form.cleaned_data["title"],
                    guidance=form.cleaned_data.get("guidance", ""),
                )
                for form in formset.forms
            ]
            try:
                save(items)
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, _("Passport headings saved"))
                return redirect(request.path)
    else:
        # The headings in force, as the start: a school's first save makes them its own.
        own = headings.source == own_source
        formset = forms.HeadingFormSet(
            initial=[
                {"pk": h.pk if own else None, "title": h.shown_title, "guidance": h.shown_guidance}
                for h in headings.headings
            ],
            prefix="headings",
        )
    has_errors = request.method == "POST" and formset.is_bound and not formset.is_valid()
    return render(
        request,
        "support/passports/headings.html",
        {
            "formset": formset,
            "headings": headings,
            "owner": owner,
            "title": title,
            "back": back,
            "has_errors": has_errors,
            "max_headings": selectors.MAX_HEADINGS,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def school_passport_template(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_passport_template(
        actor=request.user, school_id=school_id, context=context
    )

    def save(items):
        services.passport_template_save(
            actor=request.user, context=context, school=school, headings=items
        )

    return _headings_page(
        request,
        headings=selectors.headings_for_school(school=school),
        own_source=selectors.Source.SCHOOL,
        save=save,
        title=_("Pupil passport headings"),
        back=reverse("portal:school_overview", args=[school.pk]),
        owner=school,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def trust_passport_template(request: HttpRequest, trust_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    trust = access_trust_passport_template(actor=request.user, trust_id=trust_id, context=context)

    def save(items):
        services.passport_template_save(
            actor=request.user, context=context, trust=trust, headings=items
        )

    return _headings_page(
        request,
        headings=selectors.headings_for_trust(trust=trust),
        own_source=selectors.Source.TRUST,
        save=save,
        title=_("Standard passport headings for the trust's schools"),
        back=reverse("portal:dashboard"),
        owner=trust,
    )
