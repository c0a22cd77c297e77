"""Where a pupil's reviewed views go: the meeting record, the passport ("All about me"), the
pupil's page and the SENCO's dashboard (see portal/panels.py).

Staff who read the pupil's views see every answer, "just for my teacher" ones tagged, except on
the passport, which is shared and leaves those out; a parent
sees only what `selectors.responses_visible_to_parent` allows. Each panel takes a fixed number
of queries, and every panel that shows answers audits the read.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from portal.audit.actors import AuditContext
from portal.auth.rules import second_factor_passed
from portal.panels import DASHBOARD, MEETING_RECORD, PASSPORT, PUPIL_PAGE, panel
from portal.pupils.access import is_parent_of
from portal.schools.access import can_manage_school
from voice.models import Response, ReviewStatus
from voice.sets import wording

from . import selectors
from .access import can_read_views
from .views import url_if_known

# The printed passport is one page: its "In my own words" keeps to a few answers.
PASSPORT_PRINT_ANSWERS = 4
PUPIL_PAGE_RESPONSES = 3


def _reader(request, pupil) -> tuple[bool, bool]:
    """(staff who read the pupil's views, linked parent)."""
    if can_read_views(request.user, pupil):
        return True, False
    return False, is_parent_of(request.user, pupil)


@panel(MEETING_RECORD)
def meeting_panel(*, request, meeting, **_kwargs) -> str | None:
    """The reviewed views the pupil gave for this meeting."""
    pupil = meeting.pupil
    staff, parent = _reader(request, pupil)
    if not (staff or parent):
        return None
    reviewed = Response.objects.filter(
        request__meeting=meeting, review_status=ReviewStatus.REVIEWED
    ).order_by("-finished_at", "-id")
    context = AuditContext.from_request(request)
    if staff:
        responses = selectors.responses_for_staff_audited(
            actor=request.user, context=context, queryset=reviewed, detail="meeting record"
        )
    else:
        responses = selectors.responses_visible_to_parent(request.user, pupil, queryset=reviewed)
        selectors.audit_read(
            request.user, context, [item.response for item in responses], "meeting record"
        )
    if not responses:
        return None
    return render_to_string(
        "voice/review/meeting_panel.html",
        {"pupil": pupil, "responses": responses, "staff": staff},
        request=request,
    )


@panel(PASSPORT)
def passport_panel(*, request, pupil, printing: bool = False, **_kwargs) -> str | None:
    """The latest reviewed "All about me": each answer under its passport heading, the others
    under "In my own words", never a "just for my teacher" one (the passport is shared); a few
    answers when printing, so the page still fits."""
    staff, parent = _reader(request, pupil)
    if not (staff or parent):
        return None
    latest = selectors.latest_all_about_me(Response.objects.filter(pupil=pupil))
    context = AuditContext.from_request(request)
    if staff:
        found = selectors.responses_for_staff_audited(
            actor=request.user, context=context, queryset=latest, detail="passport", limit=1
        )
    else:
        found = selectors.responses_visible_to_parent(request.user, pupil, queryset=latest)[:1]
        selectors.audit_read(request.user, context, [item.response for item in found], "passport")
    if not found:
        return None
    shown = found[0]
    sections: dict[tuple[str, str], list] = {}
    # "Just for my teacher" answers stay on the response page: the passport is shared.
    for answer in (item for item in shown.answers if not item.just_for_teacher):
        if answer.passport_heading:
            heading = (wording.shown(answer.passport_heading, shown.question_set), shown.lang)
        else:
            heading = (_("In my own words"), "")
        sections.setdefault(heading, []).append(answer)
    if printing:
        kept, budget = {}, PASSPORT_PRINT_ANSWERS
        for heading, answers in sections.items():
            if budget <= 0:
                break
            kept[heading] = answers[:budget]
            budget -= len(kept[heading])
        sections = kept
    return render_to_string(
        "voice/review/passport_panel.html",
        {
            "pupil": pupil,
            "shown": shown,
            "sections": [(heading, lang, answers) for (heading, lang), answers in sections.items()],
            "staff": staff,
            "printing": printing,
        },
        request=request,
    )


@panel(PUPIL_PAGE)
def pupil_panel(*, request, pupil, **_kwargs) -> str | None:
    """For staff who read the pupil's views: the latest responses and the "how I communicate"
    note; for a parent: the note and the views shared with them."""
    staff, parent = _reader(request, pupil)
    if not (staff or parent):
        return None
    note = selectors.communication_note(pupil)
    if staff:
        latest = list(
            Response.objects.filter(pupil=pupil)
            .select_related("request__question_set")
            .order_by("-started_at", "-id")[:PUPIL_PAGE_RESPONSES]
        )
        return render_to_string(
            "voice/review/pupil_panel.html",
            {
                "pupil": pupil,
                "note": note,
                "staff": True,
                "latest": latest,
                "can_manage": can_manage_school(request.user, pupil.school_id),
                "pupil_views_url": url_if_known("voice:pupil_views", pupil.pk),
                "request_new_url": url_if_known("voice:request_new", pupil.pk),
            },
            request=request,
        )
    shared = selectors.parent_visible(Response.objects.filter(pupil=pupil)).count()
    return render_to_string(
        "voice/review/pupil_panel.html",
        {"pupil": pupil, "note": note, "staff": False, "shared": shared},
        request=request,
    )


@panel(DASHBOARD)
def dashboard_panel(*, request, **_kwargs) -> str | None:
    """For a SENCO: how many pupils' views wait for review, with a link."""
    user = request.user
    if not user.is_authenticated or not second_factor_passed(user):
        return None
    counts = selectors.waiting_counts(user)
    if not counts:
        return None
    return render_to_string(
        "voice/review/dashboard_panel.html", {"counts": counts}, request=request
    )
