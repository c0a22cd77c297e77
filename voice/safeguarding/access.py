"""Who may see and act on safeguarding flags and the school's list of words.

The school's safeguarding leads are its DSLs; a school with no DSL has its SENCO and
headteacher stand in (they are told of flags, and see and act on them). Nobody else sees a flag
or the queue, not the SENCO of a school with a DSL, not teachers, parents or the trust: a flag
is about what a child may have suffered, and is for the people who act on it. The list of words
is edited by the DSL and the SENCO together. Each access_* raises 404 for missing and not-yours
alike, and 403 where the person may see but not act.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_access_refused, audit_record
from portal.auth.rules import second_factor_passed
from portal.people.models import StaffMembership, StaffRole, User
from portal.people.roles import roles_for
from portal.schools.models import School
from voice.models import SafeguardingFlag

STAND_IN_ROLES = frozenset({StaffRole.SENCO, StaffRole.HEADTEACHER})
WORDS_ROLES = frozenset({StaffRole.DSL, StaffRole.SENCO})


def _is_user(actor: Actor | None) -> bool:
    return isinstance(actor, User) and actor.is_authenticated


def school_has_dsl(school_id: int) -> bool:
    """Whether the school has a DSL who can act: a deactivated account (someone who left) does
    not count, so the SENCO and headteacher stand in rather than nobody being told."""
    return StaffMembership.objects.filter(
        school_id=school_id, role=StaffRole.DSL, user__is_active=True
    ).exists()


def lead_roles(school_id: int) -> frozenset[str]:
    """The roles that see the school's flags: the DSL, or the stand-ins where there is none."""
    return frozenset({StaffRole.DSL}) if school_has_dsl(school_id) else STAND_IN_ROLES


def safeguarding_leads(*, school_id: int) -> list[User]:
    """Everyone told of a new flag: the school's DSLs, or its SENCO and headteacher."""
    return list(
        User.objects.filter(
            memberships__school_id=school_id,
            memberships__role__in=lead_roles(school_id),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def is_safeguarding_lead(actor: Actor | None, school_id: int) -> bool:
    """The relationship a service checks (the second factor is the view's concern)."""
    if not _is_user(actor):
        return False
    held = roles_for(actor).school_roles.get(school_id, set())
    if StaffRole.DSL in held:
        return True
    return bool(held & STAND_IN_ROLES) and not school_has_dsl(school_id)


def sees_safeguarding(actor: Actor | None, school_id: int) -> bool:
    return (
        _is_user(actor) and second_factor_passed(actor) and is_safeguarding_lead(actor, school_id)
    )


def can_edit_words(actor: Actor | None, school_id: int) -> bool:
    return _is_user(actor) and roles_for(actor).has_role(school_id, WORDS_ROLES)


def access_flag(*, actor: Actor, flag_id: int, context: AuditContext) -> SafeguardingFlag:
    """The flag, for a safeguarding lead of its school; 404 for anyone else. The caller audits
    the read (selectors.flag_page does)."""
    flag = (
        SafeguardingFlag.objects.select_related("school", "pupil", "response", "answer")
        .filter(pk=flag_id)
        .first()
    )
    if flag is None or not sees_safeguarding(actor, flag.school_id):
        raise audit_access_refused(
            actor=actor, context=context, object_type="safeguarding flag", object_id=flag_id
        )
    return flag


def access_safeguarding_queue(*, actor: Actor, school_id: int, context: AuditContext) -> School:
    """A school whose flags the actor sees: its DSL (or stand-ins); 404 for anyone else."""
    school = School.objects.filter(pk=school_id).first()
    if school is None or not sees_safeguarding(actor, school.pk):
        raise audit_access_refused(
            actor=actor, context=context, object_type="safeguarding queue", object_id=school_id
        )
    return school


def access_safeguarding_words(*, actor: Actor, school_id: int, context: AuditContext) -> School:
    """A school whose list of words the actor edits: its DSL or SENCO. The headteacher may read
    the list (403 on saving); anyone else gets 404."""
    school = School.objects.filter(pk=school_id).first()
    allowed = (
        school is not None
        and _is_user(actor)
        and second_factor_passed(actor)
        and roles_for(actor).has_role(school.pk, WORDS_ROLES | {StaffRole.HEADTEACHER})
    )
    if not allowed:
        raise audit_access_refused(
            actor=actor, context=context, object_type="safeguarding words", object_id=school_id
        )
    return school


def require_words_editor(*, actor: Actor, school: School, context: AuditContext) -> None:
    """403 for the headteacher, who may read the list but not change it."""
    if not can_edit_words(actor, school.pk):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            school_id=school.pk,
            detail="edit safeguarding words",
        )
        raise PermissionDenied
