"""Who may see or change passports and their headings. 404 for missing and not-yours alike;
403 where the person may see but not change."""

from __future__ import annotations

from portal.audit.actors import Actor, AuditContext
from portal.audit.services import audit_access_refused
from portal.auth.rules import second_factor_passed
from portal.people.models import User
from portal.people.roles import roles_for
from portal.pupils.access import access_pupil, access_pupil_to_manage
from portal.pupils.models import Pupil
from portal.schools.access import access_school_to_manage
from portal.schools.models import School, Trust


def access_passport(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """The pupil whose passport the actor may read (COP-6.49): the school's register roles, the
    staff assigned to work with the pupil, and the linked parents. Anyone else gets 404. The
    caller audits the read (selectors.passport_page_audited does)."""
    return access_pupil(actor=actor, pupil_id=pupil_id, context=context)


def access_passport_to_edit(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """The pupil whose passport the actor writes: the school's SENCO. Those who may read it
    (assigned teachers, the headteacher, the DSL, parents) get 403."""
    return access_pupil_to_manage(actor=actor, pupil_id=pupil_id, context=context)


def access_school_passport_template(
    *, actor: Actor, school_id: int, context: AuditContext
) -> School:
    """A school whose passport headings the actor edits: its SENCO."""
    return access_school_to_manage(actor=actor, school_id=school_id, context=context)


def can_edit_trust_template(actor: Actor | None, trust_id: int) -> bool:
    return (
        isinstance(actor, User)
        and second_factor_passed(actor)
        and trust_id in roles_for(actor).trust_ids
    )


def access_trust_passport_template(*, actor: Actor, trust_id: int, context: AuditContext) -> Trust:
    """A trust whose standard passport headings the actor edits: its SEND lead."""
    trust = Trust.objects.filter(pk=trust_id).first()
    if trust is None or not can_edit_trust_template(actor, trust.pk):
        raise audit_access_refused(
            actor=actor, context=context, object_type="trust passport template", object_id=trust_id
        )
    return trust
