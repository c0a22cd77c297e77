"""Panels a journey adds to a core page (the dashboard, a pupil's page) without the core
importing the journey.

A journey registers a function for a slot in its `AppConfig.ready()`; the core page renders
whatever the registered functions return, in registration order. Each function receives the
request (and, on a pupil's page, the pupil the viewer was already given access to), does its
own access checks and a fixed number of queries, and returns HTML or None.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

DASHBOARD = "dashboard"
PUPIL_PAGE = "pupil_page"
# On a meeting's record (kwargs: request, meeting) and on a pupil's passport (request, pupil).
MEETING_RECORD = "meeting_record"
PASSPORT = "passport"

PanelFunction = Callable[..., str | None]
_registry: dict[str, list[PanelFunction]] = {
    DASHBOARD: [],
    PUPIL_PAGE: [],
    MEETING_RECORD: [],
    PASSPORT: [],
}


def panel(slot: str, *, first: bool = False) -> Callable[[PanelFunction], PanelFunction]:
    """Register a panel function for a slot (idempotent, so a second `ready()` adds nothing).
    `first` puts it before every panel registered so far: for what a reader comes to the page
    for before anything else."""

    def register(function: PanelFunction) -> PanelFunction:
        if function not in _registry[slot]:
            if first:
                _registry[slot].insert(0, function)
            else:
                _registry[slot].append(function)
        return function

    return register


def panels_for(slot: str, **kwargs) -> list[SafeString]:
    """The HTML of every panel registered for the slot that has something to show. On a pupil's
    page the panels share one answer to "is the reader this child's parent?" while they are
    drawn (see `portal.pupils.access.is_parent_of`)."""
    from portal.pupils.access import PARENT_OF_CACHE

    pupil = kwargs.get("pupil")
    if pupil is not None:
        pupil.__dict__[PARENT_OF_CACHE] = {}
    try:
        rendered = [function(**kwargs) for function in _registry[slot]]
    finally:
        if pupil is not None:
            pupil.__dict__.pop(PARENT_OF_CACHE, None)
    return [mark_safe(html) for html in rendered if html]  # noqa: S308 - rendered templates
