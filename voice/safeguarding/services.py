"""Safeguarding: answers whose words match the school's list are flagged for the DSL.

A flag is raised inside the transaction that saves the pupil's answer, and the school's DSLs are
told there and then: a notification row each and an outbox email each (a link only, never the
words). Both are rows, so a flag raised while Redis is down still reaches the DSL; the realtime
publish leaves after commit and is best effort.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit.actors import Actor, AuditContext, PupilActor
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.notifications.models import Delivery, NotificationKind, NotificationPreference
from portal.notifications.services import absolute_url, email_enqueue, notify
from portal.people.models import User
from voice.models import (
    Answer,
    FlagNote,
    FlagStatus,
    ReviewStatus,
    SafeguardingFlag,
    SafeguardingWords,
)
from voice.review.services import response_release_to_parents

from .access import can_edit_words, is_safeguarding_lead, safeguarding_leads
from .matching import (
    PHRASE_MAX,
    PHRASE_MIN,
    PHRASES_MAX,
    matched_phrases,
    normalise,
    phrases_from_text,
    pupil_words,
    texts_in,
)
from .selectors import flag_words_versions

DEFAULT_WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "safeguarding_words.txt"
NOTE_MAX = 5000
OPEN_STATUSES = (FlagStatus.NEW, FlagStatus.ACKNOWLEDGED)


@lru_cache(maxsize=1)
def default_words_text() -> str:
    """The default list, as shipped (notes included)."""
    return DEFAULT_WORDS_FILE.read_text(encoding="utf-8")


def default_phrases() -> list[str]:
    return phrases_from_text(default_words_text())


def school_words(*, school_id: int) -> SafeguardingWords | None:
    """The school's own list, or None while it uses the default list."""
    return SafeguardingWords.objects.filter(school_id=school_id).first()


def flag_is_open(flag: SafeguardingFlag) -> bool:
    return flag.status in OPEN_STATUSES


def school_phrases(*, school_id: int) -> list[str]:
    """The school's own list, or the default list while the school has none."""
    own = SafeguardingWords.objects.filter(school_id=school_id).values_list("phrases", flat=True)
    text = next(iter(own), None)
    return phrases_from_text(text) if text is not None else default_phrases()


def flag_url(flag: SafeguardingFlag) -> str:
    return reverse("voice:flag_detail", args=[flag.pk])


def _audit(action: AuditAction, actor: Actor, context: AuditContext, flag, detail: str = ""):
    audit_record(
        action=action,
        actor=actor,
        context=context,
        obj=flag,
        school_id=flag.school_id,
        detail=detail,
    )


def _alert_leads(flag: SafeguardingFlag) -> list[User]:
    """Tell the school's DSLs (or, with no DSL, its SENCO and headteacher) at once: a
    notification each and an outbox email each, whatever their notification choice, as a phone
    call from the office would be. No detail in either: a link to the flag only. Those who chose
    email at once already got one from `notify`."""
    leads = safeguarding_leads(school_id=flag.school_id)
    if not leads:
        return []
    url = flag_url(flag)
    notify(
        recipients=leads,
        kind=NotificationKind.SAFEGUARDING,
        text=gettext_noop("A pupil's answer needs your attention. Sign in to see it."),
        url=url,
    )
    at_once = set(
        NotificationPreference.objects.filter(
            user__in=leads, delivery=Delivery.EMAIL_AT_ONCE
        ).values_list("user_id", flat=True)
    )
    for lead in leads:
        if lead.pk in at_once:
            continue
        with translation.override(lead.preferred_language or settings.LANGUAGE_CODE):
            email_enqueue(
                to=lead.email,
                subject=_("A pupil's answer needs your attention"),
                body=render_to_string(
                    "notifications/email/notification.txt", {"link": absolute_url(url)}
                ),
            )
    return leads


