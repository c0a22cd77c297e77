"""Wagtail's password forms for private pages and private documents, made safe for any input
and limited against guessing."""

from allauth.core.ratelimit import consume_or_429
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods
from wagtail.documents.views.serve import authenticate_with_password as document_password
from wagtail.views import authenticate_with_password as page_password


def _guard(request: HttpRequest) -> HttpResponse | None:
    """For a posted shared password: a 429 once one address has posted too many passwords,
    right or wrong, in a minute (`shared_password` in ACCOUNT_RATE_LIMITS), and a `return_url`
    that is not a path on this site becomes the home page. Wagtail passes any relative text to
    `redirect()`, which tries it as a view name and answers a server error for words like
    "Zoë"."""
    if request.method != "POST":
        return None
    limited = consume_or_429(request, action="shared_password")
    if limited:
        return limited
    return_url = request.POST.get("return_url", "")
    if not return_url.startswith("/") or return_url.startswith("//"):
        post = request.POST.copy()
        post["return_url"] = "/"
        request.POST = post
    return None


@require_http_methods(["GET", "POST"])
def authenticate_with_password_safely(
    request: HttpRequest, page_view_restriction_id: int, page_id: int
) -> HttpResponse:
    """Wagtail's password form for a private page, guarded by `_guard`."""
    return _guard(request) or page_password(request, page_view_restriction_id, page_id)


@require_http_methods(["GET", "POST"])
def authenticate_with_document_password_safely(
    request: HttpRequest, restriction_id: int
) -> HttpResponse:
    """Wagtail's password form for a private document collection, guarded by `_guard`."""
    return _guard(request) or document_password(request, restriction_id)
