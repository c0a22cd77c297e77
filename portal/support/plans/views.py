"""Support plan pages: the plan page (parents see the shared copy, staff the whole plan), the
SENCO's section pages, sharing and the review. Thin views: parse input, call access_*, a service
or a selector, render."""

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
from portal.schools.access import can_manage_school

from . import forms, selectors, services
from .access import (
    access_cycle_to_manage,
    access_outcome_to_manage,
    access_plan,
    access_plan_to_manage,
    access_support_item_to_manage,
    reads_as_staff,
)
from .models import Cycle, CycleStatus


def _posted(request: HttpRequest):
    """The submitted data on a POST (even an empty one), None on a GET."""
    return request.POST if request.method == "POST" else None


def _plan_url(pupil_id: int) -> str:
    return reverse("support:plan", args=[pupil_id])


@login_required
@never_cache
@require_GET
def plan(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """The pupil's support plan: staff who work with the pupil see all of it; a parent sees
    what was shared with them."""
    context = AuditContext.from_request(request)
    pupil = access_plan(actor=request.user, pupil_id=pupil_id, context=context)
    if reads_as_staff(request.user, pupil):
        page = selectors.staff_plan_audited(actor=request.user, context=context, pupil=pupil)
        return render(
            request,
            "support/plans/plan_staff.html",
            {
                "pupil": pupil,
                "page": page,
                "can_manage": can_manage_school(request.user, pupil.school_id),
                "brand_colour": pupil.school.brand_colour,
            },
        )
    page = selectors.parent_plan_audited(actor=request.user, context=context, pupil=pupil)
    return render(
        request,
        "support/plans/plan_parent.html",
        {
            "pupil": pupil,
            "page": page,
            "advice": [pupil.school.local_authority],
            "brand_colour": pupil.school.brand_colour,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_start(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """Start the first cycle, or the next one from the last review."""
    context = AuditContext.from_request(request)
    pupil = access_plan_to_manage(actor=request.user, pupil_id=pupil_id, context=context)
    current = selectors.current_cycle(pupil)
    if current is not None and current.status != CycleStatus.REVIEWED:
        messages.info(request, _("This pupil already has a cycle under way."))
        return redirect(_plan_url(pupil.pk))
    form = forms.ConfirmForm(_posted(request))
    if request.method == "POST":
        try:
            services.cycle_start(actor=request.user, context=context, pupil=pupil)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("A new cycle has started. Parents will see it once you share it.")
            )
            return redirect(_plan_url(pupil.pk))
    if current is None:
        title = _("Start a support plan")
        body = _("This starts cycle 1 as a draft. Parents see nothing until you share it.")
    else:
        title = _("Start the next cycle")
        body = _(
            "The next cycle starts from the review: it keeps the assessment and every outcome "
            "not yet achieved. Parents see nothing of it until you share it."
        )
    return render(
        request,
        "support/plans/confirm.html",
        {
            "pupil": pupil,
            "form": form,
            "title": title,
            "body": body,
            "action": _("Start the cycle"),
            "back": _plan_url(pupil.pk),
            "warning": False,
        },
    )


def _reviewed_redirect(request: HttpRequest, cycle: Cycle) -> HttpResponse | None:
    if cycle.status == CycleStatus.REVIEWED:
        messages.info(
            request, _("This cycle has been reviewed. Start the next cycle to change it.")
        )
        return redirect(_plan_url(cycle.pupil_id))
    return None


def _section_page(request, cycle, form, title, *, caption="", intro="") -> HttpResponse:
    return render(
        request,
        "support/plans/section_form.html",
        {
            "pupil": cycle.pupil,
            "cycle": cycle,
            "form": form,
            "title": title,
            "intro": intro,
            "back": _plan_url(cycle.pupil_id),
        },
    )


def _saved(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    if cycle.status == CycleStatus.ACTIVE:
        messages.success(
            request,
            _("Changes saved. Parents will see them when you share the plan again."),
        )
    else:
        messages.success(request, _("Changes saved."))
    return redirect(_plan_url(cycle.pupil_id))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_assessment(request: HttpRequest, cycle_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    cycle = access_cycle_to_manage(actor=request.user, cycle_id=cycle_id, context=context)
    if done := _reviewed_redirect(request, cycle):
        return done
    initial = {
        "needs": cycle.needs,
        "strengths": cycle.strengths,
        "evidence": cycle.evidence,
        "outside_advice": cycle.outside_advice,
        "staff_only": cycle.assessment_staff_only,
    }
    form = forms.AssessmentForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_assessment_update(
                actor=request.user, context=context, cycle=cycle, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, cycle)
    return _section_page(request, cycle, form, _("Assessment"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_impact(request: HttpRequest, cycle_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    cycle = access_cycle_to_manage(actor=request.user, cycle_id=cycle_id, context=context)
    if done := _reviewed_redirect(request, cycle):
        return done
    initial = {
        "expected_impact": cycle.expected_impact,
        "expected_impact_staff_only": cycle.expected_impact_staff_only,
        "review_date": cycle.review_date,
        "staff_notes": cycle.staff_notes,
    }
    form = forms.PlanForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_plan_update(
                actor=request.user, context=context, cycle=cycle, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, cycle)
    return _section_page(request, cycle, form, _("Expected impact and review date"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_visibility(request: HttpRequest, cycle_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    cycle = access_cycle_to_manage(actor=request.user, cycle_id=cycle_id, context=context)
    if done := _reviewed_redirect(request, cycle):
        return done
    hidden = [
        name
        for name in ("assessment", "outcomes", "support", "expected_impact")
        if getattr(cycle, f"{name}_staff_only")
    ]
    form = forms.VisibilityForm(_posted(request), initial={"staff_only": hidden})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["staff_only"])
        services.cycle_visibility_update(
            actor=request.user,
            context=context,
            cycle=cycle,
            assessment_staff_only="assessment" in chosen,
            outcomes_staff_only="outcomes" in chosen,
            support_staff_only="support" in chosen,
            expected_impact_staff_only="expected_impact" in chosen,
        )
        return _saved(request, cycle)
    return _section_page(request, cycle, form, _("Who sees each section"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_outcome_add(request: HttpRequest, cycle_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    cycle = access_cycle_to_manage(actor=request.user, cycle_id=cycle_id, context=context)
    if done := _reviewed_redirect(request, cycle):
        return done
    form = forms.OutcomeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_add(
                actor=request.user, context=context, cycle=cycle, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, cycle)
    return _section_page(request, cycle, form, _("Add an outcome"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_outcome_edit(request: HttpRequest, outcome_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    outcome = access_outcome_to_manage(actor=request.user, outcome_id=outcome_id, context=context)
    if done := _reviewed_redirect(request, outcome.cycle):
        return done
    initial = {
        "parent_wording": outcome.parent_wording,
        "child_wording": outcome.child_wording,
        "success_looks_like": outcome.success_looks_like,
    }
    form = forms.OutcomeForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_update(
                actor=request.user, context=context, outcome=outcome, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, outcome.cycle)
    return _section_page(request, outcome.cycle, form, _("Change an outcome"))


def _remove_page(request, cycle, *, title, body, form) -> HttpResponse:
    return render(
        request,
        "support/plans/confirm.html",
        {
            "pupil": cycle.pupil,
            "form": form,
            "title": title,
            "body": body,
            "action": _("Remove"),
            "back": _plan_url(cycle.pupil_id),
            "warning": True,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_outcome_remove(request: HttpRequest, outcome_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    outcome = access_outcome_to_manage(actor=request.user, outcome_id=outcome_id, context=context)
    cycle = outcome.cycle
    if done := _reviewed_redirect(request, cycle):
        return done
    form = forms.ConfirmForm(_posted(request))
    if request.method == "POST":
        try:
            services.outcome_remove(actor=request.user, context=context, outcome=outcome)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, cycle)
    return _remove_page(
        request,
        cycle,
        title=_("Remove this outcome?"),
        body=outcome.parent_wording,
        form=form,
    )


def _support_form(request, cycle, initial=None):
    interventions = selectors.intervention_choices(school_id=cycle.school_id)
    return forms.SupportForm(_posted(request), interventions=interventions, initial=initial)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_support_add(request: HttpRequest, cycle_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    cycle = access_cycle_to_manage(actor=request.user, cycle_id=cycle_id, context=context)
    if done := _reviewed_redirect(request, cycle):
        return done
    form = _support_form(request, cycle)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_item_add(
                actor=request.user, context=context, cycle=cycle, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, cycle)
    return _section_page(request, cycle, form, _("Add support"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_support_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    item = access_support_item_to_manage(actor=request.user, item_id=item_id, context=context)
    if done := _reviewed_redirect(request, item.cycle):
        return done
    initial = {
        "description": item.description,
        "provision_type": item.provision_type,
        "intervention": item.intervention_id,
        "sessions_per_week": item.sessions_per_week,
        "minutes_per_session": item.minutes_per_session,
        "frequency_note": item.frequency_note,
        "delivered_by": item.delivered_by,
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
    }
    form = _support_form(request, item.cycle, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_item_update(
                actor=request.user, context=context, item=item, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, item.cycle)
    return _section_page(request, item.cycle, form, _("Change support"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_support_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    item = access_support_item_to_manage(actor=request.user, item_id=item_id, context=context)
    cycle = item.cycle
    if done := _reviewed_redirect(request, cycle):
        return done
    form = forms.ConfirmForm(_posted(request))
    if request.method == "POST":
        try:
            services.support_item_remove(actor=request.user, context=context, item=item)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, cycle)
    return _remove_page(
        request, cycle, title=_("Remove this support?"), body=item.description, form=form
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_share(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Check what the parents will see, then share it with them."""
    context = AuditContext.from_request(request)
    cycle = access_cycle_to_manage(actor=request.user, cycle_id=cycle_id, context=context)
    if done := _reviewed_redirect(request, cycle):
        return done
    form = forms.ShareForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_share(
                actor=request.user,
                context=context,
                cycle=cycle,
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan shared. The parents have been told."))
            return redirect(_plan_url(cycle.pupil_id))
    return render(
        request,
        "support/plans/share.html",
        {
            "pupil": cycle.pupil,
            "cycle": cycle,
            "form": form,
            "plan": selectors.current_snapshot(cycle),
            "back": _plan_url(cycle.pupil_id),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Record the review: progress on each outcome, and whether the assessment still holds."""
    context = AuditContext.from_request(request)
    cycle = access_cycle_to_manage(actor=request.user, cycle_id=cycle_id, context=context)
    if cycle.status != CycleStatus.ACTIVE:
        messages.info(request, _("Only a plan that has been shared can be reviewed."))
        return redirect(_plan_url(cycle.pupil_id))
    outcomes = selectors.cycle_for_review(cycle)
    if selectors.outcomes_unshared(cycle, outcomes):
        messages.info(request, _(services.UNSHARED_OUTCOMES))
        return redirect("support:plan_share", cycle.pk)
    form = forms.ReviewForm(_posted(request), outcomes=outcomes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_record(
                actor=request.user,
                context=context,
                cycle=cycle,
                held_on=data["held_on"],
                assessment_still_holds=data["assessment_still_holds"],
                assessment_note=data["assessment_note"],
                summary=data["summary"],
                progress=form.progress(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review recorded. The parents have been told."))
            return redirect(_plan_url(cycle.pupil_id))
    return _section_page(
        request,
        cycle,
        form,
        _("Review of cycle %(number)s") % {"number": cycle.number},
        intro=_("Score the progress on each outcome and say whether the assessment still holds."),
    )
