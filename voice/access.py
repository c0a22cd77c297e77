"""Who reaches a views request as the pupil: whoever holds its code in this browser session (or
the member of staff who opened it for the pupil, supervised).

The session keeps the request's id, whether it is supervised, and which questions were answered
in this visit; every page looks the request up again, so a request cancelled, finished or past
its date stops working at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.utils import timezone

from portal.audit.actors import PupilActor

from .models import RequestStatus, ViewsRequest

SESSION_KEY = "voice_request"
SUPERVISED_KEY = "voice_supervised_by"
ANSWERED_KEY = "voice_answered"
CHECKED_IN_KEY = "voice_checked_in"


@dataclass(frozen=True)
class PupilVisit:
    """The request the pupil is answering in this session, and who they act as."""

    views_request: ViewsRequest
    actor: PupilActor
    supervised_by_id: int | None


def request_is_open(views_request: ViewsRequest) -> bool:
    """The code still works: not finished or cancelled, and not past its date."""
    return (
        views_request.status in (RequestStatus.WAITING, RequestStatus.STARTED)
        and views_request.expires_at > timezone.now()
    )


def visit_begin(
    request: HttpRequest, views_request: ViewsRequest, *, supervised_by_id=None
) -> None:
    """Remember in this session that its holder answers `views_request`. A new session key, so a
    session fixed before the code was typed is never the one that holds it."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = views_request.pk
    request.session[SUPERVISED_KEY] = supervised_by_id
    request.session.pop(ANSWERED_KEY, None)
    request.session.pop(CHECKED_IN_KEY, None)


def visit_end(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(SUPERVISED_KEY, None)
    request.session.pop(ANSWERED_KEY, None)
    request.session.pop(CHECKED_IN_KEY, None)


def visit_answered(request: HttpRequest) -> frozenset[int]:
    """The ids of the questions answered in this visit (this browser session, since the code
    was typed or the adult opened the form). Only these answers are shown back: whoever holds
    the code card later starts a visit of their own and sees none of them."""
    return frozenset(request.session.get(ANSWERED_KEY) or ())


def visit_answered_add(request: HttpRequest, question_id: int) -> None:
    answered = visit_answered(request)
    if question_id not in answered:
        request.session[ANSWERED_KEY] = sorted(answered | {question_id})


def visit_checked_in(request: HttpRequest) -> frozenset[int]:
    """The targets (outcome ids) the pupil said how they are going in this visit: only these
    faces are shown back on My targets, as with answers."""
    return frozenset(request.session.get(CHECKED_IN_KEY) or ())


def visit_checked_in_add(request: HttpRequest, outcome_id: int) -> None:
    checked_in = visit_checked_in(request)
    if outcome_id not in checked_in:
        request.session[CHECKED_IN_KEY] = sorted(checked_in | {outcome_id})


def visit_end_on_sign_in(sender, request=None, **kwargs) -> None:
    """Whoever signs in on this browser ends the pupil's visit here (`user_logged_in`): a
    parent or a member of staff signing in where a pupil answered never lands in the pupil's
    pages with the pupil's answers shown back. A supervised visit starts after the adult has
    signed in, so it is not touched by its own sign-in."""
    if request is not None and hasattr(request, "session"):
        visit_end(request)


def visit_of(request: HttpRequest, *, open_only: bool = True) -> PupilVisit | None:
    """The pupil's visit in this session, or None (no code typed, or it no longer works when
    `open_only`). A supervised visit belongs to the member of staff who opened it: it ends if
    someone else signs in on the device."""
    request_id = request.session.get(SESSION_KEY)
    if not request_id:
        return None
    views_request = (
        ViewsRequest.objects.select_related("pupil", "school", "question_set")
        .filter(pk=request_id)
        .first()
    )
    if views_request is None or (open_only and not request_is_open(views_request)):
        return None
    supervised_by_id = request.session.get(SUPERVISED_KEY)
    if supervised_by_id and getattr(request.user, "pk", None) != supervised_by_id:
        return None
    return PupilVisit(
        views_request=views_request,
        actor=PupilActor(
            pupil_id=views_request.pupil_id,
            school_id=views_request.school_id,
            via="supervised" if supervised_by_id else "code",
        ),
        supervised_by_id=supervised_by_id,
    )


class NoVisit(Http404):
    """A pupil's page reached without a code that works in this session: still "not found",
    drawn as a page that asks for the code (`voice.middleware.PupilPageNotFoundMiddleware`)."""


# The pages a pupil reaches once their code is typed (the code's own page and the symbols'
# licence need none).
VISIT_PAGES = frozenset({"start", "question", "done", "targets"})


def access_visit(request: HttpRequest) -> PupilVisit:
    """The pupil's open visit, or 404 (`NoVisit`): a page for the pupil shows nothing about
    anyone without a code that works."""
    visit = visit_of(request)
    if visit is None:
        raise NoVisit
    return visit


def needs_a_code(request: HttpRequest, exception: Exception) -> bool:
    """Whether a "not found" is a pupil's page reached without a code that works in this
    session (and not a page that is missing for a pupil who has one, such as a question number
    past the last)."""
    if isinstance(exception, NoVisit):
        return True
    if not isinstance(exception, Http404):
        return False
    match = getattr(request, "resolver_match", None)
    return (
        match is not None
        and match.namespace == "voice"
        and match.url_name in VISIT_PAGES
        and visit_of(request) is None
    )
