"""Reads of pupils' views, in plain words, scoped to who is reading.

A response with its answers, questions and cards takes a fixed number of queries whatever its
size (the response, its answers with their questions, the cards of those questions), and so does
a list of responses. A set's own words (questions, cards) read as the pupil saw them
(`voice.sets.wording`): a built-in set's in the page's language, a school's or trust's as written
and marked English on a page in another language.

Parents see a response only once the SENCO has reviewed it and while no safeguarding flag holds
it; never an answer the pupil marked "just for my teacher" (left out by the query, and again when
the answer is drawn), never the flag, and never a recording: a child's recorded voice stays
with the staff who review it, and parents read the words the SENCO checked.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.actors import Actor, AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record, audit_record_each
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.pupils.access import is_parent_of
from portal.pupils.models import Pupil
from portal.schools.models import School
from voice.answering.choices import FACES, WHO_HELPED, YES_NO_ANSWERS
from voice.models import (
    Answer,
    CommunicationNote,
    FlagStatus,
    GatheredHow,
    QuestionKind,
    QuestionSet,
    RequestStatus,
    Response,
    ReviewStatus,
    SafeguardingFlag,
    SetPurpose,
    Wording,
)
from voice.sets import wording

RECENTLY_REVIEWED = 20
WAITING_SHOWN = 200


def _face_words(scale_size: int | None) -> dict[int, str]:
    """The words under each face, as the pupil saw them."""
    return {value: str(words) for value, _symbol, words in FACES.get(scale_size or 5, FACES[5])}


def _yes_no_words() -> dict[str, str]:
    return {key: str(words) for key, (_symbol, words) in YES_NO_ANSWERS.items()}


def _who_words() -> dict[str, str]:
    return {key: str(words) for key, (_symbol, words) in WHO_HELPED.items()}


SORT_PILES = ("like", "not_sure", "dislike")


def _pile_words() -> dict[str, str]:
    return {"like": _("I like it"), "not_sure": _("Not sure"), "dislike": _("I don't like it")}


@dataclass(frozen=True)
class ShownAnswer:
    """One answer in plain words for a reader."""

    answer: Answer
    question: str
    kind: str
    summary: str
    groups: list[tuple[str, list[str]]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    text: str = ""
    has_audio: bool = False
    # The language of the set's own words when it is not the page's ("en" for a school's set on
    # a page in another language): the question, and the cards in `summary`, `groups`, `items`.
    lang: str = ""

    @property
    def pk(self) -> int:
        return self.answer.pk

    @property
    def just_for_teacher(self) -> bool:
        return self.answer.just_for_teacher

    @property
    def has_words(self) -> bool:
        return bool(self.text)

    @property
    def wording_label(self) -> str:
        return Wording(self.answer.wording).label if self.answer.wording else ""

    @property
    def passport_heading(self) -> str:
        return self.answer.question.passport_heading

    @property
    def summary_lang(self) -> str:
        return self.lang if self.kind == QuestionKind.CHOICE else ""

    @property
    def items_lang(self) -> str:
        return self.lang if self.kind == QuestionKind.HELPS else ""


def answer_words(answer: Answer) -> str:
    """The pupil's free words in an answer ("" when there are none)."""
    text = (answer.text or "").strip()
    if not text and isinstance(answer.value, dict):
        value = answer.value.get("text")
        text = value.strip() if isinstance(value, str) else ""
    return text


def _option_texts(answer: Answer, question_set: QuestionSet) -> dict[str, str]:
    return {
        str(option.pk): wording.shown(option.text, question_set)
        for option in answer.question.options.all()
    }


def answer_shown(
    answer: Answer, *, question_set: QuestionSet, for_parent: bool = False
) -> ShownAnswer:
    """An answer in plain words: "happy (4 of 5)", cards sorted under their piles, the cards
    picked, yes/no/not sure/I don't understand, who helped, and the pupil's own words. The set's
    words (`question_set`: the one the pupil answered) read as the pupil saw them."""
    question = answer.question
    value = answer.value if isinstance(answer.value, dict) else {}
    options = _option_texts(answer, question_set)
    summary = ""
    groups: list[tuple[str, list[str]]] = []
    items: list[str] = []
    kind = question.kind
    if kind == QuestionKind.FEELINGS:
        face = value.get("face")
        size = question.scale_size or 5
        if isinstance(face, int) and 1 <= face <= size:
            summary = _("%(face)s (%(number)s of %(size)s)") % {
                "face": _face_words(size).get(face, ""),
                "number": face,
                "size": size,
            }
    elif kind == QuestionKind.SORT:
        placed = value.get("sort") if isinstance(value.get("sort"), dict) else {}
        piles = _pile_words()
        for pile in SORT_PILES:
            cards = [options[key] for key in options if placed.get(key) == pile]
            if cards:
                groups.append((piles[pile], cards))
    elif kind == QuestionKind.CHOICE:
        summary = options.get(str(value.get("choice")), "")
    elif kind == QuestionKind.YES_NO:
        summary = _yes_no_words().get(str(value.get("answer")), "")
    elif kind == QuestionKind.HELPS:
        picked = value.get("picked") if isinstance(value.get("picked"), list) else []
        wanted = {str(key) for key in picked}
        items = [text for key, text in options.items() if key in wanted]
    elif kind == QuestionKind.WHO_HELPED:
        who = value.get("who") if isinstance(value.get("who"), list) else []
        words = _who_words()
        items = [words.get(str(key), str(key)) for key in who]
    return ShownAnswer(
        answer=answer,
        question=wording.shown(question.text, question_set),
        kind=kind,
        summary=summary,
        groups=groups,
        items=items,
        text=answer_words(answer),
        has_audio=bool(answer.audio) and not for_parent,
        lang=wording.set_lang(question_set),
    )


