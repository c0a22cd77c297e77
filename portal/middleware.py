"""Request-wide rules of the project: the request id is in portal.audit, the session and
second-factor rules in portal.auth; here the Permissions-Policy header, the language prefix and
the page shown while the database is unreachable."""

from __future__ import annotations

import logging
import re
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from portal.i18n import is_rtl, language_links

logger = logging.getLogger(__name__)

_LANGUAGE_PREFIX = re.compile(rf"^/(?:{'|'.join(code for code, _ in settings.LANGUAGES)})(?=/)")


def unprefixed(path: str) -> str:
    return _LANGUAGE_PREFIX.sub("", path, count=1)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# PostgreSQL's SQLSTATEs for "cannot serve you now": connection exceptions (class 08), too many
# connections, and the server shutting down or not yet accepting connections.
_UNAVAILABLE_SQLSTATES = ("08", "53300", "57P01", "57P02", "57P03")
# SQLite's: the file cannot be opened or read, or another writer holds it for too long.
_UNAVAILABLE_SQLITE = ("unable to open database", "database is locked", "disk i/o error")
RETRY_AFTER_SECONDS = 120
_DATABASE_ERROR = "_portal_database_error"


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached, answer 503 "Sorry, the service is unavailable"
    with Retry-After, instead of a 500.

    It sits below the public page cache, which keeps serving cached public pages meanwhile. A
    failure in a view (or its template) arrives in process_exception; one in a middleware below
    (loading the session or the signed-in person) has already been turned into a 500 by Django
    and is recognised by the exception `got_request_exception` saw.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_remember_database_error, dispatch_uid=_DATABASE_ERROR)

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, _DATABASE_ERROR, None)
        if error is not None and response.status_code == 500:
            return database_unavailable_response(request, error)
        return response

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            return database_unavailable_response(request, exception)
        return None


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database cannot be reached now, as opposed to a fault in a
    query (a missing table, a deadlock, a statement timeout), which stays a server error."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(_UNAVAILABLE_SQLSTATES)
    if cause is not None and type(cause).__module__ == "sqlite3":
        return str(cause).lower().startswith(_UNAVAILABLE_SQLITE)
    # No server answer at all (refused, timed out, no free connection in the pool).
    return True


def _remember_database_error(sender, request=None, **kwargs) -> None:
    error = sys.exc_info()[1]
    if request is not None and error is not None and database_unavailable(error):
        setattr(request, _DATABASE_ERROR, error)


def database_unavailable_response(request, error: Exception) -> HttpResponse:
    """The 503 page in the reader's language, rendered without context processors: they look
    up the signed-in person and the unread count, which need the database."""
    logger.error(
        "Database unavailable for %s %s: %s",
        request.method,
        request.path,
        error,
        exc_info=(type(error), error, error.__traceback__),
    )
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        try:
            links = language_links(request.path)
        except Exception:  # noqa: BLE001 - the page must render whatever the path
            links = []
        body = render_to_string(
            "503.html",
            {
                "request": request,
                "LANGUAGE_CODE": language,
                "text_direction": "rtl" if is_rtl(language) else "ltr",
                "language_links": links,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response
