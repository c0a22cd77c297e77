"""The school calendar pages: a school's terms, closures and bank holidays, kept by its SENCO
or school administrator, and term dates set for every school of a trust by its SEND lead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.audit.actors import AuditContext
from portal.govuk_forms import add_service_errors
from portal.i18n import format_date
from portal.schools import access as calendar_access
from portal.schools import selectors as calendar_selectors
from portal.schools import services as calendar_services
from portal.schools.forms import ClosureForm, TermForm, TrustTermDatesForm


def _calendar_url(school_id: int) -> str:
    return reverse("portal:school_calendar", args=[school_id])


@login_required
@never_cache
@require_GET
def school_calendar(request: HttpRequest, school_id: int) -> HttpResponse:
    school = calendar_access.access_school_calendar(
        actor=request.user, school_id=school_id, context=AuditContext.from_request(request)
    )
    context = {
        "school": school,
        "years": calendar_selectors.school_calendar_years(school=school),
        "region": school.local_authority.get_bank_holiday_region_display(),
        "brand_colour": school.brand_colour,
    }
    return render(request, "schools/calendar.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def term_create(request: HttpRequest, school_id: int) -> HttpResponse:
    school = calendar_access.access_school_calendar(
        actor=request.user, school_id=school_id, context=AuditContext.from_request(request)
    )
    form = TermForm(
        request.POST if request.method == "POST" else None,
        school_years=calendar_selectors.school_years_shown(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            term = calendar_services.term_add(
                actor=request.user,
                school=school,
                context=AuditContext.from_request(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(term)s added.") % {"term": term.name})
            return redirect(_calendar_url(school.pk))
    return render(
        request,
        "schools/calendar_form.html",
        {"form": form, "school": school, "title": _("Add a term")},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def closure_create(request: HttpRequest, school_id: int) -> HttpResponse:
    school = calendar_access.access_school_calendar(
        actor=request.user, school_id=school_id, context=AuditContext.from_request(request)
    )
    form = ClosureForm(
        request.POST if request.method == "POST" else None,
        school_years=calendar_selectors.school_years_shown(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            closure = calendar_services.closure_add(
                actor=request.user,
                school=school,
                context=AuditContext.from_request(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Closure on %(date)s added.") % {"date": format_date(closure.date, "full")},
            )
            return redirect(_calendar_url(school.pk))
    return render(
        request,
        "schools/calendar_form.html",
        {"form": form, "school": school, "title": _("Add an INSET day or closure")},
    )


def _confirm(request: HttpRequest, *, title: str, body: str, action: str, school_id: int):
    context = {"title": title, "body": body, "action": action, "back": _calendar_url(school_id)}
    return render(request, "components/confirm.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def term_remove(request: HttpRequest, school_id: int, term_id: int) -> HttpResponse:
    term = calendar_access.access_term_to_remove(
        actor=request.user,
        school_id=school_id,
        term_id=term_id,
        context=AuditContext.from_request(request),
    )
    if request.method == "POST":
        calendar_services.term_remove(
            actor=request.user, term=term, context=AuditContext.from_request(request)
        )
        messages.success(request, _("%(term)s removed.") % {"term": term.name})
        return redirect(_calendar_url(school_id))
    return _confirm(
        request,
        title=_("Remove %(term)s?") % {"term": term.name},
        body=_("%(start)s to %(end)s will no longer count as term time.")
        % {"start": format_date(term.starts_on), "end": format_date(term.ends_on)},
        action=_("Remove term"),
        school_id=school_id,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def closure_remove(request: HttpRequest, school_id: int, closure_id: int) -> HttpResponse:
    closure = calendar_access.access_closure_to_remove(
        actor=request.user,
        school_id=school_id,
        closure_id=closure_id,
        context=AuditContext.from_request(request),
    )
    when = format_date(closure.date, "full")
    if request.method == "POST":
        calendar_services.closure_remove(
            actor=request.user, closure=closure, context=AuditContext.from_request(request)
        )
        messages.success(request, _("Closure on %(date)s removed.") % {"date": when})
        return redirect(_calendar_url(school_id))
    return _confirm(
        request,
        title=_("Remove the closure on %(date)s?") % {"date": when},
        body=_("The day will count as a school day again."),
        action=_("Remove closure"),
        school_id=school_id,
    )


@login_required
@never_cache
@require_GET
def trust_calendar(request: HttpRequest, trust_id: int) -> HttpResponse:
    trust = calendar_access.access_trust_calendar(
        actor=request.user, trust_id=trust_id, context=AuditContext.from_request(request)
    )
    context = {
        "trust": trust,
        "schools": calendar_selectors.trust_calendars(trust=trust),
        "school_years": calendar_selectors.school_years_shown(),
    }
    return render(request, "schools/trust_calendar.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def trust_term_dates(request: HttpRequest, trust_id: int) -> HttpResponse:
    trust = calendar_access.access_trust_calendar(
        actor=request.user, trust_id=trust_id, context=AuditContext.from_request(request)
    )
    form = TrustTermDatesForm(
        request.POST if request.method == "POST" else None,
        school_years=calendar_selectors.school_years_shown(),
    )
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["school_year"]
        try:
            schools = calendar_services.trust_term_dates_set(
                actor=request.user,
                trust=trust,
                school_year=year,
                terms=[calendar_services.TermSpec(*term) for term in form.terms],
                context=AuditContext.from_request(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Term dates for %(start)s to %(end)s set for %(count)s school.",
                    "Term dates for %(start)s to %(end)s set for %(count)s schools.",
                    len(schools),
                )
                % {"start": year, "end": year + 1, "count": len(schools)},
            )
            return redirect("portal:trust_calendar", trust_id=trust.pk)
    return render(
        request,
        "schools/trust_term_dates_form.html",
        {"form": form, "trust": trust, "schools": list(trust.schools.order_by("name"))},
    )
