"""The "Pupil's views" panel on a pupil's page, for the staff who may read or ask for them."""

from __future__ import annotations

from django.template.loader import render_to_string

from portal.panels import PUPIL_PAGE, panel

from . import selectors
from .access import can_ask, can_read_views


@panel(PUPIL_PAGE)
def pupil_views_panel(*, request, pupil, **_kwargs) -> str | None:
    """How many requests wait for the pupil and how many are finished, a link to the list and,
    for those who may ask, "Ask for views". Two queries at most, whatever the numbers."""
    user = request.user
    if not can_read_views(user, pupil):
        return None
    return render_to_string(
        "voice/asking/pupil_panel.html",
        {
            "pupil": pupil,
            "counts": selectors.pupil_views_counts(pupil=pupil),
            "may_ask": can_ask(user, pupil),
        },
        request=request,
    )
