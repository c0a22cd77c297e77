"""Pupil voice in the scale data for the benchmark. For every new school: the school's own copy of
a question set (with a question of every kind) and a draft copy; views requests for about half
the register, in every state (waiting, past their date, started, finished, cancelled); the
responses with answers of every kind, some just for the teacher, some in an adult's words,
reviewed and not; a few safeguarding flags in each status, with notes; "how I communicate"
notes; target check-ins against the pupils' current outcomes; and the checklist's "views
gathered" for every reviewed response. The manifest parent's child always has a reviewed
response, and the first school always has open requests the benchmark starts visits with.

Called by `seed_scale` for each school it makes, after the support records (whose outcomes the
check-ins name); rows are made in bulk, a fixed number of statements a school. No audit rows and
no emails: nobody is waiting for them.
"""

from __future__ import annotations

import datetime
import random

from portal.management.commands.seed_scale import BIG_URN, FIRST_URN
from portal.notifications.models import Notification, NotificationKind
from portal.people.models import GuardianLink, StaffMembership, StaffRole
from portal.pupils.models import Pupil, SenStatus
from portal.schools.models import School
from portal.support.checklist.models import PupilViewsRecord
from portal.support.plans.models import CycleStatus, Outcome

from .asking.codes import ALPHABET, LENGTH
from .models import (
    Answer,
    CommunicationNote,
    FlagNote,
    FlagStatus,
    GatheredHow,
    Question,
    QuestionKind,
    QuestionOption,
    QuestionSet,
    RequestStatus,
    Response,
    ReviewStatus,
    SafeguardingFlag,
    SetPurpose,
    SetScope,
    SetStatus,
    TargetCheckIn,
    ViewsRequest,
    Wording,
)

CODE_VALID_DAYS = 14
# Open requests the benchmark starts pupil visits with (one session each).
BENCH_VISITS = 10

# The school's copy: one question of every kind, in the order a pupil meets them.
QUESTIONS = [
    (QuestionKind.FEELINGS, "How do you feel about school?", "1F3EB", 5, []),
    (
        QuestionKind.SORT,
        "Sort these cards.",
        "1F3A8",
        None,
        [("Reading", "1F4D6"), ("Playtime", "26BD"), ("Maths", "1F522"), ("Lunch", "1F37D")],
    ),
    (
        QuestionKind.CHOICE,
        "Where do you like to work?",
        "1F6AA",
        None,
        [("At my table", "1FA91"), ("In a quiet room", "1F92B"), ("With a friend", "1F46B")],
    ),
    (QuestionKind.YES_NO, "Do you know who to ask for help?", "1F64B", None, []),
    (
        QuestionKind.HELPS,
        "What helps you?",
        "1F4A1",
        None,
        [("A timer", "23F0"), ("A break", "2615"), ("Pictures", "1F5BC"), ("Headphones", "1F3A7")],
    ),
    (QuestionKind.FREE_TEXT, "Tell us anything else.", "1F4AC", None, []),
    (QuestionKind.WHO_HELPED, "Who helped you?", "1F91D", None, []),
]
# Requests in roughly the proportions a school year leaves them.
STATUSES = ["waiting"] * 2 + ["expired"] + ["started"] * 2 + ["finished"] * 6 + ["cancelled"]
SORT_PLACES = ["like", "not_sure", "dislike"]
YES_NO = ["yes", "no", "not_sure", "dont_understand"]
WHO = ["teacher", "teaching_assistant", "family", "friend", "someone_else"]
WORDS = [
    "I like art best.",
    "Playtime is too loud.",
    "I want to sit near the door.",
    "My friend helps me read.",
    "I like the timer.",
]
# Words a school's list would flag, for the few answers that raise a flag.
FLAGGED_WORDS = [
    ("Someone hurts me at home.", "hurts me"),
    ("I am scared to go home.", "scared to go home"),
]
COMMUNICATION = [
    "Uses symbols and pointing; give time to answer.",
    "Talks readily one to one; shy in a group.",
    "Answers best with a familiar adult and the sort cards.",
]
FLAG_NOTES = [
    "Spoke to the pupil with the class teacher.",
    "Parents called; no further action needed.",
]


