"""Who may see a conversation, start one, or set a school's quiet hours. Each access_* raises 404
for missing and not-yours alike, and 403 where the person may see but not act; refusals are
written to the audit trail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from messaging.conversations.models import Conversation, ConversationMember
from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_access_refused, audit_record
from portal.auth.rules import second_factor_passed
from portal.files.models import Attachment
from portal.people.models import GuardianLink, StaffRole, User
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.pupils.access import access_pupil, is_parent_of
from portal.pupils.models import Pupil, TeachingAssignment
from portal.schools.models import School

# Roles that set a school's quiet hours.
QUIET_HOURS_ROLES = frozenset({StaffRole.SENCO, StaffRole.HEADTEACHER})

# Staff who stay in every conversation of their school; other staff stay only while they are
# assigned to the pupil (as `selectors.staff_to_message` offers them).
OVERSIGHT_ROLES = frozenset({StaffRole.SENCO, StaffRole.HEADTEACHER})


def _is_user(actor: Actor | None) -> bool:
    return isinstance(actor, User) and actor.is_authenticated


def visible_conversations(user: User) -> QuerySet[Conversation]:
    """The conversations the user may open: those they are a member of, as the parent while
    still linked to the pupil, or as staff who have passed the second factor while they are
    still the school's SENCO or headteacher, or still work at the school and are assigned to the
    pupil. One query when evaluated (the roles are the request's)."""
    if not (_is_user(user) and second_factor_passed(user)):
        return Conversation.objects.none()
    linked = GuardianLink.objects.filter(
        parent=user, pupil_id=OuterRef("pupil_id"), revoked_at__isnull=True
    )
    member = ConversationMember.objects.filter(conversation_id=OuterRef("pk"), user=user)
    assigned = TeachingAssignment.objects.filter(pupil_id=OuterRef("pupil_id"), teacher=user)
    roles = roles_for(user)
    overseen = list(roles.schools_with(OVERSIGHT_ROLES))
    staff_schools = list(roles.school_roles)
    still_staff = Q(school_id__in=overseen) | (Q(school_id__in=staff_schools) & Q(Exists(assigned)))
    return Conversation.objects.filter(Exists(member)).filter(
        Q(Exists(linked), parent=user) | (~Q(parent=user) & still_staff)
    )


def is_current_member(user: Actor | None, conversation: Conversation) -> bool:
    """A member who still belongs: the parent while linked to the pupil; staff while they are
    the school's SENCO or headteacher, or work at the school and are still assigned to the pupil
    (the rule `selectors.staff_to_message` offers recipients by). Services ask this of actors
    and recipients; pages also need the second factor (`can_open_conversation`)."""
    if not _is_user(user):
        return False
    if not ConversationMember.objects.filter(conversation=conversation, user=user).exists():
        return False
    if conversation.parent_id == user.pk:
        return is_parent_of(user, conversation.pupil)
    return still_works_with_pupil(user, conversation)


def still_works_with_pupil(user: User, conversation: Conversation) -> bool:
    """Staff who may stay in a conversation: the school's SENCO or headteacher, or staff of the
    school still assigned to the pupil."""
    roles = roles_for(user)
    if roles.has_role(conversation.school_id, OVERSIGHT_ROLES):
        return True
    return (
        conversation.school_id in roles.school_roles
        and TeachingAssignment.objects.filter(pupil_id=conversation.pupil_id, teacher=user).exists()
    )


def can_open_conversation(user: Actor | None, conversation: Conversation) -> bool:
    return _is_user(user) and second_factor_passed(user) and is_current_member(user, conversation)


def access_conversation(*, actor: Actor, conversation_id: int, context: AuditContext):
    """The conversation, for its members only: the parent while still linked to the pupil, and
    staff past the second factor while they are the school's SENCO or headteacher or still
    assigned to the pupil. The caller audits the
    read (selectors.conversation_thread_audited does)."""
    conversation = (
        Conversation.objects.select_related("pupil", "school").filter(pk=conversation_id).first()
    )
    if conversation is None or not can_open_conversation(actor, conversation):
        raise audit_access_refused(
            actor=actor, context=context, object_type="conversation", object_id=conversation_id
        )
    return conversation


def access_conversation_attachment(
    *, actor: Actor, conversation: Conversation, attachment_id: int, context: AuditContext
) -> Attachment:
    """A file attached to a message of a conversation the actor was already given
    (access_conversation); 404 for any other. The download is audited as a read of the
    attachment and of the pupil's record."""
    attachment = Attachment.objects.filter(
        pk=attachment_id, conversation_messages__conversation=conversation
    ).first()
    if attachment is None:
        raise audit_access_refused(
            actor=actor, context=context, object_type="attachment", object_id=attachment_id
        )
    audit_record(
        action=AuditAction.ATTACHMENT_DOWNLOADED,
        actor=actor,
        context=context,
        obj=attachment,
        detail=f"conversation {conversation.pk} pupil {conversation.pupil_id}",
    )
    return attachment


def may_start_about(actor: Actor | None, pupil: Pupil) -> bool:
    """A linked parent, or the school's SENCO (services ask this; pages ask `can_start_about`,
    which also needs the second factor)."""
    return is_parent_of(actor, pupil) or (
        _is_user(actor) and roles_for(actor).has_role(pupil.school_id, MANAGE_ROLES)
    )


def can_start_about(actor: Actor | None, pupil: Pupil) -> bool:
    return _is_user(actor) and second_factor_passed(actor) and may_start_about(actor, pupil)


def access_pupil_to_start_conversation(
    *, actor: Actor, pupil_id: int, context: AuditContext
) -> Pupil:
    """The pupil, for a linked parent or the school's SENCO; 403 for others who may see the
    pupil (assigned teachers, the headteacher, the DSL), 404 for everyone else."""
    pupil = access_pupil(actor=actor, pupil_id=pupil_id, context=context)
    if not can_start_about(actor, pupil):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            obj=pupil,
            detail="start conversation",
        )
        raise PermissionDenied
    return pupil


def can_set_quiet_hours(actor: Actor | None, school_id: int) -> bool:
    return (
        _is_user(actor)
        and second_factor_passed(actor)
        and roles_for(actor).has_role(school_id, QUIET_HOURS_ROLES)
    )


def quiet_hours_schools(user: Actor | None) -> list[School]:
    """The schools whose quiet hours the user sets. One query, none for people without a role."""
    if not (_is_user(user) and second_factor_passed(user)):
        return []
    school_ids = roles_for(user).schools_with(QUIET_HOURS_ROLES)
    return list(School.objects.filter(pk__in=school_ids).order_by("name")) if school_ids else []


def access_school_quiet_hours(*, actor: Actor, school_id: int, context: AuditContext) -> School:
    """A school whose quiet hours the actor sets: its SENCO or headteacher."""
    school = School.objects.select_related("local_authority").filter(pk=school_id).first()
    if school is None or not can_set_quiet_hours(actor, school.pk):
        raise audit_access_refused(
            actor=actor, context=context, object_type="quiet hours", object_id=school_id
        )
    return school