@dataclass
class ShownResponse:
    """A response and its answers as one reader may see them."""

    response: Response
    answers: list[ShownAnswer]
    held: bool = False

    @property
    def gathered_how(self) -> str:
        how = self.response.gathered_how
        return GatheredHow(how).label if how else ""

    @property
    def question_set(self) -> QuestionSet:
        return self.response.request.question_set

    @property
    def title(self) -> str:
        return wording.shown(self.question_set.title, self.question_set)

    @property
    def lang(self) -> str:
        """The language of the set's own words when it is not the page's."""
        return wording.set_lang(self.question_set)

    @property
    def just_for_teacher_count(self) -> int:
        return sum(1 for answer in self.answers if answer.just_for_teacher)


def _held_flags():
    """The flags that hold a response from parents: not resolved, or resolved without the DSL
    saying parents may see it."""
    return SafeguardingFlag.objects.filter(response=OuterRef("pk")).filter(
        ~Q(status=FlagStatus.RESOLVED) | Q(parents_may_see=False)
    )


def _with_answers(queryset: QuerySet[Response], *, for_parent: bool) -> QuerySet[Response]:
    answers = Answer.objects.select_related("question").prefetch_related("question__options")
    if for_parent:
        answers = answers.filter(just_for_teacher=False)
    return queryset.select_related(
        "pupil", "request__question_set", "supervised_by", "reviewed_by"
    ).prefetch_related(Prefetch("answers", queryset=answers))


def _shown(responses: Iterable[Response], *, for_parent: bool) -> list[ShownResponse]:
    result = []
    for response in responses:
        question_set = response.request.question_set
        answers = [
            answer_shown(answer, question_set=question_set, for_parent=for_parent)
            for answer in response.answers.all()
            # The second guard: whatever the query let through, a parent never gets these.
            if not (for_parent and answer.just_for_teacher)
        ]
        result.append(
            ShownResponse(response=response, answers=answers, held=getattr(response, "held", False))
        )
    return result


def parent_visible(queryset: QuerySet[Response]) -> QuerySet[Response]:
    """The responses of `queryset` a parent may see: reviewed, and held by no flag."""
    return (
        queryset.filter(review_status=ReviewStatus.REVIEWED)
        .annotate(held=Exists(_held_flags()))
        .filter(held=False)
    )


def response_is_held(response: Response) -> bool:
    """Whether a safeguarding flag holds the response from parents. One query."""
    return (
        SafeguardingFlag.objects.filter(response=response)
        .filter(~Q(status=FlagStatus.RESOLVED) | Q(parents_may_see=False))
        .exists()
    )


def responses_visible_to_parent(
    parent: Actor, pupil: Pupil, *, queryset: QuerySet[Response] | None = None
) -> list[ShownResponse]:
    """The pupil's views a linked parent may see, newest first, without "just for my teacher"
    answers or recordings; nothing for anyone who is not the pupil's linked parent. Three
    queries (with the parent check), whatever the number of responses. Not audited: the page
    that shows them audits the read."""
    if not is_parent_of(parent, pupil):
        return []
    base = queryset if queryset is not None else Response.objects.all()
    responses = _with_answers(parent_visible(base.filter(pupil=pupil)), for_parent=True).order_by(
        "-finished_at", "-id"
    )
    return _shown(responses, for_parent=True)


def audit_read(actor: Actor, context: AuditContext, responses: list[Response], detail: str):
    if len(responses) == 1:
        audit_record(
            action=AuditAction.VOICE_VIEWED,
            actor=actor,
            context=context,
            obj=responses[0],
            detail=detail,
        )
    elif responses:
        audit_record_each(
            action=AuditAction.VOICE_VIEWED,
            actor=actor,
            context=context,
            objects=responses,
            detail=detail,
        )