def answer_screen(*, answer: Answer, context: AuditContext) -> SafeguardingFlag | None:
    """Check a just-saved answer's words against the school's list. Caller: the answering
    service, inside the transaction that saved the answer (so nothing is sent if it rolls back).

    A match raises a flag that keeps the pupil's words as they are (one open flag per answer),
    audits it without the words and alerts the DSLs at once (see `_alert_leads`). While the
    flag is open, a re-save that changes the words adds the new version to the flag's words,
    whether they still match or not (the DSL sees what raised the flag and every change since)
    and alerts nobody again; a re-save that still matches updates the matched phrases. Returns
    the open flag when the words match, None when they do not. Never raises on Redis: the
    realtime publish happens after commit and only logs a failure.
    """
    response = answer.response
    words = pupil_words(answer.text, answer.value)
    matched = matched_phrases(
        "\n".join([answer.text or "", *texts_in(answer.value)]),
        school_phrases(school_id=response.school_id),
    )
    matched_text = "\n".join(matched)
    with transaction.atomic():
        open_flag = (
            SafeguardingFlag.objects.select_for_update()
            .filter(answer=answer, status__in=OPEN_STATUSES)
            .first()
        )
        if open_flag is not None:
            changed = []
            if matched and open_flag.matched != matched_text:
                open_flag.matched = matched_text
                changed.append("matched")
            versions = flag_words_versions(open_flag)
            # A flag raised before the words were kept has none: its first words are unknown,
            # so a later version would pass for them. It keeps none.
            if versions and versions[-1] != words:
                open_flag.words = [*versions, words]
                changed.append("words")
            if changed:
                open_flag.save(update_fields=changed)
            return open_flag if matched else None
        if not matched:
            return None
        flag = SafeguardingFlag.objects.create(
            school_id=response.school_id,
            pupil_id=response.pupil_id,
            response=response,
            answer=answer,
            matched=matched_text,
            words=[words],
        )
        leads = _alert_leads(flag)
        _audit(
            AuditAction.SAFEGUARDING_FLAGGED,
            PupilActor(
                pupil_id=response.pupil_id,
                school_id=response.school_id,
                via="supervised" if response.supervised_by_id else "code",
            ),
            context,
            flag,
            f"{len(matched)} phrase(s) matched; {len(leads)} person(s) alerted",
        )
    return flag


def _require_lead(actor: Actor, flag: SafeguardingFlag) -> None:
    if not is_safeguarding_lead(actor, flag.school_id):
        raise PermissionDenied


def _locked(flag: SafeguardingFlag) -> SafeguardingFlag:
    return SafeguardingFlag.objects.select_for_update().get(pk=flag.pk)


def _clean_note(note: str, *, required_message: str) -> str:
    text = (note or "").strip()
    if not text:
        raise ValidationError({"note": required_message})
    if len(text) > NOTE_MAX:
        raise ValidationError({"note": _("Enter a note of no more than 5,000 characters")})
    return text


def flag_acknowledge(*, actor: User, context: AuditContext, flag: SafeguardingFlag) -> bool:
    """Say the DSL has seen the flag and is dealing with it. Caller: a safeguarding lead of the
    school (the DSL; the SENCO or headteacher where the school has no DSL). NEW -> ACKNOWLEDGED
    is one conditional update: a second press changes nothing and returns False."""
    _require_lead(actor, flag)
    with transaction.atomic():
        changed = SafeguardingFlag.objects.filter(pk=flag.pk, status=FlagStatus.NEW).update(
            status=FlagStatus.ACKNOWLEDGED, acknowledged_by=actor, acknowledged_at=timezone.now()
        )
        if changed:
            _audit(AuditAction.SAFEGUARDING_ACKNOWLEDGED, actor, context, flag)
    flag.refresh_from_db()
    return bool(changed)


def flag_note_add(*, actor: User, context: AuditContext, flag: SafeguardingFlag, note: str):
    """Add a note to the flag's record (what was done, who was told). Caller: a safeguarding
    lead of the school. Notes stay on a resolved flag too; the audit row has no text."""
    _require_lead(actor, flag)
    text = _clean_note(note, required_message=_("Enter the note"))
    with transaction.atomic():
        made = FlagNote.objects.create(flag=_locked(flag), author=actor, text=text)
        _audit(AuditAction.SAFEGUARDING_NOTE, actor, context, flag)
    return made


