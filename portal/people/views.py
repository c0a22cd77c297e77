"""Parent invitations and links: thin views."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.core.ratelimit import consume_or_429
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.audit.actors import AuditContext
from portal.auth.adapters import INVITATION_SESSION_KEY
from portal.people import services as invitation_services
from portal.people.access import access_guardian_link_to_revoke, access_invitation_to_revoke
from portal.people.forms import InvitationForm
from portal.pupils.access import access_pupil_to_manage


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_to_manage(actor=request.user, pupil_id=pupil_id, context=context)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_services.invitation_send(
                actor=request.user,
                context=context,
                pupil=pupil,
                email=form.cleaned_data["email"],
                relationship=form.cleaned_data["relationship"],
                has_parental_responsibility=form.cleaned_data["has_parental_responsibility"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("portal:pupil_detail", pupil_id=pupil.pk)
    return render(request, "people/invitation_form.html", {"form": form, "pupil": pupil})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    invitation = access_invitation_to_revoke(
        actor=request.user, invitation_id=invitation_id, context=context
    )
    if request.method == "POST":
        invitation_services.invitation_revoke(
            actor=request.user, context=context, invitation=invitation
        )
        messages.success(request, _("Invitation withdrawn."))
        return redirect("portal:pupil_detail", pupil_id=invitation.pupil_id)
    return _confirm(
        request,
        title=_("Withdraw the invitation to %(email)s?") % {"email": invitation.email},
        body=_("The link in the email will stop working."),
        action=_("Withdraw invitation"),
        pupil_id=invitation.pupil_id,
    )


def _confirm(request: HttpRequest, *, title: str, body: str, action: str, pupil_id: int):
    """The 'are you sure?' page before a destructive POST; Cancel goes back to the pupil."""
    context = {
        "title": title,
        "body": body,
        "action": action,
        "back": reverse("portal:pupil_detail", args=[pupil_id]),
    }
    return render(request, "components/confirm.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    link = access_guardian_link_to_revoke(actor=request.user, link_id=link_id, context=context)
    if request.method == "POST":
        invitation_services.guardian_link_revoke(actor=request.user, context=context, link=link)
        messages.success(request, _("Link removed."))
        return redirect("portal:pupil_detail", pupil_id=link.pupil_id)
    return _confirm(
        request,
        title=_("Remove %(parent)s's link to %(pupil)s?")
        % {"parent": link.parent, "pupil": link.pupil},
        body=_("They will no longer see anything about this child."),
        action=_("Remove link"),
        pupil_id=link.pupil_id,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the page a parent reaches from the invitation email."""
    limited = consume_or_429(request, action="invitation_accept", limit_get=True)
    if limited:
        return limited
    invitation = invitation_services.invitation_for_token(token)
    problem = invitation_services.invitation_problem(invitation)
    if problem:
        return render(request, "people/invitation_invalid.html", {"problem": problem}, status=410)
    if not request.user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = token
        get_adapter(request).stash_verified_email(request, invitation.email)
        return render(
            request,
            "people/invitation_welcome.html",
            {"invitation": invitation, "next": request.path},
        )
    problem = None
    if request.method == "POST":
        try:
            invitation_services.invitation_accept(
                actor=request.user, context=AuditContext.from_request(request), token=token
            )
        except invitation_services.InvitationError as error:
            problem = error.message
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            messages.success(
                request,
                _("You are now linked to %(name)s at %(school)s.")
                % {"name": invitation.pupil.display_name, "school": invitation.pupil.school},
            )
            return redirect("portal:dashboard")
    return render(
        request, "people/invitation_accept.html", {"invitation": invitation, "problem": problem}
    )
