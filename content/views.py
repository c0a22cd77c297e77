"""Wagtail's password form for private pages, made safe for any input."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods
from wagtail.views import authenticate_with_password


@require_http_methods(["GET", "POST"])
def authenticate_with_password_safely(
    request: HttpRequest, page_view_restriction_id: int, page_id: int
) -> HttpResponse:
    """Wagtail's view, except that a `return_url` which is not a path on this site becomes
    the home page. Wagtail passes any relative text to `redirect()`, which tries it as a view
    name and answers a server error for words like "Zoë"."""
    if request.method == "POST":
        return_url = request.POST.get("return_url", "")
        if not return_url.startswith("/") or return_url.startswith("//"):
            post = request.POST.copy()
            post["return_url"] = "/"
            request.POST = post
    return authenticate_with_password(request, page_view_restriction_id, page_id)
