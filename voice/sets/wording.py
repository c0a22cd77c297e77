"""The words of a question set as a pupil or a member of staff sees them.

Built-in sets keep English msgids (voice/data/builtin_sets.yaml); a copy starts with the same
words. Passing every set's text through gettext translates the built-in words, and those a
copy left unchanged, into the page's language; words a school wrote itself have no entry in
the catalogue and come back as they are.
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from portal.lib.readability import longest_sentence, reading_ease

# What the built-in sets keep to (tests/voice/test_sets_wording.py): pupils read best with
# short sentences and short words.
LONGEST_SENTENCE = 15
READING_EASE_AT_LEAST = 80


def shown(text: str) -> str:
    """`text` in the page's language where the catalogue knows it, else as written."""
    return gettext(text) if text else ""


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
