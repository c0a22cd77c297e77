"""Writes for question sets: copy a set to a school or a trust, edit the copy's words,
questions and cards, mark it ready (for a trust: publish it to every school of the trust) or
archive it.

Callers check who may (voice/sets/access.py): a school's SENCO for the school's sets, a trust's
SEND lead for the trust's. Every write is audited (VOICE_SET_CHANGED, or VOICE_SET_PUBLISHED
when a trust's set becomes ready).

A set that a views request uses never changes under the pupil: every edit of its words,
questions or cards is refused ("make a copy to change it"). Archiving it is allowed: that
only stops new requests. Built-in sets are never edited here (builtin.py keeps them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.lib.text import has_text_direction_controls
from portal.people.models import User
from portal.schools.models import School, Trust
from voice.models import (
    Question,
    QuestionKind,
    QuestionOption,
    QuestionSet,
    SetPurpose,
    SetScope,
    SetStatus,
    ViewsRequest,
)

from .selectors import symbol_codes

# Kinds whose answers are cards the set provides.
CARD_KINDS = frozenset({QuestionKind.SORT, QuestionKind.CHOICE, QuestionKind.HELPS})
MIN_CARDS = 2
MAX_CARDS = 12
MAX_QUESTIONS = 30


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: str
    symbol: str = ""
    scale_size: int | None = None
    allow_audio: bool = False
    passport_heading: str = ""


@dataclass(frozen=True)
class CardInput:
    text: str
    symbol: str = ""


def _audit(actor: User, context: AuditContext, question_set: QuestionSet, detail: str) -> None:
    audit_record(
        action=AuditAction.VOICE_SET_CHANGED,
        actor=actor,
        context=context,
        obj=question_set,
        school_id=question_set.school_id,
        detail=f"set {question_set.pk}: {detail}",
    )


def _locked_for_edit(question_set: QuestionSet) -> QuestionSet:
    """The set, locked, after checking it may change: not built in, not archived, not used."""
    locked = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    if locked.scope == SetScope.BUILT_IN:
        raise ValidationError(_("Built-in sets cannot change. Make a copy to change it."))
    if locked.status == SetStatus.ARCHIVED:
        raise ValidationError(_("This set is archived. Make a copy to change it."))
    if ViewsRequest.objects.filter(question_set=locked).exists():
        raise ValidationError(
            _("A pupil was asked with this set, so it cannot change. Make a copy to change it")
        )
    return locked


def _clean_words(value: str, *, field: str, empty: str, max_length: int) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValidationError({field: empty})
    if len(value) > max_length:
        raise ValidationError(
            {field: _("Use %(count)s characters or fewer") % {"count": max_length}}
        )
    if has_text_direction_controls(value):
        raise ValidationError({field: _("Remove the hidden text-direction characters")})
    return value


def _check_symbol(symbol: str, field: str = "symbol") -> str:
    if symbol and symbol not in symbol_codes():
        raise ValidationError({field: _("Choose a symbol from the list, or no symbol")})
    return symbol


def ready_problems(question_set: QuestionSet) -> list[str]:
    """What stops the set being used with a pupil ([] when nothing does): at least one question
    before a closing "Who helped me", and at least two cards on each sort, choice and "things
    that help me"."""
    questions = list(question_set.questions.prefetch_related("options").order_by("order", "pk"))
    problems = []
    if not [q for q in questions if q.kind != QuestionKind.WHO_HELPED]:
        problems.append(_("Add at least one question"))
    if not questions or questions[-1].kind != QuestionKind.WHO_HELPED:
        problems.append(_("End the set with a “Who helped me” question"))
    for number, question in enumerate(questions, start=1):
        if question.kind in CARD_KINDS and len(question.options.all()) < MIN_CARDS:
            problems.append(
                _("Add at least %(min)s cards to question %(number)s")
                % {"min": MIN_CARDS, "number": number}
            )
    return problems


def _keep_ready(question_set: QuestionSet) -> None:
    """A ready set stays usable after an edit: refuse the edit (rolled back) if it would not."""
    if question_set.status == SetStatus.READY:
        problems = ready_problems(question_set)
        if problems:
            raise ValidationError(
                _("The set is ready to use, so this change cannot be made: %(problem)s")
                % {"problem": problems[0]}
            )


