"""A pupil who reaches one of their pages without a code that works (a bookmark, the Back
button after finishing, a shared link) gets a "not found" they can act on."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import needs_a_code


class PupilPageNotFoundMiddleware:
    """The 404 of a pupil's page without a visit, drawn in the pupil's pages' style: big plain
    words saying the page needs their code and a link to type it. It names nobody and keeps
    the status, so the page says no more than any other "not found". Every other exception goes
    on to Django's own handling."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not needs_a_code(request, exception):
            return None
        return render(request, "voice/no_visit.html", {"symbols_on": True}, status=404)
