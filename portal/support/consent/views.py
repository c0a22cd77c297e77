"""Consent pages: the SENCO's request form and lists, the request page with its history, the
parent's answer journey (the question with an optional reason under "No", check your
answers, confirmation; the reason alone can be changed from the check page),
and the single steps (withdraw, cancel, the pupil's view, the referral). Thin views: parse
input, call access_*, a service or a selector, render."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.audit.actors import AuditContext
from portal.govuk_forms import add_service_errors
from portal.pupils.access import access_pupil_to_manage
from portal.schools.access import access_school_to_manage

from . import forms, selectors, services
from .access import (
    access_consent,
    access_consent_to_answer,
    access_consent_to_manage,
    can_manage_consent,
    is_answering_parent,
)
from .models import ConsentStatus


def _draft_key(request_id: int) -> str:
    return f"consent_answer_{request_id}"


# The SENCO's pages --------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def pupil_consent_list(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_to_manage(actor=request.user, pupil_id=pupil_id, context=context)
    consents = selectors.pupil_consents_audited(actor=request.user, context=context, pupil=pupil)
    return render(
        request, "support/consent/pupil_list.html", {"pupil": pupil, "consents": consents}
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def consent_request_create(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_to_manage(actor=request.user, pupil_id=pupil_id, context=context)
    form = forms.ConsentRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_request_create(
                actor=request.user, context=context, pupil=pupil, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consent asked for. The parents have been told."))
            return redirect("support:consent_detail", request_id=consent.pk)
    return render(request, "support/consent/request_form.html", {"pupil": pupil, "form": form})


@login_required
@never_cache
@require_GET
def school_consent_list(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_to_manage(actor=request.user, school_id=school_id, context=context)
    today = services.local_today()
    consents = selectors.school_waiting_consents_audited(
        actor=request.user, context=context, school=school, today=today
    )
    return render(
        request,
        "support/consent/school_list.html",
        {
            "school": school,
            "consents": consents,
            "overdue_count": sum(1 for consent in consents if consent.overdue),
        },
    )


# The request page ---------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def consent_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    consent = access_consent(actor=request.user, request_id=request_id, context=context)
    page = selectors.consent_page_audited(
        actor=request.user, context=context, request=consent, today=services.local_today()
    )
    manager = can_manage_consent(request.user, consent)
    parent = is_answering_parent(request.user, consent)
    return render(
        request,
        "support/consent/detail.html",
        {
            "consent": consent,
            "page": page,
            "can_manage": manager,
            "is_parent": parent,
            "actions": [
                (name, step.title)
                for name, step in STEPS.items()
                if step.offered(consent, manager=manager, parent=parent)
            ],
            "can_answer": parent and consent.status == ConsentStatus.REQUESTED,
            "authority": consent.school.local_authority,
        },
    )


# The parent's answer ------------------------------------------------------------------------


def _answerable(request: HttpRequest, request_id: int):
    context = AuditContext.from_request(request)
    consent = access_consent_to_answer(actor=request.user, request_id=request_id, context=context)
    selectors.consent_step_audited(
        actor=request.user, context=context, request=consent, step="answer"
    )
    return consent, context


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def consent_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    consent, _context = _answerable(request, request_id)
    if consent.status != ConsentStatus.REQUESTED:
        messages.info(request, _("This request has already been answered or withdrawn."))
        return redirect("support:consent_detail", request_id=consent.pk)
    draft = dict(request.session.get(_draft_key(consent.pk)) or {})
    initial = (
        {"answer": draft["answer"], "reason": draft.get("reason", "")}
        if draft.get("answer")
        else {}
    )
    form = forms.ConsentAnswerForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        service_name=consent.service_name,
    )
    if request.method == "POST" and form.is_valid():
        draft["answer"] = form.cleaned_data["answer"]
        draft["reason"] = form.cleaned_data["reason"] if draft["answer"] == forms.REFUSE else ""
        request.session[_draft_key(consent.pk)] = draft
        return redirect("support:consent_answer_check", request_id=consent.pk)
    return render(
        request,
        "support/consent/answer.html",
        {"consent": consent, "form": form, "field": form["answer"], "reason": form["reason"]},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def consent_answer_reason(request: HttpRequest, request_id: int) -> HttpResponse:
    consent, _context = _answerable(request, request_id)
    draft = dict(request.session.get(_draft_key(consent.pk)) or {})
    if consent.status != ConsentStatus.REQUESTED or draft.get("answer") != forms.REFUSE:
        return redirect("support:consent_answer", request_id=consent.pk)
    form = forms.ReasonForm(
        request.POST if request.method == "POST" else None,
        initial={"reason": draft.get("reason", "")},
    )
    if request.method == "POST" and form.is_valid():
        draft["reason"] = form.cleaned_data["reason"]
        request.session[_draft_key(consent.pk)] = draft
        return redirect("support:consent_answer_check", request_id=consent.pk)
    return render(
        request,
        "support/consent/reason.html",
        {"consent": consent, "form": form, "field": form["reason"]},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def consent_answer_check(request: HttpRequest, request_id: int) -> HttpResponse:
    consent, context = _answerable(request, request_id)
    draft = dict(request.session.get(_draft_key(consent.pk)) or {})
    if consent.status != ConsentStatus.REQUESTED or draft.get("answer") not in (
        forms.GIVE,
        forms.REFUSE,
    ):
        return redirect("support:consent_answer", request_id=consent.pk)
    form = forms.ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_answer(
                actor=request.user,
                context=context,
                request=consent,
                give=draft["answer"] == forms.GIVE,
                reason=draft.get("reason", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(_draft_key(consent.pk), None)
            return redirect("support:consent_answered", request_id=consent.pk)
    return render(
        request,
        "support/consent/check.html",
        {"consent": consent, "form": form, "draft": draft, "gives": draft["answer"] == forms.GIVE},
    )


@login_required
@never_cache
@require_GET
def consent_answered(request: HttpRequest, request_id: int) -> HttpResponse:
    consent, _context = _answerable(request, request_id)
    if consent.status == ConsentStatus.REQUESTED:
        return redirect("support:consent_answer", request_id=consent.pk)
    return render(request, "support/consent/answered.html", {"consent": consent})


# Single steps on a request ------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    title: object
    body: object
    button: object
    for_staff: bool
    form_class: type
    service: object
    done: object
    statuses: frozenset

    def offered(self, consent, *, manager: bool, parent: bool) -> bool:
        allowed = manager if self.for_staff else parent
        if self.service is services.consent_referral_mark_sent and consent.referral_sent_at:
            return False
        return allowed and consent.status in self.statuses


STEPS: dict[str, Step] = {
    "withdraw": Step(
        gettext_lazy("Withdraw your consent"),
        gettext_lazy(
            "If you withdraw consent, the school will not involve this service from now on. "
            "You can ask again later."
        ),
        gettext_lazy("Withdraw consent"),
        False,
        forms.WithdrawForm,
        services.consent_withdraw,
        gettext_lazy("Your consent has been withdrawn. The school has been told."),
        frozenset({ConsentStatus.GIVEN}),
    ),
    "cancel": Step(
        gettext_lazy("Withdraw this request"),
        gettext_lazy("The parents will be told that the school no longer needs an answer."),
        gettext_lazy("Withdraw the request"),
        True,
        forms.ConfirmForm,
        services.consent_cancel,
        gettext_lazy("Request withdrawn. The parents have been told."),
        frozenset({ConsentStatus.REQUESTED}),
    ),
    "pupil_view": Step(
        gettext_lazy("Record the pupil's view"),
        gettext_lazy("The pupil's view is kept with the request and shown to the parents."),
        gettext_lazy("Save the pupil's view"),
        True,
        forms.PupilViewForm,
        services.consent_record_pupil_view,
        gettext_lazy("The pupil's view has been recorded."),
        frozenset(ConsentStatus.values),
    ),
    "referral": Step(
        gettext_lazy("Mark the referral as sent"),
        gettext_lazy(
            "Only contact the service once the parents have given consent. The parents will "
            "see that the referral was sent."
        ),
        gettext_lazy("Mark the referral as sent"),
        True,
        forms.ConfirmForm,
        services.consent_referral_mark_sent,
        gettext_lazy("The referral has been recorded as sent."),
        frozenset({ConsentStatus.GIVEN}),
    ),
}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def consent_step(request: HttpRequest, request_id: int, step: str) -> HttpResponse:
    action = STEPS[step]
    context = AuditContext.from_request(request)
    fetch = access_consent_to_manage if action.for_staff else access_consent_to_answer
    consent = fetch(actor=request.user, request_id=request_id, context=context)
    selectors.consent_step_audited(actor=request.user, context=context, request=consent, step=step)
    form = action.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            action.service(
                actor=request.user, context=context, request=consent, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(action.done))
            return redirect("support:consent_detail", request_id=consent.pk)
    manager, parent = action.for_staff, not action.for_staff
    blocked = ""
    if not form.errors and not action.offered(consent, manager=manager, parent=parent):
        blocked = _("This step is not open for this request now.")
        if step == "referral" and not consent.referral_sent_at:
            blocked = _(
                "You cannot mark the referral as sent: the parents have not given consent. "
                "Contact the service only once consent is given."
            )
    return render(
        request,
        "support/consent/step.html",
        {
            "consent": consent,
            "form": form,
            "step": action,
            "step_name": step,
            "blocked": blocked,
        },
    )
