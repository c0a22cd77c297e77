"""Parent invitations: the only way a parent's account is linked to a child."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.notifications.models import NotificationKind
from portal.notifications.services import absolute_url, email_enqueue, notify
from portal.people.models import GuardianLink, Invitation, InvitationState, Relationship, User
from portal.pupils.models import Pupil

INVITATION_PROBLEMS = {
    InvitationState.ACCEPTED: gettext_noop("This invitation has already been used."),
    InvitationState.REVOKED: gettext_noop("This invitation has been withdrawn by the school."),
    InvitationState.EXPIRED: gettext_noop(
        "This invitation has expired. Ask the school for a new one."
    ),
}


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why an invitation link cannot be used, in the reader's language; None if it can."""
    if invitation is None:
        return _("This invitation link is not valid.")
    if invitation.state == InvitationState.PENDING:
        return None
    return _(INVITATION_PROBLEMS[invitation.state])


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
    actor: User,
    context: AuditContext,
    pupil: Pupil,
    email: str,
    relationship: Relationship,
    has_parental_responsibility: bool,
) -> Invitation:
    """Invite a parent or carer by email to link to one pupil.

    Caller: the pupil's school's SENCO. Any earlier pending invitation of the same
    address for the same pupil is revoked, so only the newest link works. The email
    goes to the outbox in the same transaction and is sent by the worker, retried
    until delivered. It names the child by first name only. The token itself is
    never stored.
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
            invited_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        audit_record(
            action=AuditAction.INVITATION_SENT,
            actor=actor,
            context=context,
            obj=invitation,
            school_id=pupil.school_id,
        )
        link = absolute_url(reverse("portal:invitation_accept", args=[token]))
        template_context = {
            "invitation": invitation,
            "school": pupil.school,
            "child_name": pupil.preferred_name or pupil.legal_first_name,
            "link": link,
        }
        # The school's language: the parent has no account yet to say theirs.
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Your invitation to the %(school)s SEN Support portal") % {
                "school": pupil.school.name
            }
            body = render_to_string("people/email/invitation.txt", template_context)
        invitation.outbound_email = email_enqueue(
            to=email, subject=subject, body=body, requested_by=actor
        )
        invitation.save(update_fields=["outbound_email"])
    invitation.token = token
    return invitation


class InvitationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def invitation_accept(*, actor: User, context: AuditContext, token: str) -> GuardianLink:
    """Accept an invitation as the signed-in user, linking them to the pupil.

    The invitation must be pending (not used, revoked or expired) and addressed to
    the user's own email address. It can be used once.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("pupil__school", "invited_by")
            .filter(token_hash=hash_token(token))
            .first()
        )
        problem = invitation_problem(invitation)
        if problem:
            raise InvitationError(problem)
        user = actor
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
        from portal.support.notices.services import formal_notice_on_link

        formal_notice_on_link(context=context, link=link)
        audit_record(
            action=AuditAction.INVITATION_ACCEPTED,
            actor=user,
            context=context,
            obj=invitation,
            school_id=invitation.pupil.school_id,
        )
        notify(
            recipients=[invitation.invited_by],
            kind=NotificationKind.INVITATION_ACCEPTED,
            text=gettext_noop("%(email)s accepted the invitation for %(pupil)s."),
            params={"email": user.email, "pupil": invitation.pupil.display_name},
            url=reverse("portal:pupil_detail", args=[invitation.pupil_id]),
        )
        notify(
            recipients=[user],
            kind=NotificationKind.CHILD_LINKED,
            text=gettext_noop(
                "You can now see %(pupil)s's page for %(school)s: who works with them and how "
                "to contact the SENCO."
            ),
            params={"pupil": invitation.pupil.display_name, "school": invitation.pupil.school.name},
            url=reverse("portal:pupil_detail", args=[invitation.pupil_id]),
        )
    return link


def invitation_revoke(*, actor: User, context: AuditContext, invitation: Invitation) -> None:
    """Withdraw a pending invitation. Caller: the school's SENCO."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            return
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            action=AuditAction.INVITATION_REVOKED,
            actor=actor,
            context=context,
            obj=invitation,
            school_id=invitation.pupil.school_id,
        )


def guardian_link_revoke(*, actor: User, context: AuditContext, link: GuardianLink) -> None:
    """End a parent's link to a pupil. Caller: the school's SENCO. The row is kept."""
    with transaction.atomic():
        link = GuardianLink.objects.select_for_update().select_related("pupil").get(pk=link.pk)
        if link.revoked_at:
            return
        link.revoked_at = timezone.now()
        link.revoked_by = actor
        link.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            action=AuditAction.LINK_REVOKED,
            actor=actor,
            context=context,
            obj=link,
            school_id=link.pupil.school_id,
        )
