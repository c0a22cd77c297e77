"""The Django admin: superusers only, signed in through the portal with a verified second factor."""

from django.contrib.admin import AdminSite
from django.http import HttpResponseRedirect
from django.urls import reverse

from portal.auth.redirects import safe_next, sign_in_url


def restrict_django_admin(site: AdminSite) -> None:
    def has_permission(request) -> bool:
        user = request.user
        return user.is_active and user.is_superuser and user.is_verified()

    def login(request, extra_context=None):
        # The root URLconf already sends /django-admin/login/ to the portal's sign-in; this
        # keeps the admin's own form out of reach should that pattern ever move.
        return HttpResponseRedirect(sign_in_url(safe_next(request, reverse("admin:index"))))

    site.has_permission = has_permission
    site.login = login