def question_set_copy(
    *,
    actor: User,
    context: AuditContext,
    source: QuestionSet,
    school: School | None = None,
    trust: Trust | None = None,
) -> QuestionSet:
    """Copy `source` with its questions and cards to a school (its SENCO) or a trust (its SEND
    lead), as a draft based on it. The words are copied as they are: built-in words stay
    msgids, so an unchanged copy still reads in the pupil's language. Audited."""
    if (school is None) == (trust is None):
        raise ValueError("Give a school or a trust.")
    owner = (
        {"scope": SetScope.SCHOOL, "school": school}
        if school is not None
        else {"scope": SetScope.TRUST, "trust": trust}
    )
    with transaction.atomic():
        questions = list(source.questions.prefetch_related("options").order_by("order", "pk"))
        copy = QuestionSet.objects.create(
            **owner,
            purpose=source.purpose,
            title=source.title,
            introduction=source.introduction,
            status=SetStatus.DRAFT,
            based_on=source,
            created_by=actor,
        )
        new_questions = Question.objects.bulk_create(
            Question(
                question_set=copy,
                order=order,
                kind=q.kind,
                text=q.text,
                symbol=q.symbol,
                scale_size=q.scale_size,
                allow_audio=q.allow_audio,
                passport_heading=q.passport_heading,
            )
            for order, q in enumerate(questions)
        )
        QuestionOption.objects.bulk_create(
            QuestionOption(question=new, order=index, text=o.text, symbol=o.symbol)
            for old, new in zip(questions, new_questions, strict=True)
            for index, o in enumerate(old.options.all())
        )
        _audit(actor, context, copy, f"copied from set {source.pk}")
    return copy


def question_set_update(
    *,
    actor: User,
    context: AuditContext,
    question_set: QuestionSet,
    title: str,
    introduction: str,
    purpose: str,
) -> QuestionSet:
    """Change a set's title, introduction and purpose. Refused for a set in use, built in or
    archived. Audited."""
    title = _clean_words(title, field="title", empty=_("Enter a title for the set"), max_length=120)
    introduction = " ".join(introduction.split())
    if len(introduction) > 300:
        raise ValidationError({"introduction": _("Use 300 characters or fewer")})
    if has_text_direction_controls(introduction):
        raise ValidationError({"introduction": _("Remove the hidden text-direction characters")})
    if purpose not in SetPurpose.values:
        raise ValidationError({"purpose": _("Choose what the set is for")})
    with transaction.atomic():
        locked = _locked_for_edit(question_set)
        locked.title, locked.introduction, locked.purpose = title, introduction, purpose
        locked.save(update_fields=["title", "introduction", "purpose", "updated_at"])
        _audit(actor, context, locked, "words changed")
    return locked


def _question_values(data: QuestionInput) -> dict:
    if data.kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose the kind of question")})
    text = _clean_words(data.text, field="text", empty=_("Enter the question"), max_length=200)
    scale_size = data.scale_size if data.kind == QuestionKind.FEELINGS else None
    if data.kind == QuestionKind.FEELINGS and scale_size not in (3, 5):
        raise ValidationError({"scale_size": _("Choose 3 faces or 5 faces")})
    heading = " ".join(data.passport_heading.split())
    if len(heading) > 200:
        raise ValidationError({"passport_heading": _("Use 200 characters or fewer")})
    return {
        "kind": data.kind,
        "text": text,
        "symbol": _check_symbol(data.symbol),
        "scale_size": scale_size,
        "allow_audio": bool(data.allow_audio)
        and data.kind in (QuestionKind.FREE_TEXT, QuestionKind.YES_NO, QuestionKind.FEELINGS),
        "passport_heading": heading,
    }


def question_add(
    *, actor: User, context: AuditContext, question_set: QuestionSet, data: QuestionInput
) -> Question:
    """Add a question to a set. A new question goes before the closing "Who helped me" when the
    set has one, so the set still ends with it; otherwise at the end. Audited."""
    values = _question_values(data)
    with transaction.atomic():
        locked = _locked_for_edit(question_set)
        questions = list(locked.questions.order_by("order", "pk"))
        if len(questions) >= MAX_QUESTIONS:
            raise ValidationError(
                _("A set can have up to %(count)s questions") % {"count": MAX_QUESTIONS}
            )
        position = len(questions)
        if questions and questions[-1].kind == QuestionKind.WHO_HELPED:
            position -= 1
        question = Question(question_set=locked, **values)
        questions.insert(position, question)
        question.order = position
        question.save()
        _renumber(questions)
        _keep_ready(locked)
        _audit(actor, context, locked, f"question {question.pk} added")
    return question


def question_update(
    *, actor: User, context: AuditContext, question: Question, data: QuestionInput
) -> Question:
    """Change a question. A question that stops being a card kind loses its cards. Audited."""
    values = _question_values(data)
    with transaction.atomic():
        locked = _locked_for_edit(question.question_set)
        row = Question.objects.select_for_update().get(pk=question.pk, question_set=locked)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        if row.kind not in CARD_KINDS:
            row.options.all().delete()
        _keep_ready(locked)
        _audit(actor, context, locked, f"question {row.pk} changed")
    return row


def question_delete(*, actor: User, context: AuditContext, question: Question) -> None:
    """Remove a question and its cards. Audited."""
    with transaction.atomic():
        locked = _locked_for_edit(question.question_set)
        Question.objects.filter(pk=question.pk, question_set=locked).delete()
        _renumber(list(locked.questions.order_by("order", "pk")))
        _keep_ready(locked)
        _audit(actor, context, locked, f"question {question.pk} removed")


