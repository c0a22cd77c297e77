"""Who may see or change question sets. 404 for missing and not-yours alike; 403 where the
person may see a set but not change it.

- A school's sets (built-in, its trust's published ones, its own): any member of its staff
  reads them (they choose one when asking a pupil); its SENCO copies and edits the school's own.
- A trust's sets: its SEND lead reads, copies, edits and publishes them; once published
  (ready) every school of the trust reads them.
- Built-in sets: every member of staff reads them; nobody edits them (copy to change).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.audit.actors import Actor, AuditContext
from portal.audit.services import audit_access_refused
from portal.auth.rules import second_factor_passed
from portal.people.models import StaffRole, User
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.schools.models import School, Trust
from voice.models import Question, QuestionOption, QuestionSet, SetScope, SetStatus

STAFF_ROLES = frozenset(StaffRole)


def _user(actor: Actor | None) -> User | None:
    if isinstance(actor, User) and actor.is_authenticated and second_factor_passed(actor):
        return actor
    return None


def is_school_staff(actor: Actor | None, school_id: int) -> bool:
    user = _user(actor)
    return user is not None and roles_for(user).has_role(school_id, STAFF_ROLES)


def can_edit_school_sets(actor: Actor | None, school_id: int) -> bool:
    """The school's SENCO."""
    user = _user(actor)
    return user is not None and roles_for(user).has_role(school_id, MANAGE_ROLES)


def can_edit_trust_sets(actor: Actor | None, trust_id: int) -> bool:
    """The trust's SEND lead."""
    user = _user(actor)
    return user is not None and trust_id in roles_for(user).trust_ids


def can_read_set(actor: Actor | None, question_set: QuestionSet) -> bool:
    user = _user(actor)
    if user is None:
        return False
    roles = roles_for(user)
    if question_set.scope == SetScope.BUILT_IN:
        return bool(roles.school_roles) or bool(roles.trust_ids)
    if question_set.scope == SetScope.TRUST:
        if question_set.trust_id in roles.trust_ids:
            return True
        return question_set.status == SetStatus.READY and any(
            school_id in roles.school_roles for school_id in _trust_school_ids(question_set)
        )
    return roles.has_role(question_set.school_id, STAFF_ROLES)


def can_edit_set(actor: Actor | None, question_set: QuestionSet) -> bool:
    if question_set.scope == SetScope.TRUST:
        return can_edit_trust_sets(actor, question_set.trust_id)
    if question_set.scope == SetScope.SCHOOL:
        return can_edit_school_sets(actor, question_set.school_id)
    return False


def _trust_school_ids(question_set: QuestionSet) -> set[int]:
    return set(School.objects.filter(trust_id=question_set.trust_id).values_list("pk", flat=True))


def access_school_sets(*, actor: Actor, school_id: int, context: AuditContext) -> School:
    """A school whose question sets the actor reads: any member of its staff."""
    school = School.objects.select_related("trust").filter(pk=school_id).first()
    if school is None or not is_school_staff(actor, school.pk):
        raise audit_access_refused(
            actor=actor, context=context, object_type="school question sets", object_id=school_id
        )
    return school


def access_trust_sets(*, actor: Actor, trust_id: int, context: AuditContext) -> Trust:
    """A trust whose question sets the actor keeps: its SEND lead."""
    trust = Trust.objects.filter(pk=trust_id).first()
    if trust is None or not can_edit_trust_sets(actor, trust.pk):
        raise audit_access_refused(
            actor=actor, context=context, object_type="trust question sets", object_id=trust_id
        )
    return trust


def access_question_set(*, actor: Actor, set_id: int, context: AuditContext) -> QuestionSet:
    """A set the actor may read (see the module's docstring), or 404."""
    question_set = (
        QuestionSet.objects.select_related("school", "trust", "based_on").filter(pk=set_id).first()
    )
    if question_set is None or not can_read_set(actor, question_set):
        raise audit_access_refused(
            actor=actor, context=context, object_type="question set", object_id=set_id
        )
    return question_set


def access_question_set_to_edit(*, actor: Actor, set_id: int, context: AuditContext) -> QuestionSet:
    """A set the actor changes: the school's SENCO for a school's set, the trust's SEND lead for
    a trust's. 404 for those who may not read it; 403 for those who may read but not change it
    (every built-in set, a teacher, a school reading its trust's set)."""
    question_set = access_question_set(actor=actor, set_id=set_id, context=context)
    if not can_edit_set(actor, question_set):
        raise PermissionDenied
    return question_set


def access_question_to_edit(
    *, actor: Actor, set_id: int, question_id: int, context: AuditContext
) -> Question:
    question_set = access_question_set_to_edit(actor=actor, set_id=set_id, context=context)
    question = question_set.questions.filter(pk=question_id).first()
    if question is None:
        raise audit_access_refused(
            actor=actor, context=context, object_type="question", object_id=question_id
        )
    question.question_set = question_set
    return question


def access_card_to_edit(
    *, actor: Actor, set_id: int, question_id: int, card_id: int, context: AuditContext
) -> QuestionOption:
    question = access_question_to_edit(
        actor=actor, set_id=set_id, question_id=question_id, context=context
    )
    card = question.options.filter(pk=card_id).first()
    if card is None:
        raise audit_access_refused(
            actor=actor, context=context, object_type="card", object_id=card_id
        )
    card.question = question
    return card


def copy_targets(actor: Actor, question_set: QuestionSet) -> tuple[list[School], list[Trust]]:
    """Where the actor may copy `question_set`: the schools they are SENCO of that can use it,
    and the trusts they lead whose list holds it (built-in sets, or the trust's own)."""
    user = _user(actor)
    if user is None:
        return [], []
    roles = roles_for(user)
    schools = list(
        School.objects.filter(pk__in=roles.schools_with(MANAGE_ROLES)).order_by("name", "pk")
    )
    if question_set.scope == SetScope.TRUST:
        schools = [
            s
            for s in schools
            if s.trust_id == question_set.trust_id and question_set.status == SetStatus.READY
        ]
    elif question_set.scope == SetScope.SCHOOL:
        schools = [s for s in schools if s.pk == question_set.school_id]
    trusts: list[Trust] = []
    if question_set.scope == SetScope.BUILT_IN:
        trusts = list(Trust.objects.filter(pk__in=roles.trust_ids).order_by("name", "pk"))
    elif question_set.scope == SetScope.TRUST and question_set.trust_id in roles.trust_ids:
        trusts = [question_set.trust]
    return schools, trusts
