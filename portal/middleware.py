"""Request-wide rules of the project: the request id is in portal.audit, the session and
second-factor rules in portal.auth; here the Permissions-Policy header and the language prefix."""

from __future__ import annotations

import re

from django.conf import settings

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
