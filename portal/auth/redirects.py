"""Where a person is sent next: only ever a path on this site, and the door into it is the
portal's own sign-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

# The vendors' sign-in and password reset pages that the root URLconf sends to the portal's
# sign-in. The session middleware lets them through to that redirect whoever asks.
VENDOR_SIGN_IN_PATHS = ("/cms/login/", "/cms/password_reset/", "/django-admin/login/")


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address from the form or the query when it is a plain path on this site;
    `default` for anything else (another site, a scheme, a bare word, whitespace or control
    characters), so that a redirect to it can never fail or leave the site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and target.isprintable()
        and not any(character.isspace() for character in target)
        and url_has_allowed_host_and_scheme(target, allowed_hosts=set())
    ):
        return target
    return default


def sign_in_url(next_url: str = "") -> str:
    """The portal's sign-in page, returning to `next_url` (already checked) afterwards."""
    url = reverse("account_login")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@csrf_exempt
@never_cache
def vendor_sign_in_redirect(request: HttpRequest, **kwargs) -> HttpResponse:
    """Wagtail's and Django's own sign-in and password reset pages lead here: every sign-in
    goes through the portal's form, with its limits, audit and email verification. Whatever is
    posted is ignored (hence no CSRF check: nothing is read or changed), and only a safe
    `next` is carried over."""
    return HttpResponseRedirect(sign_in_url(safe_next(request, "")))


@never_cache
def vendor_sign_out_redirect(request: HttpRequest) -> HttpResponse:
    """Wagtail's and Django's own sign-out lead to the portal's, which writes the audit row and
    closes the session's live sockets. A posted sign-out is passed on as a POST (307), with its
    CSRF token, so one press still signs out; a GET shows the portal's sign-out page."""
    return HttpResponseRedirect(reverse("account_logout"), status=307)


@never_cache
def vendor_password_change_redirect(request: HttpRequest) -> HttpResponse:
    """Django admin's own password change leads to the portal's, which applies the same
    password rules and signs the other sessions out."""
    return HttpResponseRedirect(reverse("account_change_password"))
