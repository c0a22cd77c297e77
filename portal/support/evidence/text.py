"""Which language and direction a passage of people's own words is in, so that the print view
and the PDF mark it (`lang`, `dir`) and the PDF picks a font that has its letters. No database."""

from __future__ import annotations

import unicodedata

# Letters Urdu has and Arabic does not (ٹ ڈ ڑ ں ھ ہ ے ۓ ی ک گ پ چ ژ).
_URDU_ONLY = set("ٹڈڑںھہےۓیکگپچژ")
# Letters with a circumflex that Welsh uses on w and y (and rarely anything else does).
_WELSH_ONLY = set("ŵŷŴŶ")


def _is_rtl(character: str) -> bool:
    return unicodedata.bidirectional(character) in ("R", "AL")


def passage_language(text: str, default: str = "en") -> tuple[str, str]:
    """(lang, dir) of a passage: its first strong letter decides the direction; Urdu-only
    letters make Arabic script Urdu, ŵ or ŷ make Latin script Welsh; else `default`."""
    direction = "ltr"
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            direction = "rtl"
            break
        if kind == "L":
            break
    if direction == "rtl":
        letters = set(text)
        if letters & _URDU_ONLY:
            return "ur", "rtl"
        if any(_is_rtl(c) for c in letters):
            return "ar", "rtl"
    if set(text) & _WELSH_ONLY:
        return "cy", "ltr"
    return default, direction
