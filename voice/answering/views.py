"""The pupil's pages: hello, one question a screen, the summary and finish, My targets, and the
symbols' licence. Every page but the licence needs an open visit (`access_visit`: 404 without
one, so nothing about any pupil shows). Every form works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.audit.actors import AuditContext
from voice.access import (
    PupilVisit,
    access_visit,
    visit_answered,
    visit_answered_add,
    visit_checked_in,
    visit_checked_in_add,
    visit_end,
    visit_of,
)
from voice.audio.headers import recording_page
from voice.audio.services import answer_audio_attach, answer_audio_remove
from voice.models import Answer, Question, QuestionKind
from voice.sets import wording

from . import selectors, services
from .choices import FACES, OWN_SYMBOLS, SORT_PILES, WHO_HELPED, YES_NO_ANSWERS
from .forms import ANSWER_FIELD, AnswerForm, DisplayForm, TargetCheckInForm, sort_field_name

FINISHED_KEY = "voice_finished"


@dataclass
class Choice:
    value: str
    words: str
    symbol: str = ""
    checked: bool = False
    id: str = ""
    lang: str = ""


@dataclass
class Card:
    """A card of a sort: its words and symbol, and the three piles as radios."""

    name: str
    words: str
    symbol: str
    piles: list[Choice] = field(default_factory=list)
    lang: str = ""


@dataclass
class Words:
    """Words shown to the pupil, with the language they are in when it is not the page's."""

    text: str
    lang: str = ""


def _words(visit: PupilVisit, text: str) -> str:
    """Built-in sets are written as English messages and read in the page's language; a set
    copied to a school or trust reads as written (`voice.sets.wording.shown`)."""
    return wording.shown(text, visit.views_request.question_set)


def _set_lang(visit: PupilVisit) -> str:
    """The language of the set's own words when it is not the page's (`wording.set_lang`):
    screen readers and Read to me then speak a school's English words as English."""
    return wording.set_lang(visit.views_request.question_set)


def _display(visit: PupilVisit) -> dict:
    views_request = visit.views_request
    return {
        "calm": views_request.calm,
        "symbols_on": views_request.symbols_on,
        "first_name": views_request.pupil.preferred_name or views_request.pupil.legal_first_name,
    }


def _chosen(form: AnswerForm, answer: Answer | None, name: str) -> set[str]:
    """What shows as chosen: what was just posted (on an error) or what was saved."""
    if form.is_bound:
        return set(form.data.getlist(name)) if hasattr(form.data, "getlist") else set()
    if answer is None:
        return set()
    value = answer.value or {}
    kind = form.question.kind
    if name.startswith("card_"):
        pile = (value.get("sort") or {}).get(name.removeprefix("card_"))
        return {pile} if pile else set()
    single = {
        QuestionKind.FEELINGS: "face",
        QuestionKind.CHOICE: "choice",
        QuestionKind.YES_NO: "answer",
    }
    several = {QuestionKind.HELPS: "picked", QuestionKind.WHO_HELPED: "who"}
    if kind in single and value.get(single[kind]) is not None:
        return {str(value[single[kind]])}
    if kind in several:
        return {str(item) for item in value.get(several[kind]) or []}
    return set()


def _choices(visit: PupilVisit, form: AnswerForm, answer: Answer | None) -> list[Choice]:
    question = form.question
    chosen = _chosen(form, answer, ANSWER_FIELD)
    if question.kind == QuestionKind.FEELINGS:
        rows = [
            (str(v), words, code) for v, code, words in FACES.get(question.scale_size, FACES[5])
        ]
    elif question.kind == QuestionKind.YES_NO:
        rows = [(v, words, code) for v, (code, words) in YES_NO_ANSWERS.items()]
    elif question.kind == QuestionKind.WHO_HELPED:
        rows = [(v, words, code) for v, (code, words) in WHO_HELPED.items()]
    elif question.kind in (QuestionKind.CHOICE, QuestionKind.HELPS):
        rows = [
            (str(option.pk), _words(visit, option.text), option.symbol)
            for option in question.options.all()
        ]
    else:
        rows = []
    lang = _set_lang(visit) if question.kind in (QuestionKind.CHOICE, QuestionKind.HELPS) else ""
    return [
        Choice(value, str(words), code, value in chosen, f"{ANSWER_FIELD}-{index}", lang)
        for index, (value, words, code) in enumerate(rows)
    ]


def _cards(visit: PupilVisit, form: AnswerForm, answer: Answer | None) -> list[Card]:
    lang = _set_lang(visit)
    cards = []
    for option in form.question.options.all():
        name = sort_field_name(option.pk)
        chosen = _chosen(form, answer, name)
        cards.append(
            Card(
                name=name,
                words=_words(visit, option.text),
                symbol=option.symbol,
                piles=[
                    Choice(pile, str(words), code, pile in chosen, f"{name}-{index}")
                    for index, (pile, (code, words)) in enumerate(SORT_PILES.items())
                ],
                lang=lang,
            )
        )
    return cards


