"""The project's own pages: each person's home page in the portal, and the health check."""

from __future__ import annotations

import functools

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.audit.actors import AuditContext
from portal.auth.rules import needs_second_factor
from portal.panels import DASHBOARD, panels_for
from portal.people import selectors as people_selectors
from portal.people.roles import roles_for
from portal.pupils import selectors as pupil_selectors
from portal.pupils.views import register_context


@login_required
@never_cache
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    audit_context = AuditContext.from_request(request)
    roles = roles_for(user)
    register_schools = pupil_selectors.register_schools(user=user)
    context = {
        "children": pupil_selectors.children_of_audited(actor=user, context=audit_context),
        "advice": people_selectors.local_authorities_for_parent(user=user),
        "register_schools": register_schools,
        "register": (
            register_context(request, register_schools[0]) if len(register_schools) == 1 else None
        ),
        "taught": pupil_selectors.pupils_taught_by_audited(actor=user, context=audit_context),
        "trust_schools": pupil_selectors.trust_overview(user=user) if roles.trust_ids else [],
        "memberships": people_selectors.staff_roles_at(user=user),
        "offer_second_factor": not needs_second_factor(user),
        "panels": panels_for(DASHBOARD, request=request),
    }
    return render(request, "portal/dashboard.html", context)


@functools.cache
def health_redis(url: str) -> redis.Redis:
    """One client (and connection pool) per process for the health check, which the load
    balancer calls every few seconds: a client per call would open a connection per call."""
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database (and Redis, when configured) health for load balancers: 200 or 503."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "error"
    if settings.REDIS_URL:
        try:
            health_redis(settings.REDIS_URL).ping()
            checks["redis"] = "ok"
        except Exception:  # noqa: BLE001
            checks["redis"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