def _manifest_parent_link(school: School) -> GuardianLink | None:
    """The parent seed_scale names in its manifest: the first linked parent of the first school
    by email (the same query as the manifest's)."""
    return (
        GuardianLink.objects.filter(pupil__school=school, revoked_at__isnull=True)
        .order_by("parent__email")
        .first()
    )


def _codes(rng: random.Random, count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        codes.add("".join(rng.choice(ALPHABET) for _ in range(LENGTH)))
    return sorted(codes, key=lambda _code: rng.random())


def _school_sets(made) -> tuple[QuestionSet, list[Question], dict[int, list[QuestionOption]]]:
    """The school's copy (ready to use) and a draft copy being edited, from the built-in
    "before my review" set when it is there."""
    built_in = (
        QuestionSet.objects.filter(scope=SetScope.BUILT_IN, purpose=SetPurpose.BEFORE_REVIEW)
        .order_by("id")
        .first()
    )
    ready, draft = QuestionSet.objects.bulk_create(
        [
            QuestionSet(
                scope=SetScope.SCHOOL,
                school=made.school,
                purpose=SetPurpose.BEFORE_REVIEW,
                title="Before my review",
                introduction="Tell us what you think.",
                status=status,
                based_on=built_in,
                created_by=made.senco,
            )
            for status in (SetStatus.READY, SetStatus.DRAFT)
        ]
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                question_set=question_set,
                order=order,
                kind=kind,
                text=text,
                symbol=symbol,
                scale_size=scale,
                allow_audio=kind == QuestionKind.FREE_TEXT,
            )
            for question_set in (ready, draft)
            for order, (kind, text, symbol, scale, _cards) in enumerate(QUESTIONS, start=1)
        ]
    )
    cards = [cards for _kind, _text, _symbol, _scale, cards in QUESTIONS] * 2
    options = QuestionOption.objects.bulk_create(
        [
            QuestionOption(question=question, order=order, text=text, symbol=symbol)
            for question, question_cards in zip(questions, cards, strict=True)
            for order, (text, symbol) in enumerate(question_cards, start=1)
        ]
    )
    by_question: dict[int, list[QuestionOption]] = {}
    for option in options:
        by_question.setdefault(option.question_id, []).append(option)
    return ready, [q for q in questions if q.question_set_id == ready.pk], by_question


def _value(question: Question, options: list[QuestionOption], rng: random.Random) -> dict:
    """An answer of the question's kind, in the shape `Answer.value` holds."""
    if question.kind == QuestionKind.FEELINGS:
        return {"face": rng.randint(1, question.scale_size or 5)}
    if question.kind == QuestionKind.SORT:
        return {"sort": {str(o.pk): rng.choice(SORT_PLACES) for o in options}}
    if question.kind == QuestionKind.CHOICE:
        return {"choice": rng.choice(options).pk}
    if question.kind == QuestionKind.YES_NO:
        return {"answer": rng.choice(YES_NO)}
    if question.kind == QuestionKind.HELPS:
        return {"picked": sorted(o.pk for o in rng.sample(options, rng.randint(1, 3)))}
    if question.kind == QuestionKind.WHO_HELPED:
        return {"who": rng.sample(WHO, rng.randint(1, 2)) if rng.random() < 0.7 else ["on_my_own"]}
    return {"text": rng.choice(WORDS)}


