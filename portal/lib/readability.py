"""How easy English text is to read: the Flesch reading ease score, with syllables counted by
hyphenation (pyphen's British English dictionary). Pure: no database, no settings.

    206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)

90 and above is easy for an eleven-year-old; 80 is "easy"; 60 is plain English. A hyphenation
dictionary leaves short words and some endings whole, so its syllable counts err low, never
high: a text that scores 80 here may score a little less by hand. The score is only a check on
long sentences and long words; a person still reads the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyphen

# Letters (with an apostrophe inside a word, as in "don't") make a word; digits count as one.
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+")
# A sentence ends at . ! or ? (one or more), or at the end of the text.
SENTENCE_END = re.compile(r"[.!?]+")


@dataclass(frozen=True)
class Reading:
    words: int
    sentences: int
    syllables: int

    @property
    def score(self) -> float:
        """Flesch reading ease; 0 words score 100 (nothing to read is easy)."""
        if not self.words:
            return 100.0
        return (
            206.835 - 1.015 * (self.words / self.sentences) - 84.6 * (self.syllables / self.words)
        )


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_GB")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of `text` that hold at least one word."""
    return [part for part in SENTENCE_END.split(text) if WORD.search(part)]


def syllables(word: str) -> int:
    """Syllables in one word: the hyphenation points plus one, at least one. A number counts
    as one."""
    if word.isdigit():
        return 1
    return len(_dictionary().positions(word.lower().replace("’", "'"))) + 1


def reading(text: str) -> Reading:
    found = words(text)
    return Reading(
        words=len(found),
        sentences=max(1, len(sentences(text))),
        syllables=sum(syllables(word) for word in found),
    )


def reading_ease(text: str) -> float:
    """The Flesch reading ease of `text`, rounded to one decimal place."""
    return round(reading(text).score, 1)


def longest_sentence(text: str) -> int:
    """The number of words in the longest sentence of `text` (0 for no words)."""
    return max((len(words(sentence)) for sentence in sentences(text)), default=0)
