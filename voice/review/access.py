"""Who may read and review a pupil's views.

Each access_* raises 404 for "does not exist" and "not yours" alike (audited as a refused
reach), and 403 where the person may see the thing but not act on it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_access_refused, audit_record
from portal.auth.rules import second_factor_passed
from portal.people.models import StaffRole, User
from portal.people.roles import roles_for
from portal.pupils.access import access_pupil, is_parent_of
from portal.pupils.models import Pupil
from portal.schools.access import can_manage_school
from portal.schools.models import School
from voice.models import Response, SafeguardingFlag

# The school roles that read every pupil's views (assigned teachers read their pupils').
READER_ROLES = frozenset({StaffRole.SENCO, StaffRole.HEADTEACHER})
DSL_ROLES = frozenset({StaffRole.DSL})


def _staff(actor: Actor | None) -> bool:
    return isinstance(actor, User) and actor.is_authenticated and second_factor_passed(actor)


def can_read_views(actor: Actor | None, pupil: Pupil) -> bool:
    """The school's SENCO and headteacher, and the teachers assigned to the pupil while they
    still work at the pupil's school."""
    if not _staff(actor):
        return False
    roles = roles_for(actor)
    if roles.has_role(pupil.school_id, READER_ROLES):
        return True
    return (
        pupil.school_id in roles.school_roles and pupil.assignments.filter(teacher=actor).exists()
    )


def is_dsl_of(actor: Actor | None, school_id: int) -> bool:
    return _staff(actor) and roles_for(actor).has_role(school_id, DSL_ROLES)


def access_response(*, actor: Actor, response_id: int, context: AuditContext) -> Response:
    """A pupil's response, for those who read the pupil's views, and for the school's DSL when
    the response carries a safeguarding flag. Parents read views on their own page. The caller
    audits the read (`selectors.response_for_staff_audited`)."""
    response = (
        Response.objects.select_related(
            "pupil", "school", "request__question_set", "supervised_by", "reviewed_by"
        )
        .annotate(flagged=Exists(SafeguardingFlag.objects.filter(response=OuterRef("pk"))))
        .filter(pk=response_id)
        .first()
    )
    if response is None or not (
        can_read_views(actor, response.pupil)
        or (response.flagged and is_dsl_of(actor, response.school_id))
    ):
        raise audit_access_refused(
            actor=actor, context=context, object_type="voice.response", object_id=response_id
        )
    return response


def access_response_to_review(*, actor: Actor, response_id: int, context: AuditContext) -> Response:
    """The response, for the school's SENCO; whoever may read it but not review it gets 403."""
    response = access_response(actor=actor, response_id=response_id, context=context)
    if not can_manage_school(actor, response.school_id):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            obj=response,
            detail="review pupil's views",
        )
        raise PermissionDenied
    return response


def access_school_responses(*, actor: Actor, school_id: int, context: AuditContext) -> School:
    """The school, for its SENCO and headteacher (the list of views waiting for review)."""
    school = School.objects.filter(pk=school_id).first()
    if school is None or not (_staff(actor) and roles_for(actor).has_role(school.pk, READER_ROLES)):
        raise audit_access_refused(
            actor=actor, context=context, object_type="school", object_id=school_id
        )
    return school


def access_parent_views(*, actor: Actor, pupil_id: int, context: AuditContext) -> Pupil:
    """The pupil, for a linked parent (the views shared with them). Staff who may see the pupil
    read the views on the staff pages and get 403 here."""
    pupil = access_pupil(actor=actor, pupil_id=pupil_id, context=context)
    if not is_parent_of(actor, pupil):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            actor=actor,
            context=context,
            obj=pupil,
            detail="parent's page of pupil's views",
        )
        raise PermissionDenied
    return pupil
