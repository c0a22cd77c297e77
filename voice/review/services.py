"""Writes: the SENCO's review of a pupil's views (how they were gathered, whose words each
answer is), sharing them with the parents, and the pupil's "how I communicate" note."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit.actors import Actor, AuditContext, SystemActor
from portal.audit.models import AuditAction, AuditEvent
from portal.audit.services import audit_record
from portal.notifications.models import NotificationKind
from portal.notifications.services import notify
from portal.people.models import GuardianLink, User
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.pupils.models import Pupil
from portal.support.checklist.services import pupil_views_record
from portal.support.plans.models import CycleStatus
from portal.support.plans.selectors import current_cycle
from voice.models import CommunicationNote, GatheredHow, Response, ReviewStatus, Wording

from .selectors import answer_words, finished_on, response_is_held

HELPED_BY_MAX = 200
NOTE_MAX = 4000
COMMUNICATION_MAX = 2000
# Gathered these ways, the record must say who helped.
NEEDS_HELPER = frozenset({GatheredHow.WITH_HELP, GatheredHow.SCRIBED})
SHARED_WITH_PARENTS = "shared with parents"


def _require_senco(actor: Actor, school_id: int) -> None:
    """The school's SENCO. Services run outside requests too, so the second factor is the
    view's concern (`access_*`), not checked here."""
    if not (
        isinstance(actor, User)
        and actor.is_active
        and roles_for(actor).has_role(school_id, MANAGE_ROLES)
    ):
        raise PermissionDenied


def response_release_to_parents(
    *, response: Response, context: AuditContext, actor: Actor | None = None
) -> bool:
    """Tell the pupil's linked parents, once, that their child's views are ready to read.

    Who may call: the review (below) and the safeguarding lead's "parents may see it" action
    once every flag on the response is cleared (`actor`: who cleared it; the system when
    None). Preconditions: none; it does nothing (and
    returns False) while the response is not reviewed, while a flag holds it, or when the
    parents were already told. Side effects: a PUPIL_VIEWS notification for each linked parent
    (no detail of the views, a link to the child's page) and a VOICE_REVIEWED audit event that
    marks the response as shared, in one transaction.
    """
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.review_status != ReviewStatus.REVIEWED or response_is_held(locked):
            return False
        already = AuditEvent.objects.filter(
            action=AuditAction.VOICE_REVIEWED,
            object_type=Response._meta.label_lower,
            object_id=str(locked.pk),
            detail=SHARED_WITH_PARENTS,
        ).exists()
        if already:
            return False
        parents = [
            link.parent
            for link in GuardianLink.objects.filter(
                pupil_id=locked.pupil_id, revoked_at__isnull=True
            ).select_related("parent")
        ]
        if parents:
            notify(
                recipients=parents,
                kind=NotificationKind.PUPIL_VIEWS,
                text=gettext_noop("Your child's views are ready to read."),
                url=reverse("portal:pupil_detail", args=[locked.pupil_id]),
            )
        audit_record(
            action=AuditAction.VOICE_REVIEWED,
            actor=actor or SystemActor(name="voice.release"),
            context=context,
            obj=locked,
            detail=SHARED_WITH_PARENTS,
        )
    return True


