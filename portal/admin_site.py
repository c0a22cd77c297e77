"""The Django admin: superusers only, signed in through the portal with a verified second factor."""

from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.shortcuts import redirect
from django.urls import reverse


def restrict_django_admin(site: AdminSite) -> None:
    def has_permission(request) -> bool:
        user = request.user
        return user.is_active and user.is_superuser and user.is_verified()

    def login(request, extra_context=None):
        query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
        return redirect(f"{reverse('account_login')}?{query}")

    site.has_permission = has_permission
    site.login = login
