"""Reading page text kept as YAML data files (content/fixtures/): the statutory pages' default
text and the demo pages. StreamField blocks are written `{type: ..., value: ...}`; a block may
carry `only: <variant>` to appear in one variant of the page alone (a primary or a secondary
school's report). Placeholders such as `{school}` are replaced by plain `str.replace`, escaped
for HTML, so braces elsewhere in the text need no doubling."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import yaml

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"


def load(relative_path: str) -> Any:
    with (FIXTURES_DIR / relative_path).open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def fill(value: Any, placeholders: dict[str, str], *, html: bool = True) -> Any:
    """`value` with every `{name}` in its strings replaced, HTML-escaped unless `html` is False."""
    if isinstance(value, str):
        for name, replacement in placeholders.items():
            value = value.replace(
                "{" + name + "}", escape(replacement, quote=False) if html else replacement
            )
        return value
    if isinstance(value, dict):
        return {key: fill(item, placeholders, html=html) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, placeholders, html=html) for item in value]
    return value


def stream(
    blocks: list[dict], *, variant: str | None = None, placeholders: dict[str, str] | None = None
) -> list[tuple[str, Any]]:
    """The raw `(block_type, value)` list a StreamField accepts, for one variant of the page."""
    return [
        (block["type"], fill(block["value"], placeholders or {}))
        for block in blocks
        if block.get("only") in (None, variant)
    ]