def response_review(
    *,
    actor: User,
    context: AuditContext,
    response: Response,
    gathered_how: str,
    helped_by: str,
    wordings: Mapping[int, str],
    note: str,
) -> Response:
    """Record the SENCO's review of a pupil's finished views.

    Who may call: the school's SENCO (PermissionDenied otherwise). Preconditions: the pupil
    finished the response, or it ended before they finished (the request cancelled or its code
    expired: what they answered is still their views); `gathered_how` is a GatheredHow;
    `helped_by` names who helped when the pupil answered with help or an adult wrote for them;
    `wordings` gives, for every answer with the pupil's words, whether they are the pupil's own
    words or an adult's paraphrase (ValidationError naming the field otherwise). A second
    review changes the record.

    Side effects, in one transaction: the response is REVIEWED by the actor (VOICE_REVIEWED
    audited); the checklist's "pupil views gathered this cycle" is recorded through the core
    (once per response); the linked parents are told once, unless a safeguarding flag holds
    the response (`response_release_to_parents`).
    """
    _require_senco(actor, response.school_id)
    helped_by = (helped_by or "").strip()
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if gathered_how not in GatheredHow.values:
        errors["gathered_how"] = _("Select how the pupil's views were gathered")
    elif gathered_how in NEEDS_HELPER and not helped_by:
        errors["helped_by"] = _("Enter who helped the pupil")
    if len(helped_by) > HELPED_BY_MAX:
        errors["helped_by"] = _("Who helped must be %(max)s characters or fewer") % {
            "max": HELPED_BY_MAX
        }
    if len(note) > NOTE_MAX:
        errors["note"] = _("The note must be %(max)s characters or fewer") % {"max": NOTE_MAX}
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update(of=("self",))
            .select_related("pupil", "request")
            .filter(pk=response.pk)
            .first()
        )
        if locked is None:
            raise PermissionDenied
        if not locked.reviewable:
            raise ValidationError(
                _("The pupil has not finished yet. Review their views when they finish.")
            )
        with_words = [answer for answer in locked.answers.all() if answer_words(answer)]
        for answer in with_words:
            if wordings.get(answer.pk) not in Wording.values:
                errors[f"wording_{answer.pk}"] = _(
                    "Select whether the answer is the pupil's own words or an adult's paraphrase"
                )
        if errors:
            raise ValidationError(errors)
        first_review = locked.review_status != ReviewStatus.REVIEWED
        changed = [answer for answer in with_words if answer.wording != wordings[answer.pk]]
        for answer in changed:
            answer.wording = wordings[answer.pk]
        if changed:
            type(changed[0]).objects.bulk_update(changed, ["wording"])
        locked.gathered_how = gathered_how
        locked.helped_by = helped_by
        locked.review_note = note
        locked.review_status = ReviewStatus.REVIEWED
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.save(
            update_fields=[
                "gathered_how",
                "helped_by",
                "review_note",
                "review_status",
                "reviewed_by",
                "reviewed_at",
            ]
        )
        audit_record(
            action=AuditAction.VOICE_REVIEWED,
            actor=actor,
            context=context,
            obj=locked,
            detail="reviewed" if first_review else "review changed",
        )
        cycle = current_cycle(locked.pupil)
        pupil_views_record(
            actor=actor,
            context=context,
            pupil=locked.pupil,
            gathered_on=finished_on(locked),
            source="voice",
            source_id=str(locked.pk),
            cycle=cycle if cycle is not None and cycle.status != CycleStatus.REVIEWED else None,
        )
        response_release_to_parents(response=locked, context=context, actor=actor)
    return locked


def communication_note_save(
    *, actor: User, context: AuditContext, pupil: Pupil, text: str
) -> CommunicationNote | None:
    """Keep the pupil's "how I communicate and give my views" note; blank text removes it.

    Who may call: the pupil's school's SENCO (PermissionDenied otherwise). Raises
    ValidationError on `text` when it is too long. Side effects: the note saved or removed and
    VOICE_COMMUNICATION_CHANGED audited, in one transaction; nothing when the text is unchanged.
    """
    _require_senco(actor, pupil.school_id)
    text = (text or "").strip()
    if len(text) > COMMUNICATION_MAX:
        raise ValidationError(
            {
                "text": _("How the pupil communicates must be %(max)s characters or fewer")
                % {"max": COMMUNICATION_MAX}
            }
        )
    with transaction.atomic():
        note = CommunicationNote.objects.select_for_update().filter(pupil=pupil).first()
        if not text:
            if note is None:
                return None
            note.delete()
            detail = "removed"
            note = None
        else:
            if note is not None and note.text == text:
                return note
            detail = "added" if note is None else "changed"
            note = note or CommunicationNote(school_id=pupil.school_id, pupil=pupil)
            note.text = text
            note.updated_by = actor
            note.save()
        audit_record(
            action=AuditAction.VOICE_COMMUNICATION_CHANGED,
            actor=actor,
            context=context,
            obj=pupil,
            detail=detail,
        )
    return note
