"""Staff read and review pupils' views; parents read the views shared with them. Thin views:
parse input, call access_*, a service or a selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.audit.actors import AuditContext
from portal.govuk_forms import add_service_errors
from portal.pupils.access import access_pupil_to_manage
from portal.ratelimit import limit_wait, render_rate_limited
from portal.schools.access import can_manage_school

from . import selectors, services
from .access import (
    access_parent_views,
    access_response,
    access_response_to_review,
    access_school_responses,
    is_dsl_of,
)
from .forms import CommunicationNoteForm, ReviewForm

AUDIO_PLAYER = "voice/audio/player.html"


def url_if_known(name: str, *args) -> str | None:
    """A link to a page another part of pupil voice draws, or None while it is not there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def audio_player() -> str | None:
    try:
        get_template(AUDIO_PLAYER)
    except TemplateDoesNotExist:
        return None
    return AUDIO_PLAYER


def _response_context(request: HttpRequest, response, shown) -> dict:
    return {
        "response": response,
        "shown": shown,
        "pupil": response.pupil,
        "school": response.school,
        "note": selectors.communication_note(response.pupil),
        "can_review": can_manage_school(request.user, response.school_id),
        "is_dsl": is_dsl_of(request.user, response.school_id),
        "audio_player": audio_player(),
    }


@login_required
@never_cache
@require_GET
def response_detail(request: HttpRequest, response_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    response = access_response(actor=request.user, response_id=response_id, context=context)
    shown = selectors.response_for_staff_audited(
        actor=request.user, context=context, response=response
    )
    page = _response_context(request, response, shown)
    page["safeguarding_url"] = (
        url_if_known("voice:safeguarding_queue", response.school_id) if page["is_dsl"] else None
    )
    page["pupil_views_url"] = url_if_known("voice:pupil_views", response.pupil_id)
    return render(request, "voice/review/response_detail.html", page)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def response_review(request: HttpRequest, response_id: int) -> HttpResponse:
    """The review form. Its "Continue" ("check") shows the SENCO's answers to check; a POST from
    there (or any other valid POST) saves; "change" goes back to the form with what was
    entered."""
    context = AuditContext.from_request(request)
    response = access_response_to_review(
        actor=request.user, response_id=response_id, context=context
    )
    shown = selectors.response_for_staff_audited(
        actor=request.user, context=context, response=response, detail="review"
    )
    page = _response_context(request, response, shown)
    if not response.reviewable:
        return render(request, "voice/review/not_finished.html", page, status=409)
    posted = request.method == "POST" and "change" not in request.POST
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        answers=shown.answers,
        initial=ReviewForm.initial_for(response, shown.answers),
    )
    if posted and form.is_valid():
        if "check" in request.POST:
            return render(request, "voice/review/response_check.html", page | {"form": form})
        wait = limit_wait(request, action="voice_review")
        if wait is not None:
            return render_rate_limited(
                request,
                "voice/review/response_check.html",
                page | {"form": form},
                wait_seconds=wait,
            )
        try:
            services.response_review(
                actor=request.user,
                context=context,
                response=response,
                gathered_how=form.cleaned_data["gathered_how"],
                helped_by=form.cleaned_data["helped_by"],
                wordings=form.wordings(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review saved."))
            return redirect("voice:response_detail", response_id=response.pk)
    if request.method == "POST" and "change" in request.POST:
        form.errors.clear()
    return render(request, "voice/review/response_review.html", page | {"form": form})


@login_required
@never_cache
@require_GET
def school_responses(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_responses(actor=request.user, school_id=school_id, context=context)
    return render(
        request,
        "voice/review/school_responses.html",
        {
            "school": school,
            "lists": selectors.school_responses(school=school),
            "can_review": can_manage_school(request.user, school.pk),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def communication_edit(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_to_manage(actor=request.user, pupil_id=pupil_id, context=context)
    note = selectors.communication_note(pupil)
    form = CommunicationNoteForm(
        request.POST if request.method == "POST" else None,
        initial={"text": note.text} if note else {},
    )
    if request.method == "POST" and form.is_valid():
        wait = limit_wait(request, action="voice_communication")
        if wait is not None:
            return render_rate_limited(
                request,
                "voice/review/communication_edit.html",
                {"form": form, "pupil": pupil, "school": pupil.school},
                wait_seconds=wait,
            )
        try:
            services.communication_note_save(
                actor=request.user, context=context, pupil=pupil, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("How the pupil communicates is saved."))
            return redirect("portal:pupil_detail", pupil_id=pupil.pk)
    return render(
        request,
        "voice/review/communication_edit.html",
        {"form": form, "pupil": pupil, "school": pupil.school},
    )


@login_required
@never_cache
@require_GET
def parent_views(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_parent_views(actor=request.user, pupil_id=pupil_id, context=context)
    return render(
        request,
        "voice/review/parent_views.html",
        {
            "pupil": pupil,
            "responses": selectors.pupil_views_for_parent_audited(
                actor=request.user, context=context, pupil=pupil
            ),
            "note": selectors.communication_note(pupil),
        },
    )
