"""Question sets for staff: a school's list and a trust's, a set as a pupil would see it, and
the SENCO's (or the trust SEND lead's) editor. Thin views: access_*, a selector or a service,
render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.audit.actors import AuditContext
from portal.govuk_forms import add_service_errors
from portal.people.roles import roles_for
from portal.ratelimit import limit_wait, render_rate_limited
from voice.models import QuestionSet, SetScope, SetStatus

from . import forms, selectors, services
from .access import (
    access_card_to_edit,
    access_question_set,
    access_question_set_to_edit,
    access_question_to_edit,
    access_school_sets,
    access_trust_sets,
    can_edit_school_sets,
    can_edit_set,
    copy_targets,
)
from .wording import wording_advice


def _list_url(user, question_set: QuestionSet) -> str:
    """Where "Back" from a set goes: the list it belongs to, or the reader's own school's."""
    if question_set.scope == SetScope.SCHOOL:
        return reverse("voice:set_list", args=[question_set.school_id])
    roles = roles_for(user)
    if question_set.scope == SetScope.TRUST and question_set.trust_id in roles.trust_ids:
        return reverse("voice:trust_set_list", args=[question_set.trust_id])
    if roles.school_roles:
        return reverse("voice:set_list", args=[min(roles.school_roles)])
    if roles.trust_ids:
        return reverse("voice:trust_set_list", args=[min(roles.trust_ids)])
    return reverse("portal:dashboard")


def _set_url(question_set: QuestionSet) -> str:
    return reverse("voice:set_detail", args=[question_set.pk])


@login_required
@never_cache
@require_GET
def set_list(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_sets(actor=request.user, school_id=school_id, context=context)
    sets = selectors.sets_for_school(school)
    return render(
        request,
        "voice/sets/list.html",
        {
            "owner": school,
            "groups": _grouped(sets),
            "can_edit": can_edit_school_sets(request.user, school.pk),
            "is_trust": False,
        },
    )


@login_required
@never_cache
@require_GET
def trust_set_list(request: HttpRequest, trust_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    trust = access_trust_sets(actor=request.user, trust_id=trust_id, context=context)
    return render(
        request,
        "voice/sets/list.html",
        {
            "owner": trust,
            "groups": _grouped(selectors.sets_for_trust(trust)),
            "can_edit": True,
            "is_trust": True,
        },
    )


def _grouped(sets: list[QuestionSet]) -> list[tuple[str, list[QuestionSet]]]:
    names = {
        SetScope.BUILT_IN: _("Built-in sets"),
        SetScope.TRUST: _("Sets from the trust"),
        SetScope.SCHOOL: _("The school’s own sets"),
    }
    return [
        (names[scope], [s for s in sets if s.scope == scope])
        for scope in (SetScope.BUILT_IN, SetScope.TRUST, SetScope.SCHOOL)
        if any(s.scope == scope for s in sets)
    ]


@login_required
@never_cache
@require_GET
def set_detail(request: HttpRequest, set_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    question_set = access_question_set(actor=request.user, set_id=set_id, context=context)
    can_edit = can_edit_set(request.user, question_set)
    in_use = selectors.set_in_use(question_set)
    schools, trusts = copy_targets(request.user, question_set)
    editable = can_edit and not in_use and question_set.status != SetStatus.ARCHIVED
    return render(
        request,
        "voice/sets/detail.html",
        {
            "question_set": question_set,
            "questions": selectors.set_questions(question_set),
            "can_edit": can_edit,
            "editable": editable,
            "in_use": in_use,
            "can_copy": bool(schools or trusts),
            "problems": services.ready_problems(question_set)
            if editable and question_set.status == SetStatus.DRAFT
            else [],
            "card_kinds": services.CARD_KINDS,
            "back": _list_url(request.user, question_set),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def set_copy(request: HttpRequest, set_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    source = access_question_set(actor=request.user, set_id=set_id, context=context)
    schools, trusts = copy_targets(request.user, source)
    if not schools and not trusts:
        raise Http404
    form = forms.CopyForm(request.POST or None, schools=schools, trusts=trusts)
    page = {"form": form, "question_set": source, "back": _set_url(source)}
    if request.method == "POST" and form.is_valid():
        wait = limit_wait(request, action="voice_set_copy")
        if wait is not None:
            return render_rate_limited(request, "voice/sets/copy.html", page, wait_seconds=wait)
        kind, _sep, pk = form.cleaned_data["target"].partition("-")
        target = {
            "school": next((s for s in schools if str(s.pk) == pk), None)
            if kind == "school"
            else None,
            "trust": next((t for t in trusts if str(t.pk) == pk), None)
            if kind == "trust"
            else None,
        }
        copy = services.question_set_copy(
            actor=request.user, context=context, source=source, **target
        )
        messages.success(request, _("Set copied. It is a draft until you mark it ready."))
        return redirect(_set_url(copy))
    return render(request, "voice/sets/copy.html", page)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def set_edit(request: HttpRequest, set_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    question_set = access_question_set_to_edit(actor=request.user, set_id=set_id, context=context)
    if request.method == "POST":
        form = forms.SetForm(request.POST)
        if form.is_valid():
            try:
                services.question_set_update(
                    actor=request.user,
                    context=context,
                    question_set=question_set,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Set saved"))
                return redirect(_set_url(question_set))
    else:
        form = forms.SetForm(
            initial={
                "title": question_set.title,
                "introduction": question_set.introduction,
                "purpose": question_set.purpose,
            }
        )
    return render(
        request,
        "voice/sets/form.html",
        {
            "form": form,
            "question_set": question_set,
            "title": _("Change the set’s title"),
            "button": _("Save"),
            "back": _set_url(question_set),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def set_ready(request: HttpRequest, set_id: int) -> HttpResponse:
    """Check your answers before a set reaches pupils (for a trust's set: every school)."""
    context = AuditContext.from_request(request)
    question_set = access_question_set_to_edit(actor=request.user, set_id=set_id, context=context)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.question_set_mark_ready(
                actor=request.user, context=context, question_set=question_set
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Set published to every school of the trust")
                if question_set.scope == SetScope.TRUST
                else _("Set ready to use with pupils"),
            )
            return redirect(_set_url(question_set))
    return render(
        request,
        "voice/sets/ready.html",
        {
            "question_set": question_set,
            "questions": selectors.set_questions(question_set),
            "problems": errors or services.ready_problems(question_set),
            "posted": bool(errors),
            "back": _set_url(question_set),
        },
        status=400 if errors else 200,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def set_archive(request: HttpRequest, set_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    question_set = access_question_set_to_edit(actor=request.user, set_id=set_id, context=context)
    if request.method == "POST":
        services.question_set_archive(
            actor=request.user, context=context, question_set=question_set
        )
        messages.success(request, _("Set archived"))
        return redirect(_list_url(request.user, question_set))
    return render(
        request,
        "components/confirm.html",
        {
            "title": _("Archive “%(title)s”?") % {"title": question_set.title},
            "body": _(
                "Staff will no longer be able to ask pupils with this set. "
                "Pupils already asked can still finish."
            ),
            "action": _("Archive the set"),
            "back": _set_url(question_set),
        },
    )


def _question_input(data: dict) -> services.QuestionInput:
    return services.QuestionInput(
        kind=data["kind"],
        text=data["text"],
        symbol=data.get("symbol", ""),
        scale_size=data.get("scale_size"),
        allow_audio=data.get("allow_audio", False),
        passport_heading=data.get("passport_heading", ""),
    )


def _question_page(request, *, question_set, form, title, question=None):
    return render(
        request,
        "voice/sets/question_form.html",
        {
            "form": form,
            "question_set": question_set,
            "question": question,
            "title": title,
            "palette": selectors.symbol_palette(),
            "back": _set_url(question_set),
        },
    )


def _advise_on_wording(request: HttpRequest, text: str) -> None:
    """The question is saved; say what would make it easier for a pupil to read."""
    for advice in wording_advice(text):
        messages.warning(request, advice)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, set_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    question_set = access_question_set_to_edit(actor=request.user, set_id=set_id, context=context)
    form = forms.QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_add(
                actor=request.user,
                context=context,
                question_set=question_set,
                data=_question_input(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question added"))
            _advise_on_wording(request, question.text)
            return redirect(f"{_set_url(question_set)}#question-{question.pk}")
    return _question_page(request, question_set=question_set, form=form, title=_("Add a question"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, set_id: int, question_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    question = access_question_to_edit(
        actor=request.user, set_id=set_id, question_id=question_id, context=context
    )
    if request.method == "POST":
        form = forms.QuestionForm(request.POST, current_heading=question.passport_heading)
        if form.is_valid():
            try:
                saved = services.question_update(
                    actor=request.user,
                    context=context,
                    question=question,
                    data=_question_input(form.cleaned_data),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Question saved"))
                _advise_on_wording(request, saved.text)
                return redirect(f"{_set_url(question.question_set)}#question-{question.pk}")
    else:
        form = forms.QuestionForm(
            initial={
                "kind": question.kind,
                "text": question.text,
                "symbol": question.symbol,
                "scale_size": question.scale_size,
                "allow_audio": question.allow_audio,
                "passport_heading": question.passport_heading,
            },
            current_heading=question.passport_heading,
        )
    return _question_page(
        request,
        question_set=question.question_set,
        form=form,
        title=_("Change the question"),
        question=question,
    )


def _refused(request, error: ValidationError, question_set: QuestionSet) -> HttpResponse:
    for text in error.messages:
        messages.error(request, text)
    return redirect(_set_url(question_set))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, set_id: int, question_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    question = access_question_to_edit(
        actor=request.user, set_id=set_id, question_id=question_id, context=context
    )
    if request.method == "POST":
        try:
            services.question_delete(actor=request.user, context=context, question=question)
        except ValidationError as error:
            return _refused(request, error, question.question_set)
        messages.success(request, _("Question removed"))
        return redirect(_set_url(question.question_set))
    return render(
        request,
        "components/confirm.html",
        {
            "title": _("Remove the question “%(text)s”?") % {"text": question.text},
            "body": _("The question and its cards will be removed from this set."),
            "action": _("Remove the question"),
            "back": _set_url(question.question_set),
        },
    )


@login_required
@require_POST
def question_move(request: HttpRequest, set_id: int, question_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    question = access_question_to_edit(
        actor=request.user, set_id=set_id, question_id=question_id, context=context
    )
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        try:
            services.question_move(
                actor=request.user,
                context=context,
                question=question,
                up=form.cleaned_data["direction"] == "up",
            )
        except ValidationError as error:
            return _refused(request, error, question.question_set)
    return redirect(f"{_set_url(question.question_set)}#question-{question.pk}")


def _card_page(request, *, question, form, title):
    return render(
        request,
        "voice/sets/card_form.html",
        {
            "form": form,
            "question": question,
            "question_set": question.question_set,
            "title": title,
            "palette": selectors.symbol_palette(),
            "back": f"{_set_url(question.question_set)}#question-{question.pk}",
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def card_add(request: HttpRequest, set_id: int, question_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    question = access_question_to_edit(
        actor=request.user, set_id=set_id, question_id=question_id, context=context
    )
    if question.kind not in services.CARD_KINDS:
        raise Http404
    form = forms.CardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.card_add(
                actor=request.user,
                context=context,
                question=question,
                data=services.CardInput(**form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Card added"))
            return redirect(f"{_set_url(question.question_set)}#question-{question.pk}")
    return _card_page(request, question=question, form=form, title=_("Add a card"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def card_edit(request: HttpRequest, set_id: int, question_id: int, card_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    card = access_card_to_edit(
        actor=request.user,
        set_id=set_id,
        question_id=question_id,
        card_id=card_id,
        context=context,
    )
    if request.method == "POST":
        form = forms.CardForm(request.POST)
        if form.is_valid():
            try:
                services.card_update(
                    actor=request.user,
                    context=context,
                    card=card,
                    data=services.CardInput(**form.cleaned_data),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Card saved"))
                return redirect(
                    f"{_set_url(card.question.question_set)}#question-{card.question.pk}"
                )
    else:
        form = forms.CardForm(initial={"text": card.text, "symbol": card.symbol})
    return _card_page(request, question=card.question, form=form, title=_("Change the card"))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def card_delete(request: HttpRequest, set_id: int, question_id: int, card_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    card = access_card_to_edit(
        actor=request.user,
        set_id=set_id,
        question_id=question_id,
        card_id=card_id,
        context=context,
    )
    question_set = card.question.question_set
    if request.method == "POST":
        try:
            services.card_delete(actor=request.user, context=context, card=card)
        except ValidationError as error:
            return _refused(request, error, question_set)
        messages.success(request, _("Card removed"))
        return redirect(f"{_set_url(question_set)}#question-{card.question.pk}")
    return render(
        request,
        "components/confirm.html",
        {
            "title": _("Remove the card “%(text)s”?") % {"text": card.text},
            "body": _("The card will be removed from this question."),
            "action": _("Remove the card"),
            "back": f"{_set_url(question_set)}#question-{card.question.pk}",
        },
    )


@login_required
@require_POST
def card_move(request: HttpRequest, set_id: int, question_id: int, card_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    card = access_card_to_edit(
        actor=request.user,
        set_id=set_id,
        question_id=question_id,
        card_id=card_id,
        context=context,
    )
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        try:
            services.card_move(
                actor=request.user,
                context=context,
                card=card,
                up=form.cleaned_data["direction"] == "up",
            )
        except ValidationError as error:
            return _refused(request, error, card.question.question_set)
    return redirect(f"{_set_url(card.question.question_set)}#question-{card.question.pk}")
