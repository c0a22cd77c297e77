"""Search results a reader can judge: each page found with a passage of the text that matched
and, for the SEN information report, a link straight to the section it matched."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 90  # either side of the match


@dataclass(frozen=True)
class Hit:
    page: object
    url: str
    section_title: str
    snippet: SafeString


def _terms(query: str) -> list[re.Pattern]:
    """One pattern per word of the query, matching its stem so "supporting" finds "support"."""
    words = [word for word in re.findall(r"\w+", query.lower()) if len(word) > 2]
    return [
        re.compile(r"\b" + re.escape(word[: max(4, len(word) - 3)]) + r"\w*", re.IGNORECASE)
        for word in words or [query.lower()]
    ]


def _text(value) -> str:
    """Plain text of a StreamField's raw data, a rich text string or a struct."""
    if isinstance(value, dict):
        return " ".join(_text(item) for key, item in value.items() if key not in ("id", "type"))
    if isinstance(value, list | tuple):
        return " ".join(_text(item) for item in value)
    if isinstance(value, str):
        return html.unescape(strip_tags(value.replace("><", "> <")))
    return ""


def _passages(page) -> list[tuple[str, str, str]]:
    """(anchor, section title, text) for each part of `page` a reader can be sent to."""
    from content.models import SENInformationReportPage

    passages = [("", "", _text(getattr(page, field, "") or "")) for field in ("summary", "intro")]
    if isinstance(page, SENInformationReportPage):
        for item in page.sections():
            if item["body"] is not None:
                passages.append(
                    (item["anchor"], str(item["section"].title), _text(list(item["body"].raw_data)))
                )
    elif getattr(page, "body", None) is not None:
        passages.append(("", "", _text(list(page.body.raw_data))))
    return [passage for passage in passages if passage[2].strip()]


def _snippet(text: str, match: re.Match | None) -> SafeString:
    text = " ".join(text.split())
    if match is None:
        cut = text[: SNIPPET_CHARS * 2]
        return mark_safe(escape(cut) + ("…" if len(text) > len(cut) else ""))  # noqa: S308
    start, end = max(0, match.start() - SNIPPET_CHARS), min(len(text), match.end() + SNIPPET_CHARS)
    return mark_safe(  # noqa: S308 - every piece of text is escaped
        ("…" if start else "")
        + escape(text[start : match.start()])
        + "<mark>"
        + escape(text[match.start() : match.end()])
        + "</mark>"
        + escape(text[match.end() : end])
        + ("…" if end < len(text) else "")
    )


def search_hits(pages, query: str) -> list[Hit]:
    terms = _terms(query)
    hits = []
    for page in pages:
        passages = _passages(page)
        found = next(
            (
                (anchor, title, text, match)
                for anchor, title, text in passages
                for term in terms
                if (match := term.search(" ".join(text.split())))
            ),
            None,
        )
        url = page.url
        if found is None:
            text = passages[0][2] if passages else ""
            hits.append(Hit(page, url, "", _snippet(text, None)))
            continue
        anchor, title, text, match = found
        hits.append(Hit(page, f"{url}#{anchor}" if anchor else url, title, _snippet(text, match)))
    return hits
