"""Parent invitations: the only way a parent's account is linked to a child."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import AuditAction, GuardianLink, Invitation, Pupil, User
from portal.services.audit import audit_record
from portal.services.notifications import notify_user_on_commit


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("pupil__school__local_authority")
        .filter(token_hash=hash_token(token))
        .first()
    )


def invitation_send(
    *,
    request: HttpRequest,
    pupil: Pupil,
    email: str,
    relationship: str,
    has_parental_responsibility: bool,
) -> Invitation:
    """Invite a parent or carer by email to link to one pupil.

    Caller: the pupil's school's SENCO. Any earlier pending invitation of the same
    address for the same pupil is revoked, so only the newest link works. The
    email is sent after the transaction commits. The token itself is never stored.
    """
    email = email.strip().lower()
    if GuardianLink.objects.filter(
        pupil=pupil, parent__email__iexact=email, revoked_at__isnull=True
    ).exists():
        raise ValidationError(
            {"email": _("A parent with this email address is already linked to this pupil.")}
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        for stale in Invitation.objects.select_for_update().filter(
            pupil=pupil, email=email, accepted_at__isnull=True, revoked_at__isnull=True
        ):
            stale.revoked_at = now
            stale.save(update_fields=["revoked_at"])
        invitation = Invitation.objects.create(
            pupil=pupil,
            email=email,
            relationship=relationship,
            has_parental_responsibility=has_parental_responsibility,
            token_hash=hash_token(token),
            invited_by=request.user,
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        audit_record(
            action=AuditAction.INVITATION_SENT,
            request=request,
            obj=invitation,
            school=pupil.school_id,
        )
        link = request.build_absolute_uri(reverse("portal:invitation_accept", args=[token]))
        context = {"invitation": invitation, "school": pupil.school, "link": link}
        subject = _("Your invitation to the %(school)s SEN Support portal") % {
            "school": pupil.school.name
        }
        body = render_to_string("portal/email/invitation.txt", context, request=request)
        # robust: a mail server that fails must not turn the saved invitation into an error page.
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]), robust=True
        )
    invitation.token = token
    return invitation


class InvitationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def invitation_accept(*, request: HttpRequest, token: str, user: User) -> GuardianLink:
    """Accept an invitation as the signed-in user, linking them to the pupil.

    The invitation must be pending (not used, revoked or expired) and addressed to
    the user's own email address. It can be used once.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("pupil")
            .filter(token_hash=hash_token(token))
            .first()
        )
        if invitation is None:
            raise InvitationError(_("This invitation link is not valid."))
        if invitation.state != "pending":
            raise InvitationError(
                {
                    "accepted": _("This invitation has already been used."),
                    "revoked": _("This invitation has been withdrawn by the school."),
                    "expired": _("This invitation has expired. Ask the school for a new one."),
                }[invitation.state]
            )
        if invitation.email.lower() != user.email.lower():
            raise InvitationError(
                _(
                    "This invitation was sent to a different email address. Sign in with the "
                    "address the invitation was sent to."
                )
            )
        if GuardianLink.objects.filter(
            parent=user, pupil=invitation.pupil, revoked_at__isnull=True
        ).exists():
            raise InvitationError(_("You are already linked to this child."))
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        try:
            with transaction.atomic():
                link = GuardianLink.objects.create(
                    parent=user,
                    pupil=invitation.pupil,
                    relationship=invitation.relationship,
                    has_parental_responsibility=invitation.has_parental_responsibility,
                    invitation=invitation,
                )
        except IntegrityError as error:  # a second invitation accepted at the same moment
            raise InvitationError(_("You are already linked to this child.")) from error
        audit_record(
            action=AuditAction.INVITATION_ACCEPTED,
            request=request,
            actor=user,
            obj=invitation,
            school=invitation.pupil.school_id,
        )
        notify_user_on_commit(
            user_id=invitation.invited_by_id,
            kind="invitation.accepted",
            text=_("%(email)s accepted the invitation for %(pupil)s.")
            % {"email": user.email, "pupil": invitation.pupil.display_name},
            url=reverse("portal:pupil_detail", args=[invitation.pupil_id]),
        )
    return link


def invitation_revoke(*, request: HttpRequest, invitation: Invitation) -> None:
    """Withdraw a pending invitation. Caller: the school's SENCO."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            return
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            action=AuditAction.INVITATION_REVOKED,
            request=request,
            obj=invitation,
            school=invitation.pupil.school_id,
        )


def guardian_link_revoke(*, request: HttpRequest, link: GuardianLink) -> None:
    """End a parent's link to a pupil. Caller: the school's SENCO. The row is kept."""
    with transaction.atomic():
        link = GuardianLink.objects.select_for_update().select_related("pupil").get(pk=link.pk)
        if link.revoked_at:
            return
        link.revoked_at = timezone.now()
        link.revoked_by = request.user
        link.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            action=AuditAction.LINK_REVOKED,
            request=request,
            obj=link,
            school=link.pupil.school_id,
        )
