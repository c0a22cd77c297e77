"""The built-in question sets, read from voice/data/builtin_sets.yaml (demo content as data).

`builtin_sets_ensure()` creates the three sets, or brings them into line with the file, by
key. It runs after every `migrate` (voice/sets/signals.py connects it in VoiceConfig.ready), so
a fresh database has them and a deploy with new words updates them. A built-in set that a views
request already uses keeps its questions (answers point at them): only its title and
introduction follow the file, and the file's new questions wait for a set nobody has used.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction

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

DATA = Path(__file__).resolve().parent.parent / "data" / "builtin_sets.yaml"
SYMBOLS = Path(__file__).resolve().parent.parent / "data" / "symbols.json"


@cache
def builtin_data() -> list[dict]:
    """The sets as the file describes them, checked: a kind and a purpose Django knows."""
    with DATA.open(encoding="utf-8") as handle:
        sets = yaml.safe_load(handle)["sets"]
    for item in sets:
        SetPurpose(item["purpose"])
        for question in item["questions"]:
            QuestionKind(question["kind"])
    return sets


def pupil_strings() -> list[str]:
    """Every string of the built-in sets a pupil reads, in file order, without repeats."""
    seen: dict[str, None] = {}
    for item in builtin_data():
        seen.setdefault(item["title"])
        seen.setdefault(item["introduction"])
        for question in item["questions"]:
            seen.setdefault(question["text"])
            for option in question.get("options", []):
                seen.setdefault(option["text"])
    return list(seen)


def _question_fields(question: dict, order: int) -> dict:
    return {
        "order": order,
        "kind": question["kind"],
        "text": question["text"],
        "symbol": question.get("symbol", ""),
        "scale_size": question.get("scale_size"),
        "allow_audio": bool(question.get("allow_audio", False)),
        "passport_heading": question.get("passport_heading", ""),
    }


def builtin_sets_ensure() -> list[QuestionSet]:
    """Create or update the built-in sets from the file; idempotent (a second call changes
    nothing). Returns them in file order. Called by the post_migrate handler and by tests."""
    result = []
    with transaction.atomic():
        for item in builtin_data():
            question_set, _created = QuestionSet.objects.update_or_create(
                scope=SetScope.BUILT_IN,
                key=item["key"],
                defaults={
                    "purpose": item["purpose"],
                    "title": item["title"],
                    "introduction": item["introduction"],
                    "status": SetStatus.READY,
                },
            )
            in_use = ViewsRequest.objects.filter(question_set=question_set).exists()
            if not in_use and _questions_differ(question_set, item["questions"]):
                question_set.questions.all().delete()
                for order, question in enumerate(item["questions"]):
                    row = Question.objects.create(
                        question_set=question_set, **_question_fields(question, order)
                    )
                    QuestionOption.objects.bulk_create(
                        QuestionOption(
                            question=row,
                            order=index,
                            text=option["text"],
                            symbol=option.get("symbol", ""),
                        )
                        for index, option in enumerate(question.get("options", []))
                    )
            result.append(question_set)
    return result


def _questions_differ(question_set: QuestionSet, wanted: list[dict]) -> bool:
    have = [
        (
            {
                "order": q.order,
                "kind": q.kind,
                "text": q.text,
                "symbol": q.symbol,
                "scale_size": q.scale_size,
                "allow_audio": q.allow_audio,
                "passport_heading": q.passport_heading,
            },
            [(o.text, o.symbol) for o in q.options.all()],
        )
        for q in question_set.questions.prefetch_related("options")
    ]
    want = [
        (
            _question_fields(question, order),
            [(o["text"], o.get("symbol", "")) for o in question.get("options", [])],
        )
        for order, question in enumerate(wanted)
    ]
    return have != want


STRINGS = Path(__file__).resolve().parent / "builtin_strings.py"


def builtin_strings_source() -> str:
    """The text of voice/sets/builtin_strings.py: every string of the built-in sets marked for
    translation, so `make messages` puts them in the catalogue."""
    lines = [
        '"""Every string of the built-in question sets (voice/data/builtin_sets.yaml), marked so',
        "`make messages` extracts them. Generated by `voice.sets.builtin.builtin_strings_write()`",
        'after a change to the file; a test fails while the two disagree."""',
        "",
        "from django.utils.translation import gettext_noop as N_",
        "",
        "STRINGS = [",
    ]
    lines += [f"    N_({json.dumps(text, ensure_ascii=False)})," for text in pupil_strings()]
    lines += ["]", ""]
    return "\n".join(lines)


def builtin_strings_write() -> None:
    STRINGS.write_text(builtin_strings_source(), encoding="utf-8")