def flag_resolve(
    *,
    actor: User,
    context: AuditContext,
    flag: SafeguardingFlag,
    parents_may_see: bool,
    note: str,
) -> SafeguardingFlag:
    """Close the flag, saying what was done (the note, required) and whether the pupil's views
    may go to the parents. Caller: a safeguarding lead of the school; the flag must be open.

    The response stays held from parents while any flag on it is open or was resolved with
    parents_may_see=False. When this resolves the last open flag, every flag allows parents and
    the response is already reviewed, the review part releases it to the parents.
    """
    _require_lead(actor, flag)
    if not isinstance(parents_may_see, bool):
        raise ValidationError(
            {"parents_may_see": _("Select yes if the parents may see the pupil's views")}
        )
    text = _clean_note(note, required_message=_("Enter what was done about this flag"))
    with transaction.atomic():
        locked = _locked(flag)
        if locked.status not in OPEN_STATUSES:
            raise ValidationError(_("This flag is already resolved"))
        locked.status = FlagStatus.RESOLVED
        locked.parents_may_see = parents_may_see
        locked.resolved_by = actor
        locked.resolved_at = timezone.now()
        locked.save(update_fields=["status", "parents_may_see", "resolved_by", "resolved_at"])
        FlagNote.objects.create(flag=locked, author=actor, text=text)
        _audit(
            AuditAction.SAFEGUARDING_RESOLVED,
            actor,
            context,
            locked,
            "parents may see" if parents_may_see else "held from parents",
        )
        response = locked.response
        still_held = (
            SafeguardingFlag.objects.filter(response=response)
            .filter(Q(status__in=OPEN_STATUSES) | Q(parents_may_see=False))
            .exists()
        )
        if not still_held and response.review_status == ReviewStatus.REVIEWED:
            response_release_to_parents(response=response, context=context, actor=actor)
    return locked


def _check_phrases(text: str) -> list[str]:
    """The list's phrases, or a ValidationError naming each line that is wrong."""
    errors = []
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        phrase = " ".join(line.split())
        if not phrase or phrase.startswith("#"):
            continue
        count += 1
        if not PHRASE_MIN <= len(phrase) <= PHRASE_MAX:
            errors.append(
                _("Line %(number)s: enter a word or phrase of 2 to 60 characters")
                % {"number": number}
            )
        elif not normalise(phrase):
            errors.append(
                _("Line %(number)s: enter a word or phrase with at least one letter or number")
                % {"number": number}
            )
    phrases = phrases_from_text(text)
    if not phrases and not errors:
        errors.append(_("Enter at least one word or phrase, or reset to the default list"))
    if count > PHRASES_MAX:
        errors.append(_("Enter no more than 300 words or phrases"))
    if errors:
        raise ValidationError({"phrases": errors})
    return phrases


def safeguarding_words_save(
    *,
    actor: User,
    context: AuditContext,
    school_id: int,
    phrases: str = "",
    reset: bool = False,
) -> SafeguardingWords | None:
    """Save the school's list of words and phrases, one a line (each 2 to 60 characters, at
    most 300), or with `reset` go back to the default list (the school's row is removed, so
    later changes to the default reach it). Caller: the school's DSL or SENCO. Audited without
    the words."""
    if not can_edit_words(actor, school_id):
        raise PermissionDenied
    with transaction.atomic():
        if reset:
            SafeguardingWords.objects.filter(school_id=school_id).delete()
            audit_record(
                action=AuditAction.SAFEGUARDING_WORDS_CHANGED,
                actor=actor,
                context=context,
                school_id=school_id,
                detail="reset to the default list",
            )
            return None
        cleaned = _check_phrases(phrases)
        words, _created = SafeguardingWords.objects.update_or_create(
            school_id=school_id,
            defaults={"phrases": "\n".join(cleaned), "updated_by": actor},
        )
        audit_record(
            action=AuditAction.SAFEGUARDING_WORDS_CHANGED,
            actor=actor,
            context=context,
            obj=words,
            school_id=school_id,
            detail=f"{len(cleaned)} phrase(s)",
        )
    return words
