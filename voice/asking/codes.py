"""The one-time codes a pupil types: eight characters from an alphabet with no look-alikes.

The alphabet keeps 3 4 6 7 9 and A C E F H J K M N P R T W X Y (20 characters, 20**8, about
2.6 x 10**10 codes). It leaves out every character a child (or a tired adult) could read as
another: 0 O Q D (round shapes), 1 I L, 2 Z, 5 S, 8 B, U V, and G (beside 6). Codes are shown in
two groups of four ("ACEF 3479"); what is typed is read forgivingly: any case, spaces, dashes and
dots ignored, full-width letters folded, and the look-alikes of a kept character read as it.
"""

from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "34679ACEFHJKMNPRTWXY"
LENGTH = 8
GROUP = 4

# A look-alike of a character in the alphabet, typed by mistake, read as that character.
LOOK_ALIKES = {"G": "6", "Q": "9"}
_IGNORED = set(" \t\r\n-_.–—·")


def code_new() -> str:
    """A fresh random code (unchecked for uniqueness: the database's constraint does that)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_display(code: str) -> str:
    """ "ACEF3479" as "ACEF 3479"."""
    return " ".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def code_normalise(typed: str) -> str:
    """What was typed, as a code would be written: upper case, no separators, look-alikes read
    as the kept character. The result may still not be a possible code (see `code_is_possible`)."""
    text = typed or ""
    # Until nothing changes: dropping a separator can let what is left fold again.
    for _ in range(4):
        folded = unicodedata.normalize("NFKC", text).upper()
        kept = "".join(
            LOOK_ALIKES.get(char, char)
            for char in folded
            if char not in _IGNORED and unicodedata.category(char)[0] not in "ZCM"
        )
        if kept == text:
            break
        text = kept
    return text


def code_is_possible(code: str) -> bool:
    """Whether a normalised code could have been made by `code_new`."""
    return len(code) == LENGTH and all(char in ALPHABET for char in code)
