"""Reads for safeguarding: the school's queue, the counts on the DSL's dashboard, and a flag's
page (audited as a read)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from voice.answering.choices import FACES, WHO_HELPED
from voice.models import (
    Answer,
    FlagNote,
    FlagStatus,
    QuestionKind,
    QuestionOption,
    SafeguardingFlag,
)
from voice.sets import wording

# The queue shows every open flag and the latest resolved ones.
RESOLVED_SHOWN = 50


@dataclass(frozen=True)
class FlagCounts:
    new: int
    acknowledged: int

    @property
    def open(self) -> int:
        return self.new + self.acknowledged


def flag_counts(*, school_id: int) -> FlagCounts:
    """New and acknowledged flags of a school: one query."""
    counts = SafeguardingFlag.objects.filter(school_id=school_id).aggregate(
        new=Count("pk", filter=Q(status=FlagStatus.NEW)),
        acknowledged=Count("pk", filter=Q(status=FlagStatus.ACKNOWLEDGED)),
    )
    return FlagCounts(new=counts["new"], acknowledged=counts["acknowledged"])


@dataclass(frozen=True)
class QueueSection:
    status: str
    label: str
    flags: list[SafeguardingFlag]


def safeguarding_queue(*, school_id: int) -> list[QueueSection]:
    """The school's flags by status, newest first: every new and acknowledged one and the
    latest resolved ones. Two queries, whatever the number of flags."""
    base = SafeguardingFlag.objects.filter(school_id=school_id).select_related("pupil")
    open_flags = list(base.exclude(status=FlagStatus.RESOLVED).order_by("-created_at", "-pk"))
    resolved = list(
        base.filter(status=FlagStatus.RESOLVED).order_by("-resolved_at", "-pk")[:RESOLVED_SHOWN]
    )
    return [
        QueueSection(
            FlagStatus.NEW,
            FlagStatus.NEW.label,
            [f for f in open_flags if f.status == FlagStatus.NEW],
        ),
        QueueSection(
            FlagStatus.ACKNOWLEDGED,
            FlagStatus.ACKNOWLEDGED.label,
            [f for f in open_flags if f.status == FlagStatus.ACKNOWLEDGED],
        ),
        QueueSection(FlagStatus.RESOLVED, FlagStatus.RESOLVED.label, resolved),
    ]


YES_NO_WORDS = {
    "yes": gettext_noop("Yes"),
    "no": gettext_noop("No"),
    "not_sure": gettext_noop("Not sure"),
    "dont_understand": gettext_noop("I don't understand"),
}
SORT_WORDS = {
    "like": gettext_noop("I like it"),
    "not_sure": gettext_noop("Not sure"),
    "dislike": gettext_noop("I don't like it"),
}


@dataclass(frozen=True)
class Line:
    """A line of an answer: `words` (a card of the set, in `lang` when that is not the page's;
    or the pupil's `own` words, whose direction follows them), then `after` in the page's
    language."""

    words: str
    lang: str = ""
    own: bool = False
    after: str = ""


def _card(options: dict[str, str], key, lang: str, *, after: str = "") -> Line:
    if str(key) in options:
        return Line(options[str(key)], lang=lang, after=after)
    return Line(_("(a card that was removed)"), after=after)


def answer_in_words(answer: Answer) -> list[Line]:
    """What the pupil answered, as lines a person reads: the faces, cards and words, the set's
    words as the pupil saw them (`voice.sets.wording`)."""
    question = answer.question
    question_set = question.question_set
    lang = wording.set_lang(question_set)
    value = answer.value if isinstance(answer.value, dict) else {}
    options = {
        str(option.pk): wording.shown(option.text, question_set)
        for option in question.options.all()
    }
    lines: list[Line] = []
    if "face" in value:
        size = question.scale_size or 5
        faces = {number: str(words) for number, _symbol, words in FACES.get(size, FACES[5])}
        lines.append(
            Line(
                _("%(face)s (%(number)s of %(size)s)")
                % {"face": faces.get(value["face"], ""), "number": value["face"], "size": size}
            )
        )
    if isinstance(value.get("sort"), dict):
        for key, place in value["sort"].items():
            place_words = _(SORT_WORDS[place]) if place in SORT_WORDS else str(place)
            lines.append(_card(options, key, lang, after=f": {place_words}"))
    if "choice" in value:
        lines.append(_card(options, value["choice"], lang))
    if "answer" in value:
        answered = value["answer"]
        lines.append(Line(_(YES_NO_WORDS[answered]) if answered in YES_NO_WORDS else str(answered)))
    if isinstance(value.get("picked"), list):
        lines.extend(_card(options, key, lang) for key in value["picked"])
    if isinstance(value.get("who"), list):
        lines.extend(
            Line(str(WHO_HELPED[who][1]) if who in WHO_HELPED else str(who)) for who in value["who"]
        )
    value_text = value.get("text")
    if isinstance(value_text, str) and value_text.strip() not in ("", answer.text.strip()):
        lines.append(Line(value_text, own=True))
    if answer.text.strip():
        lines.append(Line(answer.text, own=True))
    if answer.audio and question.kind == QuestionKind.FREE_TEXT and not lines:
        lines.append(Line(_("A recorded answer")))
    return lines


def flag_words_versions(flag: SafeguardingFlag) -> list[str]:
    """The pupil's words on a flag: as they were when flagged, then each later version."""
    return [str(version) for version in flag.words or []]


@dataclass(frozen=True)
class FlagPage:
    flag: SafeguardingFlag
    matched: list[str]
    # The pupil's words as they were when flagged, and each later version while it was open.
    words_when_flagged: str
    words_later: list[str]
    answers: list[tuple[Answer, list[Line]]]
    notes: list[FlagNote]
    other_flags: list[SafeguardingFlag]


def flag_page(*, actor: Actor, context: AuditContext, flag: SafeguardingFlag) -> FlagPage:
    """Everything the DSL reads about a flag: the matched words, the pupil's words as they were
    when flagged and as they changed later, the whole response's answers (as they are now) in
    plain words, the notes and the response's other flags. Audits the read
    (SAFEGUARDING_VIEWED). Five queries, whatever the number of answers or notes."""
    answers = list(
        Answer.objects.filter(response_id=flag.response_id)
        .select_related("question__question_set")
        .prefetch_related(
            Prefetch("question__options", queryset=QuestionOption.objects.order_by("order", "pk"))
        )
        .order_by("question__order", "question_id")
    )
    notes = list(FlagNote.objects.filter(flag=flag).select_related("author"))
    others = list(SafeguardingFlag.objects.filter(response_id=flag.response_id).exclude(pk=flag.pk))
    versions = flag_words_versions(flag)
    audit_record(
        action=AuditAction.SAFEGUARDING_VIEWED,
        actor=actor,
        context=context,
        obj=flag,
        school_id=flag.school_id,
    )
    return FlagPage(
        flag=flag,
        matched=[line for line in flag.matched.splitlines() if line.strip()],
        words_when_flagged=versions[0] if versions else "",
        words_later=versions[1:],
        answers=[(answer, answer_in_words(answer)) for answer in answers],
        notes=notes,
        other_flags=others,
    )
