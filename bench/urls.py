"""The portal's URLs plus the bare view, P: a request through the same server, middleware and
URL resolver that does nothing, the yardstick every page's speed is a ratio to."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare, name="bench_bare"), *portal_urlpatterns]