def seed_school(made) -> None:
    """`made` is the core's ScaleSchool: the school, its staff, pupils and parents' links."""
    # A random source of its own: drawing from the shared one would change what every journey
    # seeded after this one makes.
    rng = random.Random(f"pupil voice {made.school.urn}")  # noqa: S311 - demo data
    now, school, senco = made.now, made.school, made.senco
    question_set, questions, options = _school_sets(made)
    if not made.pupils:
        return
    first_school = school.urn == str(FIRST_URN)
    wanted = _manifest_parent_link(school).pupil_id if first_school and made.links else None

    # Who is asked: about half the register, always the manifest parent's child.
    asked = [p for p in made.pupils if p.pk == wanted or rng.random() < 0.5]
    if first_school:
        # The benchmark's visits: the first pupils asked have a request under way.
        asked += [p for p in made.pupils if p not in asked][: max(0, BENCH_VISITS - len(asked))]
    plan: list[tuple] = []  # (pupil, status)
    # Every state at least once in every school, then in proportion.
    every_state = sorted(set(STATUSES))
    for index, pupil in enumerate(asked):
        if pupil.pk == wanted:
            statuses = ["finished", "started"]
        elif first_school and index < BENCH_VISITS + 1:
            statuses = ["started"]
        else:
            statuses = [every_state.pop() if every_state else rng.choice(STATUSES)]
            if rng.random() < 0.3:
                # An earlier request this year, long done.
                statuses.insert(0, rng.choice(["finished", "finished", "cancelled"]))
        # At most one request open at a time for a pupil.
        open_seen = False
        for status in statuses:
            if status in ("waiting", "started"):
                if open_seen:
                    status = "finished"
                open_seen = True
            plan.append((pupil, status))

    codes = _codes(rng, len(plan))
    requests = []
    for (pupil, status), code in zip(plan, codes, strict=True):
        created = now - datetime.timedelta(
            days=rng.randint(20, 120) if status in ("finished", "cancelled", "expired") else 2,
            hours=rng.random() * 8,
        )
        expires = created + datetime.timedelta(days=CODE_VALID_DAYS)
        began = created + datetime.timedelta(hours=rng.randint(1, 48))
        requests.append(
            ViewsRequest(
                school=school,
                pupil=pupil,
                question_set=question_set,
                code=code,
                status=RequestStatus.WAITING if status == "expired" else RequestStatus(status),
                expires_at=expires,
                created_by=senco,
                started_at=began if status in ("started", "finished") else None,
                finished_at=began + datetime.timedelta(minutes=rng.randint(5, 25))
                if status == "finished"
                else None,
                position=len(questions)
                if status == "finished"
                else rng.randint(1, len(questions) - 1)
                if status == "started"
                else 0,
                symbols_on=rng.random() < 0.8,
                calm=rng.random() < 0.2,
            )
        )
    requests = ViewsRequest.objects.bulk_create(requests)
    for views_request in requests:
        views_request.created_at = views_request.started_at or now
    ViewsRequest.objects.bulk_update(
        [r for r in requests if r.started_at is not None], ["created_at"], batch_size=500
    )

    # Responses: every request the pupil began. Most finished ones are reviewed.
    begun = [r for r in requests if r.started_at is not None]
    responses = []
    for views_request in begun:
        finished = views_request.status == RequestStatus.FINISHED
        reviewed = finished and (views_request.pupil_id == wanted or rng.random() < 0.7)
        how = rng.choice(list(GatheredHow))
        responses.append(
            Response(
                request=views_request,
                school=school,
                pupil_id=views_request.pupil_id,
                supervised_by=rng.choice(made.teachers)
                if made.teachers and rng.random() < 0.2
                else None,
                gathered_how=how,
                helped_by="Teaching assistant" if how == GatheredHow.WITH_HELP else "",
                finished_at=views_request.finished_at,
                review_status=ReviewStatus.REVIEWED if reviewed else ReviewStatus.NOT_REVIEWED,
                reviewed_by=senco if reviewed else None,
                reviewed_at=views_request.finished_at + datetime.timedelta(days=2)
                if reviewed
                else None,
                review_note="Talked it through with the pupil." if reviewed else "",
            )
        )
    responses = Response.objects.bulk_create(responses)
    by_request = {r.pk: r for r in begun}
    for response in responses:
        response.started_at = by_request[response.request_id].started_at
    Response.objects.bulk_update(responses, ["started_at"], batch_size=500)

    answers = []
    for response in responses:
        views_request = by_request[response.request_id]
        for question in questions[: views_request.position]:
            value = _value(question, options.get(question.pk, []), rng)
            words = value.get("text", "") if question.kind == QuestionKind.FREE_TEXT else ""
            answers.append(
                Answer(
                    response=response,
                    question=question,
                    value=value,
                    text=words,
                    just_for_teacher=rng.random() < 0.1,
                    wording=Wording.PARAPHRASE
                    if response.gathered_how == GatheredHow.SCRIBED and rng.random() < 0.5
                    else Wording.OWN_WORDS,
                )
            )

    # A few flags: words on the school's list in a free answer, one to three in each status.
    # Never the manifest parent's child: the parent's page shows their child's views unheld.
    free = [
        a
        for a in answers
        if a.question.kind == QuestionKind.FREE_TEXT and a.response.pupil_id != wanted
    ]
    flagged = rng.sample(free, min(len(free), rng.randint(3, 6)))
    flag_plan = []
    for index, answer in enumerate(flagged):
        words, matched = FLAGGED_WORDS[index % len(FLAGGED_WORDS)]
        answer.text = words
        answer.value = {"text": words}
        answer.just_for_teacher = False
        flag_plan.append((answer, matched, list(FlagStatus)[index % len(FlagStatus)]))
    answers = Answer.objects.bulk_create(answers)

    dsl = (
        StaffMembership.objects.filter(school=school, role=StaffRole.DSL)
        .values_list("user_id", flat=True)
        .first()
    )
    flags = []
    for answer, matched, status in flag_plan:
        raised = now - datetime.timedelta(days=rng.randint(1, 60))
        acknowledged = status != FlagStatus.NEW
        resolved = status == FlagStatus.RESOLVED
        flags.append(
            SafeguardingFlag(
                school=school,
                pupil_id=answer.response.pupil_id,
                response=answer.response,
                answer=answer,
                matched=matched,
                words=[answer.text],
                status=status,
                parents_may_see=resolved and rng.random() < 0.5,
                acknowledged_by_id=dsl if acknowledged else None,
                acknowledged_at=raised + datetime.timedelta(hours=1) if acknowledged else None,
                resolved_by_id=dsl if resolved else None,
                resolved_at=raised + datetime.timedelta(days=1) if resolved else None,
            )
        )
    flags = SafeguardingFlag.objects.bulk_create(flags)
    FlagNote.objects.bulk_create(
        [
            FlagNote(flag=flag, author_id=dsl, text=text)
            for flag in flags
            if flag.status != FlagStatus.NEW
            for text in FLAG_NOTES[: 1 if flag.status == FlagStatus.ACKNOWLEDGED else 2]
        ]
    )
    if dsl is not None:
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=dsl,
                    kind=NotificationKind.SAFEGUARDING,
                    text="A pupil's words were flagged for safeguarding.",
                    url=f"/portal/safeguarding/{flag.pk}/",
                    created_at=now - datetime.timedelta(days=1),
                    read_at=None if flag.status == FlagStatus.NEW else now,
                )
                for flag in flags
            ]
        )

    CommunicationNote.objects.bulk_create(
        [
            CommunicationNote(
                school=school, pupil=pupil, text=rng.choice(COMMUNICATION), updated_by=senco
            )
            for pupil in {p.pk: p for p in asked}.values()
            if pupil.pk == wanted or rng.random() < 0.4
        ]
    )

    # "My targets": the pupils under way say how each current target is going.
    outcomes: dict[int, list[tuple[int, str]]] = {}
    for outcome_id, pupil_id, words in Outcome.objects.filter(
        cycle__school=school, cycle__status=CycleStatus.ACTIVE
    ).values_list("id", "cycle__pupil_id", "child_wording"):
        outcomes.setdefault(pupil_id, []).append((outcome_id, words))
    TargetCheckIn.objects.bulk_create(
        [
            TargetCheckIn(
                request=views_request,
                school=school,
                pupil_id=views_request.pupil_id,
                outcome_id=outcome_id,
                target=words or "My target.",
                face=rng.randint(1, 3),
            )
            for views_request in begun
            for outcome_id, words in outcomes.get(views_request.pupil_id, [])
            if views_request.pupil_id == wanted or rng.random() < 0.6
        ]
    )

    # The checklist's "pupil views gathered", as reviewing a response records it: only for
    # pupils on SEN Support (the checklist has nothing to say about those monitored).
    on_support = set(
        Pupil.objects.filter(school=school)
        .exclude(sen_status=SenStatus.MONITORING)
        .values_list("pk", flat=True)
    )
    PupilViewsRecord.objects.bulk_create(
        [
            PupilViewsRecord(
                school=school,
                pupil_id=response.pupil_id,
                gathered_on=response.finished_at.date(),
                source="voice",
                source_id=str(response.pk),
            )
            for response in responses
            if response.review_status == ReviewStatus.REVIEWED and response.pupil_id in on_support
        ]
    )


