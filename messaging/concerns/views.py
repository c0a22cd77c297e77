"""Concerns: the parent's question pages, the concern page for parent and staff, the steps on it,
the school's list, report and procedure, and the trust's counts. Thin views: parse input, call
access_*, a service or a selector, render."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.files.models import Attachment
from portal.files.responses import attachment_download_response
from portal.govuk_forms import add_service_errors
from portal.people.models import User
from portal.pupils.access import access_pupil, is_parent_of
from portal.pupils.models import Pupil
from portal.ratelimit import limit_wait, render_rate_limited

from . import forms, selectors, services
from .access import (
    access_concern,
    access_concern_as_raiser,
    access_concern_to_manage,
    access_school_concerns,
    access_trust_concern_counts,
    can_manage_concern,
    is_raiser,
)
from .models import ConcernCategory, ConcernPolicy, ConcernStatus

DRAFT = "concern_draft"


# The raise journey ------------------------------------------------------------------------------


def _children(user: User) -> list[Pupil]:
    return list(
        Pupil.objects.filter(guardian_links__parent=user, guardian_links__revoked_at__isnull=True)
        .select_related("school")
        .order_by("legal_first_name", "pk")
    )


def _draft(request: HttpRequest) -> dict:
    return dict(request.session.get(DRAFT) or {})


def _save_draft(request: HttpRequest, draft: dict) -> None:
    request.session[DRAFT] = draft


def _draft_pupil(request: HttpRequest, draft: dict) -> Pupil | None:
    """The child the draft is about, while the parent is still linked to them."""
    pupil_id = draft.get("pupil_id")
    if not isinstance(pupil_id, int):
        return None
    pupil = Pupil.objects.select_related("school__local_authority").filter(pk=pupil_id).first()
    return pupil if pupil is not None and is_parent_of(request.user, pupil) else None


@login_required
@never_cache
@require_GET
def concern_start_for_pupil(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """Start from a child's page: the child is chosen already."""
    pupil = access_pupil(
        actor=request.user, pupil_id=pupil_id, context=AuditContext.from_request(request)
    )
    if not is_parent_of(request.user, pupil):
        raise PermissionDenied
    _save_draft(request, {"pupil_id": pupil.pk, "from_child": True})
    return redirect("messaging:concern_category")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def concern_start(request: HttpRequest) -> HttpResponse:
    """Start elsewhere: a parent with several children chooses the child first."""
    children = _children(request.user)
    if not children:
        raise Http404
    if len(children) == 1:
        _save_draft(request, {"pupil_id": children[0].pk, "from_child": False})
        return redirect("messaging:concern_category")
    draft = _draft(request)
    initial = {"pupil": draft.get("pupil_id")} if not draft.get("from_child") else {}
    form = forms.ChildForm(
        request.POST if request.method == "POST" else None, children=children, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        draft.update(pupil_id=form.cleaned_data["pupil"], from_child=False)
        _save_draft(request, draft)
        return redirect(_next_step(request, "messaging:concern_category"))
    return render(
        request,
        "concerns/question.html",
        {"form": form, "field": form["pupil"], "back": reverse("portal:dashboard")},
    )


@dataclass(frozen=True)
class Question:
    form_class: type
    field: str
    back: str
    next: str


QUESTIONS = {
    "category": Question(forms.CategoryForm, "category", "", "messaging:concern_what_happened"),
    "what_happened": Question(
        forms.WhatHappenedForm,
        "what_happened",
        "messaging:concern_category",
        "messaging:concern_would_like",
    ),
    "would_like": Question(
        forms.WouldLikeForm,
        "would_like",
        "messaging:concern_what_happened",
        "messaging:concern_check",
    ),
}


def _next_step(request: HttpRequest, default: str) -> str:
    """Back to check your answers after a change made from there."""
    if request.GET.get("change") == "1":
        return reverse("messaging:concern_check")
    return reverse(default)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def concern_question(request: HttpRequest, step: str) -> HttpResponse:
    question = QUESTIONS[step]
    draft = _draft(request)
    pupil = _draft_pupil(request, draft)
    if pupil is None:
        return redirect("messaging:concern_start")
    form = question.form_class(
        request.POST if request.method == "POST" else None,
        initial={question.field: draft.get(question.field, "")},
    )
    if request.method == "POST" and form.is_valid():
        draft[question.field] = form.cleaned_data[question.field]
        _save_draft(request, draft)
        return redirect(_next_step(request, question.next))
    if question.back:
        back = reverse(question.back)
    elif draft.get("from_child"):
        back = reverse("portal:pupil_detail", args=[pupil.pk])
    else:
        back = reverse("messaging:concern_start")
    return render(
        request,
        "concerns/question.html",
        {"form": form, "field": form[question.field], "back": back, "pupil": pupil},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def concern_check(request: HttpRequest) -> HttpResponse:
    """Check your answers, then send. Every answer must be there."""
    draft = _draft(request)
    pupil = _draft_pupil(request, draft)
    if pupil is None:
        return redirect("messaging:concern_start")
    for step, question in QUESTIONS.items():
        if not draft.get(question.field):
            return redirect(f"messaging:concern_{step}")
    form = forms.SendForm(request.POST, request.FILES) if request.method == "POST" else None
    form = form or forms.SendForm()
    page = {
        "form": form,
        "pupil": pupil,
        "draft": draft,
        "category_label": ConcernCategory(draft["category"]).label
        if draft["category"] in ConcernCategory.values
        else "",
        "choose_child": not draft.get("from_child") and len(_children(request.user)) > 1,
    }
    if request.method == "POST" and form.is_valid():
        # Only a concern that would be sent counts: a refused file does not use up the limit.
        wait = limit_wait(request, action="concern_raise")
        if wait is not None:
            return render_rate_limited(request, "concerns/check.html", page, wait_seconds=wait)
        try:
            concern = services.concern_raise(
                actor=request.user,
                context=AuditContext.from_request(request),
                pupil=pupil,
                category=draft["category"],
                what_happened=draft["what_happened"],
                would_like=draft["would_like"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(DRAFT, None)
            return redirect("messaging:concern_sent", concern_id=concern.pk)
    return render(request, "concerns/check.html", page)


@login_required
@never_cache
@require_GET
def concern_sent(request: HttpRequest, concern_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    concern = access_concern_as_raiser(actor=request.user, concern_id=concern_id, context=context)
    return render(request, "concerns/sent.html", {"concern": concern})


# The concern page ---------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def concern_detail(request: HttpRequest, concern_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    concern = access_concern(actor=request.user, concern_id=concern_id, context=context)
    page = selectors.concern_page(actor=request.user, context=context, concern=concern)
    manager = can_manage_concern(request.user, concern)
    raiser = is_raiser(request.user, concern)
    today = services.local_today()
    return render(
        request,
        "concerns/detail.html",
        {
            "concern": concern,
            "page": page,
            "acknowledge_overdue": concern.acknowledge_overdue(today),
            "answer_overdue": concern.answer_overdue(today),
            "can_manage": manager,
            "is_raiser": raiser,
            "actions": [
                (name, action.title)
                for name, action in ACTIONS.items()
                if action.offered(concern, manager=manager, raiser=raiser)
            ],
            "authority": concern.school.local_authority,
            "brand_colour": concern.school.brand_colour,
        },
    )


@dataclass(frozen=True)
class Action:
    title: object
    for_staff: bool
    form_class: type | None
    service: object
    done: object
    statuses: frozenset = frozenset(ConcernStatus.values)
    rate_limit: str = ""

    def offered(self, concern, *, manager: bool, raiser: bool) -> bool:
        allowed = manager if self.for_staff else raiser
        return allowed and concern.status in self.statuses


OPEN = frozenset({ConcernStatus.RECEIVED, ConcernStatus.ACKNOWLEDGED, ConcernStatus.IN_PROGRESS})
ACTIONS: dict[str, Action] = {
    "acknowledge": Action(
        gettext_lazy("Acknowledge the concern"),
        True,
        None,
        services.concern_acknowledge,
        gettext_lazy("Concern acknowledged. The parent has been told."),
        frozenset({ConcernStatus.RECEIVED}),
    ),
    "assign": Action(
        gettext_lazy("Assign to a member of staff"),
        True,
        forms.AssignForm,
        services.concern_assign,
        gettext_lazy("Concern assigned."),
        OPEN,
    ),
    "in_progress": Action(
        gettext_lazy("Mark as in progress"),
        True,
        None,
        services.concern_mark_in_progress,
        gettext_lazy("Concern marked as in progress. The parent has been told."),
        frozenset({ConcernStatus.RECEIVED, ConcernStatus.ACKNOWLEDGED}),
    ),
    "reply": Action(
        gettext_lazy("Reply to the parent"),
        True,
        forms.ReplyForm,
        services.concern_reply,
        gettext_lazy("Reply sent to the parent."),
        rate_limit="concern_reply",
    ),
    "answer": Action(
        gettext_lazy("Answer the concern"),
        True,
        forms.AnswerForm,
        services.concern_answer,
        gettext_lazy("Answer sent to the parent."),
        OPEN,
    ),
    "revise": Action(
        gettext_lazy("Set a revised date"),
        True,
        forms.ReviseDateForm,
        services.concern_revise_date,
        gettext_lazy("New date set. The parent has been told."),
        OPEN,
    ),
    "close": Action(
        gettext_lazy("Close the concern"),
        True,
        None,
        services.concern_close,
        gettext_lazy("Concern closed. The parent has been told."),
        frozenset(ConcernStatus.values) - {ConcernStatus.CLOSED},
    ),
    "parent_reply": Action(
        gettext_lazy("Add a reply"),
        False,
        forms.ReplyForm,
        services.concern_parent_reply,
        gettext_lazy("Your reply has been sent to the school."),
        rate_limit="concern_reply",
    ),
    "not_resolved": Action(
        gettext_lazy("This did not resolve my concern"),
        False,
        forms.NotResolvedForm,
        services.concern_escalate,
        gettext_lazy("The school has been told. The next steps are shown below."),
        frozenset({ConcernStatus.ANSWERED, ConcernStatus.CLOSED}),
    ),
}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def concern_action(request: HttpRequest, concern_id: int, action: str) -> HttpResponse:
    step = ACTIONS[action]
    context = AuditContext.from_request(request)
    fetch = access_concern_to_manage if step.for_staff else access_concern_as_raiser
    concern = fetch(actor=request.user, concern_id=concern_id, context=context)
    kwargs = {}
    if action == "assign":
        staff = selectors.assignable_staff(school=concern.school)
        kwargs["staff"] = staff
    if action == "revise":
        kwargs["concern"] = concern
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = step.form_class(data, files, **kwargs) if step.form_class else None
    errors: list[str] = []
    page = {"concern": concern, "form": form, "title": step.title, "action": action}
    if request.method == "POST" and (form is None or form.is_valid()):
        # Only a post that would be taken counts: a refused file does not use up the limit.
        if step.rate_limit:
            wait = limit_wait(request, action=step.rate_limit)
            if wait is not None:
                return render_rate_limited(
                    request, "concerns/action.html", page | {"errors": []}, wait_seconds=wait
                )
        values = dict(form.cleaned_data) if form is not None else {}
        if action == "assign":
            values["assignee"] = next(u for u, _label in staff if u.pk == values["assignee"])
        try:
            step.service(actor=request.user, context=context, concern=concern, **values)
        except ValidationError as error:
            if form is None:
                errors = list(error.messages)
            else:
                add_service_errors(form, error)
        else:
            messages.success(request, str(step.done))
            return redirect("messaging:concern_detail", concern_id=concern.pk)
    if not step.offered(concern, manager=step.for_staff, raiser=not step.for_staff) and not (
        errors or (form is not None and form.errors)
    ):
        errors = [_("This step is not open for this concern now.")]
    return render(request, "concerns/action.html", page | {"errors": errors})


@login_required
@never_cache
@require_GET
def concern_attachment(request: HttpRequest, concern_id: int, attachment_id: int) -> HttpResponse:
    """A file given with an entry of the concern's timeline, for whoever may see the concern.
    Each download is an audited read."""
    context = AuditContext.from_request(request)
    concern = access_concern(actor=request.user, concern_id=concern_id, context=context)
    attachment = Attachment.objects.filter(
        pk=attachment_id, school_id=concern.school_id, concern_events__concern=concern
    ).first()
    if attachment is None:
        raise Http404
    audit_record(
        action=AuditAction.ATTACHMENT_DOWNLOADED,
        actor=request.user,
        context=context,
        obj=attachment,
        detail=f"concern {concern.pk}",
    )
    return attachment_download_response(attachment=attachment)


# Staff lists, report and procedure ----------------------------------------------------------


@login_required
@never_cache
@require_GET
def school_concern_list(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_concerns(actor=request.user, school_id=school_id, context=context)
    filters = forms.StatusFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else None
    today = services.local_today()
    page = selectors.school_concerns_audited(
        actor=request.user,
        context=context,
        school=school,
        status=status or None,
        page_number=request.GET.get("page"),
        today=today,
    )

    def href(number: int) -> str:
        return "?" + urlencode({**({"status": status} if status else {}), "page": number})

    return render(
        request,
        "concerns/school_list.html",
        {
            "school": school,
            "filters": filters,
            "page": page,
            "today": today,
            "previous": href(page.previous_page_number()) if page.has_previous() else None,
            "next": href(page.next_page_number()) if page.has_next() else None,
            "brand_colour": school.brand_colour,
        },
    )


@login_required
@never_cache
@require_GET
def school_concern_report(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_concerns(actor=request.user, school_id=school_id, context=context)
    return render(
        request,
        "concerns/report.html",
        {
            "school": school,
            "periods": selectors.concern_report(school=school),
            "brand_colour": school.brand_colour,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def concern_settings(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_concerns(actor=request.user, school_id=school_id, context=context)
    # Read without making one: a refused form must leave nothing behind.
    policy = ConcernPolicy.objects.filter(school=school).first() or ConcernPolicy(school=school)
    stages = list(policy.stages.all()) if policy.pk else []
    initial = {
        "acknowledge_within_days": policy.acknowledge_within_days,
        "answer_within_days": policy.answer_within_days,
        "complaints_procedure_url": policy.complaints_procedure_url,
        "stages": "\n".join(
            " | ".join(part for part in (s.name, s.how_to_start, s.contact) if part) for s in stages
        ),
    }
    form = forms.PolicyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_policy_update(
                actor=request.user,
                context=context,
                school=school,
                acknowledge_within_days=form.cleaned_data["acknowledge_within_days"],
                answer_within_days=form.cleaned_data["answer_within_days"],
                complaints_procedure_url=form.cleaned_data["complaints_procedure_url"],
                stages=form.stage_details(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Concerns procedure saved."))
            return redirect("messaging:school_concern_list", school_id=school.pk)
    return render(request, "concerns/settings.html", {"form": form, "school": school})


@login_required
@never_cache
@require_GET
def trust_concern_counts(request: HttpRequest, trust_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    trust = access_trust_concern_counts(actor=request.user, trust_id=trust_id, context=context)
    return render(
        request,
        "concerns/trust_counts.html",
        {"trust": trust, "schools": selectors.trust_concern_reports(trust=trust)},
    )