def _question_at(questions: list[Question], number: int) -> Question:
    if not 1 <= number <= len(questions):
        raise Http404
    return questions[number - 1]


def _resume_number(visit: PupilVisit, count: int) -> int:
    return min(visit.views_request.position + 1, max(count, 1))


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Hello, what this is about, how many questions, the display choices, and Start (or Carry
    on where the pupil stopped). A POST saves the display choices and comes back here (or to
    the question it was sent from)."""
    visit = access_visit(request)
    context = AuditContext.from_request(request)
    views_request = visit.views_request
    if request.method == "POST":
        form = DisplayForm(request.POST)
        if form.is_valid():
            try:
                services.views_request_display_set(
                    actor=visit.actor,
                    context=context,
                    views_request=views_request,
                    symbols_on=form.cleaned_data["symbols_on"],
                    calm=form.cleaned_data["calm"],
                )
            except ValidationError:
                raise Http404 from None
            back_to = form.cleaned_data.get("back_to")
            if back_to:
                return redirect("voice:question", number=back_to)
        return redirect("voice:start")
    try:
        services.response_begin(
            actor=visit.actor,
            context=context,
            views_request=views_request,
            supervised_by_id=visit.supervised_by_id,
        )
    except ValidationError:
        raise Http404 from None
    count = selectors.question_count(views_request)
    return render(
        request,
        "voice/answering/start.html",
        {
            **_display(visit),
            "introduction": _words(visit, views_request.question_set.introduction),
            "set_lang": _set_lang(visit),
            "count": count,
            "count_range": range(count),
            "resume_number": _resume_number(visit, count),
            "resuming": views_request.position > 0,
            "all_answered": count and views_request.position >= count,
        },
    )


@recording_page
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, number: int) -> HttpResponse:
    """One question. Next saves the answer (or Skip moves on without one) and goes to the next
    question; Back saves whatever was chosen and goes back.

    The page shows a saved answer again only when it was given in this visit (a reload, Back,
    Change): whoever holds the code card later sees "You answered this earlier." and empty
    fields, and answering again replaces the old answer. A visit an adult opened for the pupil
    follows the same rule: the adult beside the pupil may not be the one an earlier answer
    ("just for my teacher") was for; staff who may read the answers read them in the review
    pages, where each read is audited."""
    visit = access_visit(request)
    views_request = visit.views_request
    questions = selectors.questions_of(views_request)
    current = _question_at(questions, number)
    saved = selectors.answers_by_question(views_request).get(current.pk)
    answered_here = current.pk in visit_answered(request)
    answer = saved if answered_here else None
    form = AnswerForm(question=current)
    if request.method == "POST":
        action = request.POST.get("action", "next")
        form = AnswerForm(request.POST, request.FILES, question=current)
        if action == "next" and saved is not None and not answered_here and form.is_blank():
            # Answered in an earlier visit and nothing new chosen: Next keeps that answer, and
            # a tick on "Just for my teacher" makes it just for the teacher.
            if form.data.get("just_for_teacher") == "on":
                try:
                    services.answer_keep_just_for_teacher(
                        actor=visit.actor,
                        context=AuditContext.from_request(request),
                        views_request=views_request,
                        question=current,
                    )
                except ValidationError:
                    raise Http404 from None
            action = "skip"
        outcome = _handle_answer(request, visit, form, action, earlier=saved)
        if isinstance(outcome, HttpResponse):
            return outcome
        # The words may be saved though the recording was refused: the answer is this visit's.
        answer = outcome
        answered_here = answered_here or outcome is not None
    set_lang = _set_lang(visit)
    return render(
        request,
        "voice/answering/question.html",
        {
            **_display(visit),
            "form": form,
            "question": current,
            "question_text": _words(visit, current.text),
            "set_lang": set_lang,
            "kind": current.kind,
            "kinds": QuestionKind,
            "number": number,
            "count": len(questions),
            "steps": range(1, len(questions) + 1),
            "choices": _choices(visit, form, answer),
            "cards": _cards(visit, form, answer) if current.kind == QuestionKind.SORT else [],
            "several": current.kind in (QuestionKind.HELPS, QuestionKind.WHO_HELPED),
            "saved_text": answer.text if answer else "",
            "answer": answer,
            "answered_earlier": saved is not None and not answered_here,
            "has_recording": bool(answer and answer.audio),
            "just_for_teacher": (
                form.data.get("just_for_teacher") == "on"
                if form.is_bound
                else bool(answer and answer.just_for_teacher)
            ),
            "error_target": form.error_target(),
            "error_links": form.error_links(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _next_url(number: int, count: int, action: str) -> str:
    if action == "back":
        return (
            reverse("voice:question", args=[number - 1]) if number > 1 else reverse("voice:start")
        )
    if number >= count:
        return reverse("voice:done")
    return reverse("voice:question", args=[number + 1])


def _handle_answer(
    request, visit: PupilVisit, form: AnswerForm, action: str, *, earlier: Answer | None
) -> HttpResponse | Answer | None:
    """Save (or skip) and redirect. When there are errors to show: the answer saved in spite of
    them (the words, when only the recording was refused), or None.

    The words are saved, and screened for safeguarding, in a transaction of their own before
    the recording is checked: a refused recording never loses what the pupil wrote or a flag
    it raised. `earlier`: the answer saved before, perhaps in another visit; answering a
    question again replaces all of it, a recording the pupil cannot see included."""
    number = request.resolver_match.kwargs["number"]
    count = selectors.question_count(visit.views_request)
    context = AuditContext.from_request(request)
    question = form.question
    try:
        if action == "skip":
            services.question_skip(
                actor=visit.actor,
                context=context,
                views_request=visit.views_request,
                question=question,
            )
            return redirect(_next_url(number, count, "next"))
        if action == "back" and form.is_blank():
            return redirect(_next_url(number, count, "back"))
        if not form.is_valid():
            return None
        upload = form.cleaned_data.get("audio")
        has_words = bool(form.answer_text().strip())
        with transaction.atomic():
            answer = services.answer_save(
                actor=visit.actor,
                context=context,
                views_request=visit.views_request,
                question=question,
                value=form.answer_value(),
                text=form.answer_text(),
                just_for_teacher=form.cleaned_data["just_for_teacher"],
                with_recording=bool(upload),
                supervised_by_id=visit.supervised_by_id,
            )
            if upload and not has_words:
                # The recording is the whole answer: refused, there is nothing to keep.
                answer_audio_attach(
                    actor=visit.actor, context=context, answer=answer, upload=upload
                )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    answered_here = question.pk in visit_answered(request)
    visit_answered_add(request, question.pk)
    attached = bool(upload) and not has_words
    replaces_earlier = not answered_here and earlier is not None and bool(earlier.audio)
    remove_recording = not attached and (
        replaces_earlier or (not upload and request.POST.get("audio_remove") == "yes")
    )
    try:
        if remove_recording:
            answer_audio_remove(actor=visit.actor, context=context, answer=answer)
        if upload and has_words:
            answer_audio_attach(actor=visit.actor, context=context, answer=answer, upload=upload)
    except ValidationError as error:
        form.add_error(None, error)
        return answer
    return redirect(_next_url(number, count, action))


@require_http_methods(["GET", "POST"])
def done(request: HttpRequest) -> HttpResponse:
    """The pupil's answers in simple words, each with Change, then "I have finished". After
    finishing, the visit ends and this page says thank you (the code no longer works)."""
    visit = visit_of(request)
    if visit is None:
        display = request.session.get(FINISHED_KEY)
        if not display:
            raise Http404
        return render(request, "voice/answering/thanks.html", display)
    views_request = visit.views_request
    if request.method == "POST":
        try:
            services.views_request_finish(
                actor=visit.actor,
                context=AuditContext.from_request(request),
                views_request=views_request,
            )
        except ValidationError:
            raise Http404 from None
        display = _display(visit)
        visit_end(request)
        request.session[FINISHED_KEY] = {
            "calm": display["calm"],
            "symbols_on": display["symbols_on"],
        }
        return redirect("voice:done")
    questions = selectors.questions_of(views_request)
    answers = selectors.answers_by_question(views_request)
    answered = visit_answered(request)
    rows = []
    for index, question in enumerate(questions, start=1):
        saved = answers.get(question.pk)
        shown = saved if question.pk in answered else None
        rows.append(
            {
                "number": index,
                "question": _words(visit, question.text),
                "answer": _answer_words(visit, question, shown),
                "answered_earlier": saved is not None and shown is None,
                "just_for_teacher": bool(shown and shown.just_for_teacher),
            }
        )
    return render(
        request,
        "voice/answering/done.html",
        {**_display(visit), "rows": rows, "set_lang": _set_lang(visit)},
    )


def _answer_words(
    visit: PupilVisit, question: Question, answer: Answer | None
) -> list[list[Words]]:
    """The answer as words the pupil recognises, a line each: the labels they chose. The set's
    own words (its cards) carry their language when it is not the page's."""
    if answer is None:
        return []
    value = answer.value or {}
    lang = _set_lang(visit)
    options = {
        str(option.pk): Words(_words(visit, option.text), lang) for option in question.options.all()
    }
    nothing = Words("")
    kind = question.kind
    if kind == QuestionKind.FEELINGS:
        labels = {v: str(words) for v, _code, words in FACES.get(question.scale_size, FACES[5])}
        return [[Words(labels.get(value.get("face"), ""))]]
    if kind == QuestionKind.SORT:
        return [
            [options.get(key, nothing), Words(f": {SORT_PILES[pile][1]}")]
            for key, pile in (value.get("sort") or {}).items()
            if pile in SORT_PILES
        ]
    if kind == QuestionKind.CHOICE:
        return [[options.get(str(value.get("choice")), nothing)]]
    if kind == QuestionKind.YES_NO:
        return [[Words(str(YES_NO_ANSWERS.get(value.get("answer"), ("", ""))[1]))]]
    if kind == QuestionKind.HELPS:
        return [[options.get(str(pk), nothing)] for pk in value.get("picked") or []]
    if kind == QuestionKind.WHO_HELPED:
        return [
            [Words(str(WHO_HELPED[code][1]))]
            for code in value.get("who") or []
            if code in WHO_HELPED
        ]
    lines = [[Words(answer.text)]] if answer.text else []
    if answer.audio:
        lines.append([Words(_("You recorded an answer."))])
    return lines


