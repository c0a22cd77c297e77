"""Thin views: parse input, call access_*, call a service or selector, render."""

from __future__ import annotations

from allauth.core.ratelimit import consume_or_429
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import user_has_device

from portal import access, selectors
from portal.adapters import INVITATION_SESSION_KEY
from portal.forms import (
    InvitationForm,
    OtpTokenForm,
    PupilForm,
    RegisterFilterForm,
    TeacherAssignmentForm,
)
from portal.services import invitations as invitation_services
from portal.services import otp as otp_services
from portal.services import pupils as pupil_services

BACKUP_CODES_SESSION_KEY = "portal_new_backup_codes"


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _register_context(request: HttpRequest, school) -> dict:
    filters = RegisterFilterForm(request.GET or None)
    status = area = None
    if filters.is_valid():
        status = filters.cleaned_data["status"] or None
        area = filters.cleaned_data["area"] or None
    return {
        "school": school,
        "filters": filters,
        "pupils": selectors.sen_register(request=request, school=school, status=status, area=area),
        "filtered": bool(status or area),
        "can_manage": access.can_manage_school(request.user, school.pk),
        "brand_colour": school.brand_colour,
    }


@login_required
@never_cache
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = access.roles_for(user)
    register_schools = selectors.register_schools(user=user)
    context = {
        "children": selectors.children_of(user=user),
        "advice": selectors.local_authorities_for_parent(user=user),
        "register_schools": register_schools,
        "register": (
            _register_context(request, register_schools[0]) if len(register_schools) == 1 else None
        ),
        "taught": selectors.pupils_taught_by(user=user),
        "trust_schools": selectors.trust_overview(user=user) if roles.trust_ids else [],
        "memberships": selectors.staff_roles_at(user=user),
        "offer_second_factor": not access.needs_second_factor(user),
    }
    return render(request, "portal/dashboard.html", context)


