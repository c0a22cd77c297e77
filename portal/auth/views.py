"""The second factor: set up an authenticator, verify a code, backup codes."""

from __future__ import annotations

import base64

from allauth.core.ratelimit import consume_or_429
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device

from portal.audit.actors import AuditContext
from portal.auth import services as otp_services
from portal.auth.forms import OtpTokenForm
from portal.auth.redirects import safe_next
from portal.people.roles import roles_for

BACKUP_CODES_SESSION_KEY = "portal_new_backup_codes"


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        # Someone holding only the password must not replace the owner's second factor.
        return redirect(f"{reverse('portal:otp_verify')}?{urlencode({'next': request.path})}")
    device = otp_services.otp_pending_device(user=request.user)
    form = OtpTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        limited = consume_or_429(request, action="otp_verify", user=request.user)
        if limited:
            return limited
        if form.is_valid():
            codes = otp_services.otp_confirm_setup(
                request=request,
                context=AuditContext.from_request(request),
                device=device,
                token=form.cleaned_data["token"],
            )
            if codes is not None:
                request.session[BACKUP_CODES_SESSION_KEY] = codes
                next_url = safe_next(request, "")
                query = f"?{urlencode({'next': next_url})}" if next_url else ""
                return redirect(reverse("portal:otp_backup_codes") + query)
            form.add_error("token", _("The code is not right. Check your app and try again."))
    context = {
        "form": form,
        "is_staff_like": roles_for(request.user).is_staff_like or request.user.is_staff,
        "qr_svg": otp_services.otp_qr_svg(device),
        "secret": device.key,
        "secret_b32": _base32(device.key),
        "next": safe_next(request, ""),
    }
    return render(request, "auth/otp_setup.html", context)


def _base32(hex_key: str) -> str:
    encoded = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, reverse("portal:dashboard"))
    if request.user.is_verified():
        return HttpResponseRedirect(next_url)
    form = OtpTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        limited = consume_or_429(request, action="otp_verify", user=request.user)
        if limited:
            return limited
        if form.is_valid():
            verified = otp_services.otp_verify(
                request=request,
                context=AuditContext.from_request(request),
                token=form.cleaned_data["token"],
            )
            if verified:
                messages.success(request, _("You are signed in."))
                return HttpResponseRedirect(next_url)
            form.add_error(
                "token",
                _("The code is not right, or you tried too soon after a wrong one. Try again."),
            )
    return render(request, "auth/otp_verify.html", {"form": form, "next": next_url})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def otp_backup_codes(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        return redirect(
            "portal:otp_verify" if user_has_device(request.user) else "portal:otp_setup"
        )
    if request.method == "POST":
        request.session[BACKUP_CODES_SESSION_KEY] = otp_services.otp_backup_codes_issue(
            actor=request.user, context=AuditContext.from_request(request)
        )
        return redirect("portal:otp_backup_codes")
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    return render(
        request,
        "auth/otp_backup_codes.html",
        {"codes": codes, "next": safe_next(request, reverse("portal:dashboard"))},
    )
