"""Request-wide session rules: session limits, the second factor, who reaches the CMS, and the
status of a sign-in refused for a wait."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.auth.adapters import SIGN_IN_WAIT_ATTRIBUTE
from portal.auth.redirects import VENDOR_SIGN_IN_PATHS
from portal.auth.rules import (
    SESSION_SEEN_KEY,
    SESSION_STARTED_KEY,
    needs_second_factor,
    second_factor_passed,
    session_expired,
)
from portal.middleware import unprefixed
from portal.notifications.services import session_end_notify

# Areas that hold pupil data or administer the site: a second factor comes first.
_PROTECTED = (
    "/portal/",
    "/cms/",
    "/django-admin/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/password/set/",
)
# Pages of /portal/ that a signed-in person must reach to pass the second factor.
_SECOND_FACTOR_PAGES = ("/portal/2fa/",)
# Seconds between writes of the last-seen time, so a busy session is not written on every request.
_SEEN_RESOLUTION = 30


class SessionLimitsMiddleware:
    """A session ends when it has been idle, or open in all, for longer than its owner's limits
    (`portal.auth.rules.session_limits`): staff 30 minutes and 8 hours, parents 2 hours and 14
    days."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            if session_expired(user=user, session=request.session, now=now):
                audit_record(
                    action=AuditAction.SESSION_EXPIRED,
                    actor=user,
                    context=AuditContext.from_request(request),
                )
                session_end_notify(session_key=request.session.session_key)
                logout(request)
                messages.info(request, _("You were signed out to keep pupils' information safe."))
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('account_login')}?{query}")
            request.session.setdefault(SESSION_STARTED_KEY, now)
            seen = request.session.get(SESSION_SEEN_KEY, 0)
            if now - seen >= _SEEN_RESOLUTION:
                request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Staff (and anyone who set up a second factor) reach no protected page until verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = unprefixed(request.path_info)
        user = request.user
        if (
            path.startswith(_PROTECTED)
            and not path.startswith(_SECOND_FACTOR_PAGES)
            and not path.startswith(VENDOR_SIGN_IN_PATHS)
            and user.is_authenticated
            and not user.is_verified()
            and needs_second_factor(user)
        ):
            target = "portal:otp_verify" if user_has_device(user) else "portal:otp_setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


class CmsAccessMiddleware:
    """Someone signed in without the right to edit pages gets a clear 403 at /cms/, instead of
    Wagtail sending them to a sign-in page that sends them back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        path = unprefixed(request.path_info)
        if (
            path.startswith("/cms/")
            and not path.startswith(VENDOR_SIGN_IN_PATHS)
            and second_factor_passed(user)
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            context = {
                "problem": _("You do not have access to edit the school's web pages."),
                "help": _(
                    "Ask your school's SENCO or headteacher if you need to edit the SEN "
                    "information report."
                ),
            }
            return render(request, "403.html", context, status=403)
        return self.get_response(request)


class SignInWaitMiddleware:
    """A sign-in refused until a wait has passed answers 429 with Retry-After: the page still
    shows the form, with the error saying how long to wait."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        wait = getattr(request, SIGN_IN_WAIT_ATTRIBUTE, None)
        if wait and response.status_code == 200:
            response.status_code = 429
            response.reason_phrase = "Too Many Requests"
            response["Retry-After"] = str(wait)
        return response
