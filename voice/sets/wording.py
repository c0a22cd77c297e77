"""The words of a question set as a pupil or a member of staff sees them.

Built-in sets keep English msgids (voice/data/builtin_sets.yaml); a copy starts with the same
words. Passing every set's text through gettext translates the built-in words, and those a
copy left unchanged, into the page's language; words a school wrote itself have no entry in
the catalogue and come back as they are.
"""

from __future__ import annotations

from django.utils.translation import gettext


def shown(text: str) -> str:
    """`text` in the page's language where the catalogue knows it, else as written."""
    return gettext(text) if text else ""
