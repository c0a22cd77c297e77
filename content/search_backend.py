"""Wagtail's database search backend, given only words.

The backend passes a query's text into the database's full-text syntax with too little
escaping: on SQLite a double quote ends the FTS5 string early ("unterminated string"), and on
PostgreSQL a NUL byte is refused; either answered a server error, on the public search and in
the CMS's page chooser alike. Every query is reduced to its words here, once, for every search
the site makes (`portal.lib.text.search_words`).

Named by WAGTAILSEARCH_BACKENDS; it wraps whichever backend Wagtail picks for the database.
"""

from __future__ import annotations

from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText, SearchQuery
from wagtail.search.backends.database import SearchBackend as database_backend

from portal.lib.text import search_words


def words_only(query: str | SearchQuery) -> str | SearchQuery:
    """`query` with the text of every part reduced to words; "" if no words are left."""
    if isinstance(query, str):
        return search_words(query)
    if isinstance(query, PlainText):
        words = search_words(query.query_string)
        return PlainText(words, operator=query.operator, boost=query.boost) if words else ""
    if isinstance(query, Phrase):
        words = search_words(query.query_string)
        return Phrase(words) if words else ""
    if isinstance(query, Fuzzy):
        words = search_words(query.query_string)
        return Fuzzy(words, operator=query.operator, unaccent=query.unaccent) if words else ""
    if isinstance(query, Boost):
        inner = words_only(query.subquery)
        return Boost(inner, query.boost) if inner != "" else ""
    if isinstance(query, Not):
        inner = words_only(query.subquery)
        return Not(inner) if inner != "" else ""
    if isinstance(query, And | Or):
        parts = [part for part in map(words_only, query.subqueries) if part != ""]
        if not parts:
            return ""
        return parts[0] if len(parts) == 1 else type(query)(parts)
    return query  # MatchAll


class WordsOnly:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(query_compiler_class, words_only(query), model_or_queryset, **kwargs)


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    backend = database_backend(params)
    safe_class = type(f"WordsOnly{type(backend).__name__}", (WordsOnly, type(backend)), {})
    return safe_class(params)