def question_move(*, actor: User, context: AuditContext, question: Question, up: bool) -> None:
    """Move a question one place up or down (nothing at either end). Audited."""
    with transaction.atomic():
        locked = _locked_for_edit(question.question_set)
        questions = list(locked.questions.order_by("order", "pk"))
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(questions):
            questions[index], questions[other] = questions[other], questions[index]
            _renumber(questions, force=True)
            _keep_ready(locked)
            _audit(actor, context, locked, f"question {question.pk} moved")


def _renumber(rows: list, *, force: bool = False) -> None:
    changed = [row for order, row in enumerate(rows) if force or row.order != order]
    for order, row in enumerate(rows):
        row.order = order
    if changed:
        type(rows[0]).objects.bulk_update(changed, ["order"])


def _card_values(data: CardInput) -> dict:
    return {
        "text": _clean_words(
            data.text, field="text", empty=_("Enter the words on the card"), max_length=120
        ),
        "symbol": _check_symbol(data.symbol),
    }


def card_add(
    *, actor: User, context: AuditContext, question: Question, data: CardInput
) -> QuestionOption:
    """Add a card to a sort, a choice or "things that help me". Audited."""
    values = _card_values(data)
    if question.kind not in CARD_KINDS:
        raise ValidationError(_("Only a sort, a choice or “things that help me” has cards"))
    with transaction.atomic():
        locked = _locked_for_edit(question.question_set)
        row = Question.objects.select_for_update().get(pk=question.pk, question_set=locked)
        count = row.options.count()
        if count >= MAX_CARDS:
            raise ValidationError(
                _("A question can have up to %(count)s cards") % {"count": MAX_CARDS}
            )
        last = row.options.aggregate(last=Max("order"))["last"]
        card = QuestionOption.objects.create(
            question=row, order=0 if last is None else last + 1, **values
        )
        _audit(actor, context, locked, f"card {card.pk} added to question {row.pk}")
    return card


def card_update(
    *, actor: User, context: AuditContext, card: QuestionOption, data: CardInput
) -> QuestionOption:
    values = _card_values(data)
    with transaction.atomic():
        locked = _locked_for_edit(card.question.question_set)
        row = QuestionOption.objects.select_for_update().get(
            pk=card.pk, question__question_set=locked
        )
        row.text, row.symbol = values["text"], values["symbol"]
        row.save(update_fields=["text", "symbol"])
        _audit(actor, context, locked, f"card {row.pk} changed")
    return row


def card_delete(*, actor: User, context: AuditContext, card: QuestionOption) -> None:
    """Remove a card. Refused on a ready set when the question would have too few. Audited."""
    with transaction.atomic():
        locked = _locked_for_edit(card.question.question_set)
        QuestionOption.objects.filter(pk=card.pk, question__question_set=locked).delete()
        _renumber(list(QuestionOption.objects.filter(question_id=card.question_id)))
        _keep_ready(locked)
        _audit(actor, context, locked, f"card {card.pk} removed")


def card_move(*, actor: User, context: AuditContext, card: QuestionOption, up: bool) -> None:
    with transaction.atomic():
        locked = _locked_for_edit(card.question.question_set)
        cards = list(QuestionOption.objects.filter(question_id=card.question_id))
        index = next(i for i, c in enumerate(cards) if c.pk == card.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(cards):
            cards[index], cards[other] = cards[other], cards[index]
            _renumber(cards, force=True)
            _audit(actor, context, locked, f"card {card.pk} moved")


def question_set_mark_ready(
    *, actor: User, context: AuditContext, question_set: QuestionSet
) -> QuestionSet:
    """Make a draft set usable with pupils. For a trust's set this publishes it: every school
    of the trust sees it (VOICE_SET_PUBLISHED). Raises ValidationError listing what is missing."""
    with transaction.atomic():
        locked = _locked_for_edit(question_set)
        if locked.status != SetStatus.DRAFT:
            raise ValidationError(_("This set is already ready to use"))
        problems = ready_problems(locked)
        if problems:
            raise ValidationError(problems)
        locked.status = SetStatus.READY
        locked.save(update_fields=["status", "updated_at"])
        if locked.scope == SetScope.TRUST:
            audit_record(
                action=AuditAction.VOICE_SET_PUBLISHED,
                actor=actor,
                context=context,
                obj=locked,
                detail=f"set {locked.pk} published to trust {locked.trust_id}",
            )
        else:
            _audit(actor, context, locked, "ready to use")
    return locked


def question_set_archive(
    *, actor: User, context: AuditContext, question_set: QuestionSet
) -> QuestionSet:
    """Archive a school's or a trust's set: no new request can use it and it leaves the lists.
    Requests already made with it keep working. Audited."""
    with transaction.atomic():
        locked = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
        if locked.scope == SetScope.BUILT_IN:
            raise ValidationError(_("Built-in sets cannot be archived"))
        if locked.status == SetStatus.ARCHIVED:
            return locked
        locked.status = SetStatus.ARCHIVED
        locked.save(update_fields=["status", "updated_at"])
        _audit(actor, context, locked, "archived")
    return locked
