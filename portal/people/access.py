"""Who may withdraw an invitation or remove a parent's link: the pupil's school's SENCO."""

from __future__ import annotations

from portal.audit.actors import Actor, AuditContext
from portal.audit.services import audit_access_refused
from portal.people.models import GuardianLink, Invitation
from portal.schools.access import can_manage_school


def access_invitation_to_revoke(
    *, actor: Actor, invitation_id: int, context: AuditContext
) -> Invitation:
    invitation = Invitation.objects.select_related("pupil").filter(pk=invitation_id).first()
    if invitation is None or not can_manage_school(actor, invitation.pupil.school_id):
        raise audit_access_refused(
            actor=actor, context=context, object_type="invitation", object_id=invitation_id
        )
    return invitation


def access_guardian_link_to_revoke(
    *, actor: Actor, link_id: int, context: AuditContext
) -> GuardianLink:
    link = GuardianLink.objects.select_related("pupil", "parent").filter(pk=link_id).first()
    if link is None or not can_manage_school(actor, link.pupil.school_id):
        raise audit_access_refused(
            actor=actor, context=context, object_type="link", object_id=link_id
        )
    return link
