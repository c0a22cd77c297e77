"""Public pages are served from the cache to anonymous readers and purged when pages change.

Anonymous means no session cookie. Readers whose only cookies are ones that do not change a
public page (the CSRF cookie the sign-in page sets, the language cookie, the known-device
cookie) are served the same cached pages; any other cookie (a session, flash messages, one we
do not know) bypasses the cache. A response that sets a cookie (a page that put a CSRF token
in a form) is never stored, so no reader is handed another's token.

The whole response is stored with its headers, so a cached page and its Content-Security-Policy
nonce always match. Publishing, unpublishing, moving or deleting any page bumps a version that
is part of every key, which purges every cached page at once (pages list their neighbours).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, patch_vary_headers

from portal.auth.sign_in_limits import KNOWN_DEVICE_COOKIE
from portal.middleware import unprefixed

VERSION_KEY = "public-pages:version"
TIMEOUT_SECONDS = 60 * 60
BROWSER_MAX_AGE = 60
# Areas that are never public pages.
_PRIVATE = ("/portal/", "/accounts/", "/cms/", "/django-admin/", "/_util/", "/healthz", "/static/")


def public_pages_purge() -> None:
    """Invalidate every cached public page."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _key(request) -> str:
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    return f"public-pages:{version}:{request.get_host()}:{request.path}"


def _shared_cache_up() -> bool:
    """False while the cache has fallen back to this process's memory (Redis unreachable): a
    purge made by another process would not reach pages kept here, so none are kept."""
    return not getattr(cache, "degraded", False)


def _page_neutral_cookies() -> frozenset[str]:
    """Cookies that leave a public page as every anonymous reader gets it."""
    return frozenset(
        {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, KNOWN_DEVICE_COOKIE}
    )


def _anonymous_cookies_only(request) -> bool:
    names = set(request.COOKIES)
    return settings.SESSION_COOKIE_NAME not in names and names <= _page_neutral_cookies()


def cached_until_pages_change(name: str, compute):
    """`compute()`'s answer, kept in the cache until any page is published, moved or deleted
    (the public pages' version is part of the key): for what every page shows, such as the
    footer's links. Computed afresh while the cache is this process's alone."""
    if not _shared_cache_up():
        return compute()
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    key = f"public-pages:{version}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and _anonymous_cookies_only(request)
        # One entry per query string would let anyone fill the cache.
        and not request.META.get("QUERY_STRING")
        and not unprefixed(request.path_info).startswith(_PRIVATE)
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key) if _shared_cache_up() else None
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if (
            response.status_code == 200
            and getattr(response, "public_page", False)
            and not response.cookies
            and not response.streaming
            and _shared_cache_up()
        ):
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
            patch_vary_headers(response, ["Cookie"])
            response["X-Cache"] = "miss"
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, TIMEOUT_SECONDS)
        return response
