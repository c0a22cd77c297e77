"""Who may listen to a pupil's recorded answer: whoever may read the pupil's views."""

from __future__ import annotations

from portal.audit.actors import Actor, AuditContext
from portal.audit.services import audit_access_refused
from portal.auth.rules import second_factor_passed
from portal.people.models import StaffRole, User
from portal.people.roles import roles_for
from voice.models import Answer

# Those who read every pupil's views at their school.
READERS = frozenset({StaffRole.SENCO, StaffRole.HEADTEACHER})


def can_read_views(actor: Actor | None, answer: Answer) -> bool:
    """The school's SENCO or headteacher, a teacher assigned to the pupil (while they still work
    at the school), or the DSL when the answers were flagged for safeguarding. Never parents."""
    if not (isinstance(actor, User) and second_factor_passed(actor)):
        return False
    response = answer.response
    roles = roles_for(actor)
    if roles.has_role(response.school_id, READERS):
        return True
    if response.school_id not in roles.school_roles:
        return False
    if response.pupil.assignments.filter(teacher=actor).exists():
        return True
    return (
        roles.has_role(response.school_id, frozenset({StaffRole.DSL})) and response.flags.exists()
    )


def access_answer_audio(*, actor: Actor, answer_id: int, context: AuditContext) -> Answer:
    """The answer with a recording, for someone who may read the pupil's views; 404 (audited)
    for a missing answer, one with no recording, and anyone else alike. The caller audits the
    playing (VOICE_AUDIO_PLAYED)."""
    answer = (
        Answer.objects.select_related("response__pupil", "question")
        .filter(pk=answer_id)
        .exclude(audio="")
        .first()
    )
    if answer is None or not can_read_views(actor, answer):
        raise audit_access_refused(
            actor=actor, context=context, object_type="answer audio", object_id=answer_id
        )
    return answer
