"""What a page with the recorder needs from the browser: the microphone, and blob: sound."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from csp.constants import SELF
from django.conf import settings
from django.http import HttpResponseBase


def allow_recording(response: HttpResponseBase) -> HttpResponseBase:
    """Let this page (and only this page) use the microphone, and play back the recording it
    just made (a blob: address). Every other page keeps `microphone=()`."""
    response["Permissions-Policy"] = settings.PERMISSIONS_POLICY.replace(
        "microphone=()", "microphone=(self)"
    )
    response._csp_update = {"media-src": [SELF, "blob:"]}
    return response


def recording_page(view: Callable) -> Callable:
    """Decorate a view whose page includes `voice/audio/recorder.html`."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return allow_recording(view(*args, **kwargs))

    return wrapped
