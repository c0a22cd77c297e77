"""Keeps the built-in question sets in line with voice/data/builtin_sets.yaml after migrate.
Data upkeep, not a business rule: the same call a deploy script would make."""

from __future__ import annotations

from django.db import connections


def builtin_sets_after_migrate(*, using: str = "default", **_kwargs) -> None:
    from .builtin import builtin_sets_ensure

    # A migrate run backwards past voice's first migration leaves no table to fill.
    if "voice_questionset" not in connections[using].introspection.table_names():
        return
    builtin_sets_ensure()
