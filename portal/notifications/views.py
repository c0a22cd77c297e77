"""A person's own notifications: the list, the unread count the header polls, the settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.notifications import selectors, services
from portal.notifications.forms import PreferenceForm
from portal.notifications.models import Delivery


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        messages.success(request, _("All notifications marked as read."))
        return redirect("portal:notification_list")
    items = selectors.notifications_for(user=request.user)
    return render(request, "notifications/list.html", {"notifications": items})


@login_required
@never_cache
@require_GET
def notification_unread(request: HttpRequest) -> JsonResponse:
    """The unread count, for pages whose live connection is down: they poll this instead."""
    return JsonResponse({"unread": selectors.unread_count(user_id=request.user.pk)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.delivery_for(user=request.user)
    form = PreferenceForm(
        request.POST if request.method == "POST" else None, initial={"delivery": current}
    )
    if request.method == "POST" and form.is_valid():
        services.preference_set(user=request.user, delivery=Delivery(form.cleaned_data["delivery"]))
        messages.success(request, _("Your notification settings are saved."))
        return redirect("portal:notification_list")
    return render(request, "notifications/preferences.html", {"form": form})
