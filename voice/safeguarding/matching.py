"""Matching a pupil's words against a list of safeguarding phrases. Pure functions, no database.

Both sides are normalised the same way (case, accents, straight or curly apostrophes,
punctuation, repeated spaces), and a phrase matches only on whole words: "hit me" matches
"he hit me!" and "He HITS me", never "white meat". Each word of a phrase may take a simple
ending (-s, -es, -ed, -d, -ing), so "kick me" also matches "kicks me" and "kicked me"; a word
is never matched inside a longer one ("secret" does not match "secretary").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Apostrophes and quotation marks children's keyboards and phones produce: dropped, so that
# "don't", "don’t" and "dont" are the same word.
_APOSTROPHES = re.compile(r"['’‘ʼ`´′]")
# Any letter or digit of any script is part of a word (Urdu, Welsh, Polish...); everything else,
# including the underscore \w would keep, separates words.
_NOT_WORD = re.compile(r"[\W_]+")
_ENDINGS = r"(?:s|es|ed|d|ing)?"

PHRASE_MIN = 2
PHRASE_MAX = 60
PHRASES_MAX = 300


def normalise(text: str) -> str:
    """Case folded, no accents, no apostrophes, every mark that is not a letter or digit (in
    any script) a space, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = unicodedata.normalize("NFKC", plain).casefold()
    plain = _APOSTROPHES.sub("", plain)
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def phrases_from_text(text: str) -> list[str]:
    """The phrases of a list, one a line: blank lines and lines starting with # are skipped,
    surrounding spaces trimmed, repeats (after normalising) dropped, order kept."""
    seen: set[str] = set()
    phrases = []
    for line in text.splitlines():
        phrase = " ".join(line.split())
        if not phrase or phrase.startswith("#"):
            continue
        key = normalise(phrase)
        if key and key not in seen:
            seen.add(key)
            phrases.append(phrase.lower())
    return phrases


@lru_cache(maxsize=64)
def _patterns(phrases: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    compiled = []
    for phrase in phrases:
        words = normalise(phrase).split()
        if not words:
            continue
        body = " ".join(re.escape(word) + _ENDINGS for word in words)
        compiled.append((phrase, re.compile(rf"(?<!\w){body}(?!\w)")))
    return tuple(compiled)


def matched_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases (as the list writes them) found in `text`, in the list's order."""
    plain = normalise(text)
    if not plain:
        return []
    return [phrase for phrase, pattern in _patterns(tuple(phrases)) if pattern.search(plain)]


def texts_in(value: object) -> list[str]:
    """Every piece of text inside an answer's JSON value (the words of "text", "who", ...)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in texts_in(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in texts_in(item)]
    return []


def pupil_words(text: str, value: object) -> str:
    """The pupil's words in an answer, as they are screened: its free words, then every piece
    of text in its value, each once and one a line."""
    pieces: list[str] = []
    for piece in [text or "", *texts_in(value)]:
        piece = piece.strip()
        if piece and piece not in pieces:
            pieces.append(piece)
    return "\n".join(pieces)
