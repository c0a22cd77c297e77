"""Text a person typed, made safe to show and to search: no database here.

Text-direction controls (U+202A to U+202E, U+2066 to U+2069) reorder what follows them on
screen, so "Aisha" can be stored as letters that display as another name, or a file name as
another file type. Names refuse them; search and other free text drop them.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

TEXT_DIRECTION_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, overrides and their end
    "\u2066\u2067\u2068\u2069"  # isolates and their end
)
_TEXT_DIRECTION_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def has_text_direction_controls(text: str) -> bool:
    return bool(_TEXT_DIRECTION_CONTROL.search(text))


def without_hidden_characters(text: str) -> str:
    """`text` without control characters (C0, C1, NUL, DEL) and text-direction controls; each
    becomes a space, so that words either side stay apart. Joiners and the marks that Urdu and
    other scripts need (ZWNJ, ZWJ, LRM, RLM) are kept."""
    return "".join(
        " " if unicodedata.category(char) == "Cc" or char in TEXT_DIRECTION_CONTROLS else char
        for char in text
    )


@deconstructible
class NoTextDirectionControls:
    """Refuses a name holding hidden text-direction characters, with a message that names the
    field (`label`, as the form shows it) and says what to do."""

    code = "text_direction"

    def __init__(self, label: str):
        self.label = label

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_text_direction_controls(value):
            raise ValidationError(
                _(
                    "%(field)s must not contain hidden text-direction characters. "
                    "Type the name again."
                )
                % {"field": self.label},
                code=self.code,
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, NoTextDirectionControls) and str(self.label) == str(other.label)

    def __hash__(self) -> int:
        return hash(str(self.label))


def search_words(text: str, *, most: int = 20) -> str:
    """The words of `text` (runs of letters, combining marks and digits, in any script) joined
    by single spaces, at most `most` of them. Quotes, operators, markup, controls and NUL are
    gone, so no database's full-text syntax can be spoken through it."""
    text = unicodedata.normalize("NFKC", text)
    kept = "".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in text)
    return " ".join(kept.split()[:most])
