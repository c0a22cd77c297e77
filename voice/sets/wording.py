"""The words of a question set as a pupil or a member of staff sees them.

Built-in sets keep English msgids (voice/data/builtin_sets.yaml) and are read in the page's
language. A set copied to a school or trust is the school's own English text: it is shown as
written, even where a copy left a built-in sentence unchanged (the pupil answering it sees it in
English), and on a page in another language it is marked English so that screen readers speak
it as English and its punctuation stays on the right side. Staff see a set's words exactly as
the pupil did.
"""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import get_language, gettext, ngettext

from portal.lib.readability import longest_sentence, reading_ease
from voice.models import SetScope

# What the built-in sets keep to (tests/voice/test_sets_wording.py): pupils read best with
# short sentences and short words.
LONGEST_SENTENCE = 15
READING_EASE_AT_LEAST = 80


class HasScope(Protocol):
    scope: str


def is_built_in(question_set: HasScope | None) -> bool:
    return question_set is not None and question_set.scope == SetScope.BUILT_IN


def shown(text: str, question_set: HasScope | None) -> str:
    """A question set's `text` as the pupil sees it: a built-in set's words in the page's
    language, a school's or trust's words as written."""
    if not text:
        return ""
    return gettext(text) if is_built_in(question_set) else text


def set_lang(question_set: HasScope | None) -> str:
    """The language of the set's own words when it is not the page's: "en" for a school's or
    trust's set on a page in another language, else ""."""
    if question_set is None or is_built_in(question_set):
        return ""
    return "" if (get_language() or "en").split("-")[0] == "en" else "en"


def wording_advice(text: str) -> list[str]:
    """What would make a question easier for a pupil to read: a sentence over 15 words, or a
    reading ease under 80. Advice only: the words are the school's to choose."""
    advice = []
    longest = longest_sentence(text)
    if longest > LONGEST_SENTENCE:
        advice.append(
            ngettext(
                "A sentence of “%(text)s” has %(count)s word. Pupils read best with short "
                "sentences of 15 words or fewer: try splitting it.",
                "A sentence of “%(text)s” has %(count)s words. Pupils read best with short "
                "sentences of 15 words or fewer: try splitting it.",
                longest,
            )
            % {"text": text, "count": longest}
        )
    if longest and reading_ease(text) < READING_EASE_AT_LEAST:
        advice.append(
            gettext(
                "“%(text)s” may be hard for some pupils to read (reading ease %(score)s, aim for "
                "80 or more): try shorter words and sentences."
            )
            % {"text": text, "score": f"{reading_ease(text):.0f}"}
        )
    return advice