@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    """My targets: each current target in the pupil's words, with three faces to say how it is
    going (saved at once; pressing again changes it). After a save the page comes back at the
    target with a message beside it saying what was saved."""
    visit = access_visit(request)
    views_request = visit.views_request
    my_targets = selectors.my_targets(views_request)
    by_outcome = {target.outcome_id: target for target in my_targets}
    error = ""
    error_outcome = None
    if request.method == "POST":
        form = TargetCheckInForm(request.POST)
        target = by_outcome.get(form.data.get("outcome") and _int(form.data.get("outcome")))
        if form.is_valid() and target is not None:
            try:
                check_in = services.target_check_in(
                    actor=visit.actor,
                    context=AuditContext.from_request(request),
                    views_request=views_request,
                    target=target,
                    face=form.cleaned_data["face"],
                )
                visit_checked_in_add(request, target.outcome_id)
                messages.success(
                    request,
                    # The message sits in the target's own box, under its words.
                    _("Saved. You said: %(face)s.") % {"face": _face_words(check_in.face)},
                    extra_tags=_saved_tag(target.outcome_id),
                )
                return redirect(f"{reverse('voice:targets')}#target-{target.outcome_id}")
            except ValidationError:
                pass
        error = _("Choose a face.")
        if target is None and my_targets:
            target = my_targets[0]
        error_outcome = target.outcome_id if target else None
    saved = {
        message.extra_tags: str(message)
        for message in messages.get_messages(request)
        if message.extra_tags.startswith("voice-target-")
    }
    # Only the faces chosen in this visit show as chosen: whoever types the code later sees
    # the targets, not what the pupil said about them.
    checked_in_here = visit_checked_in(request)
    faces_by_outcome = {
        check_in.outcome_id: check_in.face
        for check_in in views_request.check_ins.all()
        if check_in.outcome_id in checked_in_here
    }
    rows = [
        {
            "target": target,
            "faces": [
                Choice(
                    str(v),
                    str(words),
                    code,
                    faces_by_outcome.get(target.outcome_id) == v,
                    f"face-{target.outcome_id}-{v}",
                )
                for v, code, words in FACES[3]
            ],
            "error": error if target.outcome_id == error_outcome else "",
            "saved": saved.get(_saved_tag(target.outcome_id), ""),
        }
        for target in my_targets
    ]
    return render(
        request,
        "voice/answering/targets.html",
        {
            **_display(visit),
            "rows": rows,
            "error": error,
            "error_target": f"face-{error_outcome}-1" if error_outcome else "targets",
        },
        status=400 if error else 200,
    )


def _saved_tag(outcome_id: int) -> str:
    return f"voice-target-{outcome_id}"


def _face_words(face: int) -> str:
    return next((str(words) for v, _code, words in FACES[3] if v == face), "")


def _int(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET"])
def symbols(request: HttpRequest) -> HttpResponse:
    """The symbols' licence and what is used: public, for anyone."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    index = finders.find("voice/symbols/index.json")
    codes = []
    if index:
        import json

        codes = json.loads(Path(index).read_text(encoding="utf-8"))
    else:
        codes = list(OWN_SYMBOLS)
    visit = visit_of(request)
    display = _display(visit) if visit else {"calm": False, "symbols_on": True}
    return render(request, "voice/answering/symbols.html", {**display, "codes": codes})
