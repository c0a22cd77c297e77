"""Asking a pupil for their views: the code page at /voice/ and the staff's pages. Thin views:
parse input, call access_*, a service or a selector, render."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.audit.actors import AuditContext
from portal.govuk_forms import add_service_errors
from portal.ratelimit import limit_check, limit_count

from ..access import request_is_open, visit_begin, visit_end, visit_of
from . import selectors, services
from .access import (
    access_pupil_to_ask,
    access_pupil_views,
    access_views_request_to_manage,
    can_ask,
)
from .card import card_qr_svg, card_url
from .codes import GROUP, code_display
from .forms import WRONG_CODE, CodeForm, RequestForm, prefill_code

METHODS = require_http_methods(["GET", "POST"])
CODE_LIMIT = "voice_code"


def _pupil_page(request: HttpRequest, template: str, context: dict, *, status: int = 200):
    return render(request, template, {"calm": False, "symbols_on": True, **context}, status=status)


def _too_many_tries(request: HttpRequest, form: CodeForm, wait_seconds: int) -> HttpResponse:
    """The code page, answered 429: the same whether the code typed exists or not."""
    minutes = max(1, math.ceil(wait_seconds / 60))
    message = ngettext(
        "Too many tries. Wait %(count)d minute, then try again.",
        "Too many tries. Wait %(count)d minutes, then try again.",
        minutes,
    ) % {"count": minutes}
    response = _pupil_page(
        request,
        "voice/asking/enter.html",
        {"form": form, "too_many": message},
        status=429,
    )
    response["Retry-After"] = str(max(1, int(wait_seconds)))
    return response


def _count_refused_try(request: HttpRequest, *, context: AuditContext, key: str) -> int | None:
    """Count a code that opened nothing; the seconds to wait if that filled a limit."""
    wait = limit_count(request, action=CODE_LIMIT, key=key)
    if wait is not None:
        # One row when a window fills, never one per wrong code: a flood cannot fill the
        # trail. Only the first group of what was typed is kept.
        services.code_refused_record(
            context=context, detail=f"too many wrong codes, first group {key}"
        )
    return wait


@never_cache
@METHODS
def enter(request: HttpRequest) -> HttpResponse:
    """ "Type your code". A code in the address (from the card's QR) only fills the box: the
    pupil presses Start, so a link preview or a scanner's fetch never starts a visit.

    Only codes that open nothing count against the limits (wrong ones, and those that have
    finished, expired or been cancelled, so probing for old codes costs the same): per address
    (a school's pupils share one) and per first group of four typed. A try while a limit is
    full is refused before the code is looked up, so the answer is the same whether the code
    exists."""
    if request.method != "POST":
        form = CodeForm(initial={"code": prefill_code(request.GET.get("code", ""))})
        return _pupil_page(request, "voice/asking/enter.html", {"form": form})
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _pupil_page(request, "voice/asking/enter.html", {"form": form})
    code = form.cleaned_data["code"]
    key = code[:GROUP]
    wait = limit_check(request, action=CODE_LIMIT, key=key)
    if wait is not None:
        return _too_many_tries(request, form, wait)
    context = AuditContext.from_request(request)
    try:
        views_request = services.views_request_enter(code=code, context=context)
    except services.CodeNotOpen:
        wait = _count_refused_try(request, context=context, key=key)
        if wait is not None:
            return _too_many_tries(request, form, wait)
        return _pupil_page(request, "voice/asking/finished.html", {})
    except services.CodeNotFound:
        wait = _count_refused_try(request, context=context, key=key)
        if wait is not None:
            return _too_many_tries(request, form, wait)
        form.add_error("code", WRONG_CODE)
        return _pupil_page(request, "voice/asking/enter.html", {"form": form})
    visit_begin(request, views_request)
    return redirect("voice:start")


@never_cache
@METHODS
def leave(request: HttpRequest) -> HttpResponse:
    """ "Stop for now": a POST ends the visit in this browser; the code still works."""
    if request.method == "POST":
        visit_end(request)
        return redirect("voice:leave")
    visit = visit_of(request)
    context = {"visit": visit}
    if visit is not None:
        context |= {
            "calm": visit.views_request.calm,
            "symbols_on": visit.views_request.symbols_on,
        }
    return _pupil_page(request, "voice/asking/leave.html", context)


# Staff ------------------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET"])
def pupil_views(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """A pupil's requests for their views and the responses given. Audited (VOICE_VIEWED)."""
    context = AuditContext.from_request(request)
    pupil = access_pupil_views(actor=request.user, pupil_id=pupil_id, context=context)
    views_requests = selectors.pupil_views_requests_read(
        actor=request.user, context=context, pupil=pupil
    )
    may_ask = can_ask(request.user, pupil)
    rows = [
        {
            "request": views_request,
            "open": request_is_open(views_request),
            # A live code lets whoever types it answer as the pupil: only those who may ask
            # (and so print the card) see it.
            "code": code_display(views_request.code) if may_ask else "",
            "response": getattr(views_request, "response", None),
        }
        for views_request in views_requests
    ]
    return render(
        request,
        "voice/asking/pupil_views.html",
        {"pupil": pupil, "rows": rows, "may_ask": may_ask},
    )


@login_required
@never_cache
@METHODS
def request_new(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_to_ask(actor=request.user, pupil_id=pupil_id, context=context)
    sets = services.sets_offered(pupil=pupil)
    meetings = list(services.meetings_offered(pupil=pupil)[:20])
    form = RequestForm(
        request.POST if request.method == "POST" else None, sets=sets, meetings=meetings
    )
    if request.method == "POST" and form.is_valid():
        try:
            views_request = services.views_request_create(
                actor=request.user,
                context=context,
                pupil=pupil,
                reuse_recent=True,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The code is ready. Print the card for the pupil."))
            return redirect("voice:request_card", request_id=views_request.pk)
    return render(
        request,
        "voice/asking/request_new.html",
        {"pupil": pupil, "form": form, "has_sets": sets.exists()},
    )


@login_required
@never_cache
@require_http_methods(["GET"])
def request_card(request: HttpRequest, request_id: int) -> HttpResponse:
    """The printable card: the pupil's first name only, the code and a QR code of the address
    that fills it in."""
    context = AuditContext.from_request(request)
    views_request = access_views_request_to_manage(
        actor=request.user, request_id=request_id, context=context
    )
    pupil = views_request.pupil
    is_open = request_is_open(views_request)
    return render(
        request,
        "voice/asking/card.html",
        {
            "views_request": views_request,
            "first_name": pupil.preferred_name or pupil.legal_first_name,
            "open": is_open,
            "code": code_display(views_request.code) if is_open else "",
            "qr_svg": card_qr_svg(views_request.code) if is_open else "",
            "address": settings.BASE_URL.rstrip("/") + reverse("voice:enter"),
            "card_url": card_url(views_request.code),
        },
    )


@login_required
@never_cache
@METHODS
def request_supervise(request: HttpRequest, request_id: int) -> HttpResponse:
    """A member of staff opens the form for the pupil on this device (a GET asks first). The
    visit ends if anyone else signs in here."""
    context = AuditContext.from_request(request)
    views_request = access_views_request_to_manage(
        actor=request.user, request_id=request_id, context=context
    )
    errors = []
    if not request_is_open(views_request):
        errors = [_("This code has finished or been cancelled. Ask for the pupil's views again.")]
    elif request.method == "POST":
        try:
            services.views_request_supervise(
                actor=request.user, context=context, views_request=views_request
            )
        except services.CodeNotOpen:
            errors = [_("This code has finished or been cancelled.")]
        else:
            visit_begin(request, views_request, supervised_by_id=request.user.pk)
            return redirect("voice:start")
    return render(
        request,
        "voice/asking/supervise.html",
        {"views_request": views_request, "pupil": views_request.pupil, "errors": errors},
    )


@login_required
@never_cache
@METHODS
def request_cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    views_request = access_views_request_to_manage(
        actor=request.user, request_id=request_id, context=context
    )
    back = reverse("voice:pupil_views", kwargs={"pupil_id": views_request.pupil_id})
    errors = []
    if request.method == "POST":
        try:
            services.views_request_cancel(
                actor=request.user, context=context, views_request=views_request
            )
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(request, _("The request is cancelled. Its code no longer works."))
            return redirect(back)
    return render(
        request,
        "voice/asking/cancel.html",
        {
            "views_request": views_request,
            "pupil": views_request.pupil,
            "errors": errors,
            "back": back,
            "open": request_is_open(views_request),
        },
    )
