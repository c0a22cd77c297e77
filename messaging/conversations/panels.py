"""What conversations add to the core's pages: the replies a person owes on their dashboard, and
the conversations about a child on the child's page. A fixed number of queries each."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from messaging.conversations import access, selectors
from portal.audit.actors import AuditContext
from portal.panels import DASHBOARD, PUPIL_PAGE, panel
from portal.pupils.models import Pupil


@panel(DASHBOARD)
def replies_needed_panel(*, request: HttpRequest) -> str | None:
    """Messages from others asking the viewer for a reply by a date, soonest first."""
    replies = selectors.replies_needed_audited(
        actor=request.user, context=AuditContext.from_request(request)
    )
    if not replies:
        return None
    return render_to_string(
        "conversations/panels/replies_needed.html", {"replies": replies}, request=request
    )


@panel(DASHBOARD)
def conversation_links_panel(*, request: HttpRequest) -> str | None:
    """Links to the viewer's conversations, and to the quiet hours of each school whose quiet
    hours they set. Two queries at most."""
    has_conversations = access.visible_conversations(request.user).exists()
    schools = access.quiet_hours_schools(request.user)
    if not has_conversations and not schools:
        return None
    return render_to_string(
        "conversations/panels/conversation_links.html",
        {"has_conversations": has_conversations, "schools": schools},
        request=request,
    )


@panel(PUPIL_PAGE)
def pupil_conversations_panel(*, request: HttpRequest, pupil: Pupil) -> str | None:
    """The viewer's conversations about the child, and a way to start one for those who may."""
    conversations = selectors.conversations_about(actor=request.user, pupil=pupil)
    may_start = access.can_start_about(request.user, pupil)
    if not conversations and not may_start:
        return None
    return render_to_string(
        "conversations/panels/pupil_conversations.html",
        {
            "conversations": conversations,
            "may_start": may_start,
            "pupil": pupil,
            "pupil_first_name": selectors.first_name_of(pupil),
        },
        request=request,
    )