@login_required
@never_cache
def school_overview(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.access_school_overview(user=request.user, school_id=school_id, request=request)
    roles = access.roles_for(request.user)
    if roles.has_role(school.pk, access.REGISTER_ROLES):
        return render(request, "portal/school_register.html", _register_context(request, school))
    context = {
        "school": school,
        "counts": selectors.register_counts(school=school),
        "brand_colour": school.brand_colour,
    }
    return render(request, "portal/school_counts.html", context)


@login_required
@never_cache
def pupil_detail(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.access_pupil(user=request.user, pupil_id=pupil_id, request=request)
    can_manage = access.can_manage_school(request.user, pupil.school_id)
    record = selectors.pupil_record(request=request, pupil=pupil, for_manager=can_manage)
    is_parent = access.is_parent_of(request.user, pupil)
    context = {
        "record": record,
        "pupil": pupil,
        "can_manage": can_manage,
        "advice": [pupil.school.local_authority] if is_parent else [],
        "brand_colour": pupil.school.brand_colour,
    }
    return render(request, "portal/pupil_detail.html", context)


def _pupil_form_errors(form: PupilForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def pupil_create(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access.access_school_to_manage(user=request.user, school_id=school_id, request=request)
    form = PupilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pupil = pupil_services.pupil_create(
                request=request,
                school=school,
                areas_of_need=form.cleaned_data["areas_of_need"],
                **form.pupil_fields(),
            )
        except ValidationError as error:
            _pupil_form_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": pupil})
            return redirect("portal:pupil_detail", pupil_id=pupil.pk)
    return render(
        request,
        "portal/pupil_form.html",
        {"form": form, "school": school, "title": _("Add a pupil")},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def pupil_edit(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.access_pupil_to_manage(user=request.user, pupil_id=pupil_id, request=request)
    if request.method == "GET":
        selectors.pupil_record_opened_for_edit(request=request, pupil=pupil)
    form = PupilForm(request.POST or None, instance=pupil)
    if request.method == "POST" and form.is_valid():
        try:
            pupil_services.pupil_update(
                request=request,
                pupil=pupil,
                areas_of_need=form.cleaned_data["areas_of_need"],
                **form.pupil_fields(),
            )
        except ValidationError as error:
            _pupil_form_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("portal:pupil_detail", pupil_id=pupil.pk)
    return render(
        request,
        "portal/pupil_form.html",
        {"form": form, "school": pupil.school, "pupil": pupil, "title": _("Edit pupil details")},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def pupil_teachers(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.access_pupil_to_manage(user=request.user, pupil_id=pupil_id, request=request)
    teachers = selectors.school_teachers(school=pupil.school)
    initial = {"teachers": list(pupil.assignments.values_list("teacher_id", flat=True))}
    form = TeacherAssignmentForm(request.POST or None, teachers=teachers, initial=initial)
    if request.method == "POST" and form.is_valid():
        pupil_services.teachers_assign(
            request=request, pupil=pupil, teachers=list(form.cleaned_data["teachers"])
        )
        messages.success(request, _("Staff who work with %(name)s updated.") % {"name": pupil})
        return redirect("portal:pupil_detail", pupil_id=pupil.pk)
    return render(request, "portal/pupil_teachers.html", {"form": form, "pupil": pupil})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = access.access_pupil_to_manage(user=request.user, pupil_id=pupil_id, request=request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_services.invitation_send(
                request=request, pupil=pupil, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("portal:pupil_detail", pupil_id=pupil.pk)
    return render(request, "portal/invitation_form.html", {"form": form, "pupil": pupil})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = access.access_invitation_to_revoke(
        user=request.user, invitation_id=invitation_id, request=request
    )
    if request.method == "POST":
        invitation_services.invitation_revoke(request=request, invitation=invitation)
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
    return render(request, "portal/confirm.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    link = access.access_guardian_link_to_revoke(
        user=request.user, link_id=link_id, request=request
    )
    if request.method == "POST":
        invitation_services.guardian_link_revoke(request=request, link=link)
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
    if invitation is None or invitation.state != "pending":
        problem = (
            _("This invitation link is not valid.")
            if invitation is None
            else {
                "accepted": _("This invitation has already been used."),
                "revoked": _("This invitation has been withdrawn by the school."),
                "expired": _("This invitation has expired. Ask the school for a new one."),
            }[invitation.state]
        )
        return render(request, "portal/invitation_invalid.html", {"problem": problem}, status=410)
    if not request.user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = token
        from allauth.account.adapter import get_adapter

        get_adapter(request).stash_verified_email(request, invitation.email)
        return render(
            request,
            "portal/invitation_welcome.html",
            {"invitation": invitation, "next": request.path},
        )
    problem = None
    if request.method == "POST":
        try:
            invitation_services.invitation_accept(request=request, token=token, user=request.user)
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
        request, "portal/invitation_accept.html", {"invitation": invitation, "problem": problem}
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        # Someone holding only the password must not replace the owner's second factor.
        return redirect(f"{reverse('portal:otp_verify')}?{urlencode({'next': request.path})}")
    device = otp_services.otp_pending_device(user=request.user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST":
        limited = consume_or_429(request, action="otp_verify", user=request.user)
        if limited:
            return limited
        if form.is_valid():
            codes = otp_services.otp_confirm_setup(
                request=request, device=device, token=form.cleaned_data["token"]
            )
            if codes is not None:
                request.session[BACKUP_CODES_SESSION_KEY] = codes
                next_url = _safe_next(request, "")
                query = f"?{urlencode({'next': next_url})}" if next_url else ""
                return redirect(reverse("portal:otp_backup_codes") + query)
            form.add_error("token", _("The code is not right. Check your app and try again."))
    context = {
        "form": form,
        "qr_svg": otp_services.otp_qr_svg(device),
        "secret": device.key,
        "secret_b32": _base32(device.key),
        "next": _safe_next(request, ""),
    }
    return render(request, "portal/otp_setup.html", context)


def _base32(hex_key: str) -> str:
    import base64

    encoded = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, reverse("portal:dashboard"))
    if request.user.is_verified():
        return redirect(next_url)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST":
        limited = consume_or_429(request, action="otp_verify", user=request.user)
        if limited:
            return limited
        if form.is_valid():
            if otp_services.otp_verify(request=request, token=form.cleaned_data["token"]):
                return redirect(next_url)
            form.add_error(
                "token",
                _("The code is not right, or you tried too soon after a wrong one. Try again."),
            )
    return render(request, "portal/otp_verify.html", {"form": form, "next": next_url})


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
            request=request, user=request.user
        )
        return redirect("portal:otp_backup_codes")
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    return render(
        request,
        "portal/otp_backup_codes.html",
        {"codes": codes, "next": _safe_next(request, reverse("portal:dashboard"))},
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database (and Redis, when configured) health for load balancers: 200 or 503."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "error"
    from django.conf import settings

    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception:  # noqa: BLE001
            checks["redis"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
