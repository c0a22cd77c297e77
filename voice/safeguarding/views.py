"""The DSL's pages: the school's queue, a flag with its steps, and the school's list of words.
Thin views: parse input, call access_*, a service or a selector, render."""

from __future__ import annotations

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

from . import forms, selectors, services
from .access import (
    access_flag,
    access_safeguarding_queue,
    access_safeguarding_words,
    can_edit_words,
    require_words_editor,
)


@login_required
@never_cache
@require_GET
def safeguarding_queue(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_safeguarding_queue(actor=request.user, school_id=school_id, context=context)
    return render(
        request,
        "voice/safeguarding/queue.html",
        {
            "school": school,
            "sections": selectors.safeguarding_queue(school_id=school.pk),
            "resolved_shown": selectors.RESOLVED_SHOWN,
        },
    )


def _flag_page(request, flag, context, *, note_form=None, status=200) -> HttpResponse:
    page = selectors.flag_page(actor=request.user, context=context, flag=flag)
    return render(
        request,
        "voice/safeguarding/flag.html",
        {
            "flag": flag,
            "page": page,
            "is_open": services.flag_is_open(flag),
            "note_form": note_form or forms.NoteForm(),
        },
        status=status,
    )


@login_required
@never_cache
@require_GET
def flag_detail(request: HttpRequest, flag_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    flag = access_flag(actor=request.user, flag_id=flag_id, context=context)
    return _flag_page(request, flag, context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def flag_acknowledge(request: HttpRequest, flag_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    flag = access_flag(actor=request.user, flag_id=flag_id, context=context)
    if request.method == "GET":  # the step is a button on the flag's page
        return redirect("voice:flag_detail", flag_id=flag.pk)
    if services.flag_acknowledge(actor=request.user, context=context, flag=flag):
        messages.success(request, _("Flag acknowledged."))
    return redirect("voice:flag_detail", flag_id=flag.pk)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def flag_note(request: HttpRequest, flag_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    flag = access_flag(actor=request.user, flag_id=flag_id, context=context)
    if request.method == "GET":  # the step is a button on the flag's page
        return redirect("voice:flag_detail", flag_id=flag.pk)
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.flag_note_add(
                actor=request.user, context=context, flag=flag, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Note added."))
            return redirect("voice:flag_detail", flag_id=flag.pk)
    return _flag_page(request, flag, context, note_form=form)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def flag_resolve(request: HttpRequest, flag_id: int) -> HttpResponse:
    """Resolve in two steps: the form, then check your answers; only the confirmed post acts."""
    context = AuditContext.from_request(request)
    flag = access_flag(actor=request.user, flag_id=flag_id, context=context)
    if not services.flag_is_open(flag):
        messages.info(request, _("This flag is already resolved."))
        return redirect("voice:flag_detail", flag_id=flag.pk)
    form = forms.ResolveForm(request.POST if request.method == "POST" else None)
    page = {"flag": flag, "form": form}
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") != "yes":
            return render(request, "voice/safeguarding/resolve_check.html", page)
        try:
            services.flag_resolve(
                actor=request.user, context=context, flag=flag, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Flag resolved."))
            return redirect("voice:flag_detail", flag_id=flag.pk)
    return render(request, "voice/safeguarding/resolve.html", page)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def safeguarding_words(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_safeguarding_words(actor=request.user, school_id=school_id, context=context)
    own = services.school_words(school_id=school.pk)
    if request.method == "POST":
        require_words_editor(actor=request.user, school=school, context=context)
        if request.POST.get("reset") == "yes":
            services.safeguarding_words_save(
                actor=request.user, context=context, school_id=school.pk, reset=True
            )
            messages.success(request, _("The school now uses the default list."))
            return redirect("voice:safeguarding_words", school_id=school.pk)
        form = forms.WordsForm(request.POST)
        if form.is_valid():
            try:
                services.safeguarding_words_save(
                    actor=request.user,
                    context=context,
                    school_id=school.pk,
                    phrases=form.cleaned_data["phrases"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The list of words is saved."))
                return redirect("voice:safeguarding_words", school_id=school.pk)
    else:
        text = own.phrases if own is not None else services.default_words_text()
        form = forms.WordsForm(initial={"phrases": text})
    return render(
        request,
        "voice/safeguarding/words.html",
        {
            "school": school,
            "form": form,
            "uses_default": own is None,
            "can_edit": can_edit_words(request.user, school.pk),
        },
    )