def _first_school() -> School | None:
    return School.objects.filter(urn=str(FIRST_URN)).first()


def bench_codes(school: School, count: int = BENCH_VISITS) -> list[str]:
    """Codes of requests under way at `school` that work for days yet: one per visit the
    benchmark starts."""
    from django.utils import timezone

    return list(
        ViewsRequest.objects.filter(
            school=school,
            status=RequestStatus.STARTED,
            expires_at__gt=timezone.now() + datetime.timedelta(days=1),
        )
        .order_by("id")
        .values_list("code", flat=True)[:count]
    )


def manifest() -> dict:
    """The pages the benchmark loads, at the first school: a pupil's question page (in a visit
    the benchmark starts by typing a code at /voice/), a response and the school's responses
    (SENCO), the safeguarding queue (DSL), the question sets and a pupil's views (SENCO), and
    the parent's page for their child with its views panel; and the large school's responses."""
    first = _first_school()
    if first is None:
        return {"targets": []}
    targets = []
    accounts: dict = {}
    visits: dict = {}
    codes = bench_codes(first)
    if codes:
        visits["pupil"] = {"path": "/voice/", "field": "code", "codes": codes}
        targets.append(
            {
                "name": "voice_question_pupil",
                "label": "pupil voice: a question (pupil)",
                "path": "/voice/question/1/",
                "account": "pupil",
            }
        )
    link = _manifest_parent_link(first)
    pupil_id = link.pupil_id if link is not None else None
    response = (
        Response.objects.filter(pupil_id=pupil_id, review_status=ReviewStatus.REVIEWED)
        .order_by("id")
        .first()
    )
    if response is not None:
        targets.append(
            {
                "name": "voice_response_senco",
                "label": "pupil voice: a response (SENCO)",
                "path": f"/portal/pupil-views/{response.pk}/",
                "account": "senco",
            }
        )
    targets.append(
        {
            "name": "voice_responses_senco",
            "label": "pupil voice: school's responses (SENCO)",
            "path": f"/portal/schools/{first.pk}/pupil-views/",
            "account": "senco",
        }
    )
    dsl = (
        StaffMembership.objects.filter(school=first, role=StaffRole.DSL)
        .values_list("user_id", flat=True)
        .first()
    )
    if dsl is not None:
        accounts["dsl"] = {"user_id": dsl, "school_id": first.pk}
        targets.append(
            {
                "name": "voice_safeguarding_dsl",
                "label": "pupil voice: safeguarding queue (DSL)",
                "path": f"/portal/schools/{first.pk}/safeguarding/",
                "account": "dsl",
            }
        )
    targets.append(
        {
            "name": "voice_sets_senco",
            "label": "pupil voice: question sets (SENCO)",
            "path": f"/portal/schools/{first.pk}/question-sets/",
            "account": "senco",
        }
    )
    if pupil_id is not None:
        targets += [
            {
                "name": "voice_pupil_views_senco",
                "label": "pupil voice: a pupil's views (SENCO)",
                "path": f"/portal/pupils/{pupil_id}/views/",
                "account": "senco",
            },
            {
                "name": "voice_child_parent",
                "label": "pupil voice: child page, views panel (parent)",
                "path": f"/portal/pupils/{pupil_id}/",
                "account": "parent",
            },
        ]
    big = School.objects.filter(urn=BIG_URN).first()
    if big is not None:
        targets.append(
            {
                "name": "voice_responses_big",
                "label": "pupil voice: school's responses (large school)",
                "path": f"/portal/schools/{big.pk}/pupil-views/",
                "account": "senco_big",
                "growth": False,
            }
        )
    return {"targets": targets, "accounts": accounts, "visits": visits}