def response_for_staff_audited(
    *, actor: Actor, context: AuditContext, response: Response, detail: str = ""
) -> ShownResponse:
    """Every answer of a response for a member of staff the caller already gave access to
    (`access.access_response`), "just for my teacher" ones included and tagged, whether a flag
    holds it from parents. Audits VOICE_VIEWED. Three queries and the audit event."""
    loaded = _with_answers(
        Response.objects.filter(pk=response.pk).annotate(held=Exists(_held_flags())),
        for_parent=False,
    ).get()
    audit_read(actor, context, [loaded], detail or "response")
    return _shown([loaded], for_parent=False)[0]


def responses_for_staff_audited(
    *,
    actor: Actor,
    context: AuditContext,
    queryset: QuerySet[Response],
    detail: str,
    limit: int | None = None,
) -> list[ShownResponse]:
    """The responses of `queryset` (already scoped by the caller to what the actor may read),
    at most `limit` of them, with every answer, audited one event each; a fixed number of
    queries."""
    loaded = _with_answers(queryset.annotate(held=Exists(_held_flags())), for_parent=False)
    responses = list(loaded[:limit] if limit is not None else loaded)
    audit_read(actor, context, responses, detail)
    return _shown(responses, for_parent=False)


def pupil_views_for_parent_audited(
    *, actor: Actor, context: AuditContext, pupil: Pupil
) -> list[ShownResponse]:
    """The parent's page of their child's views: `responses_visible_to_parent`, audited."""
    shown_responses = responses_visible_to_parent(actor, pupil)
    audit_read(actor, context, [item.response for item in shown_responses], "parent's page")
    return shown_responses


def latest_all_about_me(queryset: QuerySet[Response]) -> QuerySet[Response]:
    """The reviewed "All about me" responses for the one-page profile, newest first. The
    profile goes to every adult who works with the pupil, and often home: a response a
    safeguarding flag holds stays off it, for everyone, until the DSL clears it."""
    return (
        queryset.filter(
            review_status=ReviewStatus.REVIEWED,
            request__question_set__purpose=SetPurpose.ALL_ABOUT_ME,
        )
        .annotate(held=Exists(_held_flags()))
        .filter(held=False)
        .order_by("-finished_at", "-id")
    )


@dataclass(frozen=True)
class SchoolResponses:
    waiting: list[Response]
    reviewed: list[Response]


def reviewable_filter() -> Q:
    """Responses the SENCO may review: finished, or ended before the pupil finished (the
    request cancelled, or its code past its date while the pupil had not finished). A response
    whose code still works is left out: the pupil may still be answering."""
    return (
        Q(finished_at__isnull=False)
        | Q(request__status=RequestStatus.CANCELLED)
        | (~Q(request__status=RequestStatus.FINISHED) & Q(request__expires_at__lte=timezone.now()))
    )


def school_responses(*, school: School) -> SchoolResponses:
    """The school's responses waiting for review (finished, or ended before the pupil
    finished; oldest first) and the latest reviewed ones. Two queries; names and dates only,
    no answers, so not audited."""
    base = (
        Response.objects.filter(school=school)
        .filter(reviewable_filter())
        .select_related("pupil", "request__question_set", "reviewed_by")
    )
    waiting = list(
        base.filter(review_status=ReviewStatus.NOT_REVIEWED)
        .annotate(ended=Coalesce("finished_at", "request__cancelled_at", "request__expires_at"))
        .order_by("ended", "id")[:WAITING_SHOWN]
    )
    reviewed = list(
        base.filter(review_status=ReviewStatus.REVIEWED).order_by("-reviewed_at", "-id")[
            :RECENTLY_REVIEWED
        ]
    )
    return SchoolResponses(waiting=waiting, reviewed=reviewed)


def waiting_counts(user) -> list[tuple[School, int]]:
    """For the dashboard: each school where the user is SENCO, with the number of responses
    waiting for review. Two queries (the roles are already loaded)."""
    school_ids = sorted(roles_for(user).schools_with(MANAGE_ROLES))
    if not school_ids:
        return []
    schools = School.objects.filter(pk__in=school_ids)
    counts = dict(
        Response.objects.filter(
            reviewable_filter(),
            school_id__in=school_ids,
            review_status=ReviewStatus.NOT_REVIEWED,
        )
        .values_list("school_id")
        .annotate(number=Count("id"))
        .values_list("school_id", "number")
    )
    return [(school, counts.get(school.pk, 0)) for school in schools.order_by("name")]


def communication_note(pupil: Pupil) -> CommunicationNote | None:
    """The pupil's "how I communicate and give my views" note. One query."""
    return CommunicationNote.objects.filter(pupil=pupil).select_related("updated_by").first()


def finished_on(response: Response) -> datetime.date:
    """The day the pupil finished, or the day their code stopped working when they never did."""
    return timezone.localdate(response.finished_at or response.ended_at or timezone.now())
