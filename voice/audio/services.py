"""Recorded answers: keeping a pupil's recording with their answer, and taking it away."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit.actors import Actor, AuditContext, PupilActor
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.lib.uploads import UploadRefused
from voice.access import request_is_open
from voice.audio.checks import check_audio, max_bytes, too_big_message
from voice.models import Answer

logger = logging.getLogger(__name__)

FIELD = "audio"


def _may_record(actor: Actor, answer: Answer) -> bool:
    """The pupil the answer belongs to (by their code, or supervised), or the member of staff
    who opened the form for them."""
    response = answer.response
    if isinstance(actor, PupilActor):
        return actor.pupil_id == response.pupil_id and actor.school_id == response.school_id
    return (
        getattr(actor, "is_authenticated", False)
        and response.supervised_by_id is not None
        and actor.pk == response.supervised_by_id
    )


def _check_may_change(actor: Actor, answer: Answer) -> None:
    if not _may_record(actor, answer):
        raise ValidationError({FIELD: _("Only the pupil or the adult with them can do this")})
    if not request_is_open(answer.response.request):
        raise ValidationError({FIELD: _("This code no longer works. Ask your teacher for help.")})
    if not answer.question.allow_audio:
        raise ValidationError({FIELD: _("This question has no recording. Type your answer.")})


def _delete_file_after_commit(storage, name: str) -> None:
    def delete() -> None:
        try:
            storage.delete(name)
        except OSError as error:
            # The row no longer names it: a file left behind harms nobody but takes space.
            logger.warning("A replaced recording %s could not be deleted: %r", name, error)

    if name:
        transaction.on_commit(delete)


def _read(upload: UploadedFile) -> bytes:
    # The size is known before anything is read: a huge upload is refused unread.
    if upload.size is not None and upload.size > max_bytes():
        raise UploadRefused(too_big_message())
    upload.seek(0)
    return upload.read(max_bytes() + 1)


def answer_audio_attach(
    *, actor: Actor, context: AuditContext, answer: Answer, upload: UploadedFile
) -> Answer:
    """Keep `upload` as the recorded answer to `answer`'s question.

    Caller: the pupil answering in their visit (a PupilActor), or the member of staff who opened
    the form for them (the response's `supervised_by`). The question must allow a recording and
    the request must still be open; ValidationError on the field "audio" otherwise, or when the
    file is not a recording of at most VOICE_AUDIO_MAX_SECONDS (`voice.audio.checks`), with a
    message that says what to do. A refused file changes nothing.

    The file goes to the private storage under a random name (never the browser's); the answer
    keeps its real length and type. An earlier recording is replaced, and its file deleted
    once the transaction commits. Audited as VOICE_ANSWERED. Runs in the caller's transaction
    when there is one (the answering service's), in its own otherwise."""
    _check_may_change(actor, answer)
    try:
        checked = check_audio(data=_read(upload))
    except UploadRefused as refused:
        raise ValidationError({FIELD: refused.message}) from None
    storage = answer.audio.storage
    with transaction.atomic():
        locked = Answer.objects.select_for_update().get(pk=answer.pk)
        replaced = locked.audio.name
        answer.audio.save("recording", ContentFile(checked.data), save=False)
        new_name = answer.audio.name
        try:
            answer.audio_seconds = checked.seconds
            answer.audio_type = checked.content_type
            answer.save(update_fields=["audio", "audio_seconds", "audio_type", "updated_at"])
            audit_record(
                action=AuditAction.VOICE_ANSWERED,
                actor=actor,
                context=context,
                obj=answer,
                school_id=answer.response.school_id,
                detail=f"recording added ({checked.seconds:.0f} s, {checked.codec})",
            )
        except BaseException:
            storage.delete(new_name)
            raise
        _delete_file_after_commit(storage, replaced)
    return answer


def answer_audio_remove(*, actor: Actor, context: AuditContext, answer: Answer) -> Answer:
    """Take the recording away from `answer` (the words typed, if any, stay).

    Caller and preconditions as for `answer_audio_attach`. Nothing happens when there is no
    recording. The file is deleted once the transaction commits. Audited as VOICE_ANSWERED."""
    _check_may_change(actor, answer)
    storage = answer.audio.storage
    with transaction.atomic():
        locked = Answer.objects.select_for_update().get(pk=answer.pk)
        removed = locked.audio.name
        if not removed:
            return answer
        answer.audio = ""
        answer.audio_seconds = None
        answer.audio_type = ""
        answer.save(update_fields=["audio", "audio_seconds", "audio_type", "updated_at"])
        audit_record(
            action=AuditAction.VOICE_ANSWERED,
            actor=actor,
            context=context,
            obj=answer,
            school_id=answer.response.school_id,
            detail="recording removed",
        )
        _delete_file_after_commit(storage, removed)
    return answer
