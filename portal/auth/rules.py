"""Session and second-factor rules, in one place: who needs a second factor, when a session
ends, and whether a session may hold a live socket. The middleware, the allauth adapter, the
access modules and the socket consumer all ask here."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Q
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.models import Device

from portal.people.models import User
from portal.people.roles import roles_for

SESSION_STARTED_KEY = "portal_auth_started_at"
SESSION_SEEN_KEY = "portal_last_seen_at"


def needs_second_factor(user: User) -> bool:
    """Staff always; anyone else once they have set up a second factor of their own.

    Asked several times a request (middleware, context, access), so the answer is kept on the
    user object for the request.
    """
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_portal_needs_second_factor", None)
    if cached is not None:
        return cached
    needed = (
        roles_for(user).is_staff_like
        or user.is_staff
        or user_has_device(user, confirmed=True)
        or may_open_the_cms(user)
    )
    user._portal_needs_second_factor = needed
    return needed


def may_open_the_cms(user: User) -> bool:
    """Holds wagtailadmin.access_admin, directly or through a group: asked of everyone signed
    in on every request, so in one query, where the backend's `has_perm` loads every
    permission the person holds in two."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        .filter(Q(user=user) | Q(group__user=user))
        .exists()
    )


def second_factor_passed(user: User) -> bool:
    """Signed in, and verified with a second factor where one is needed."""
    return user.is_authenticated and (not needs_second_factor(user) or user.is_verified())


def session_limits(user: User) -> tuple[int, int]:
    """(idle, in all) seconds a session of this person may last: staff, trust roles and
    superusers 30 minutes and 8 hours; parents and carers 2 hours and 14 days (settings)."""
    if roles_for(user).is_staff_like or user.is_staff or user.is_superuser:
        return settings.STAFF_SESSION_IDLE_SECONDS, settings.STAFF_SESSION_MAX_SECONDS
    return settings.PARENT_SESSION_IDLE_SECONDS, settings.PARENT_SESSION_MAX_SECONDS


def session_expired(*, user: User, session, now: float) -> bool:
    """Has the session been idle, or open in all, for longer than this person's limits?"""
    idle_limit, total_limit = session_limits(user)
    started = session.get(SESSION_STARTED_KEY, now)
    seen = session.get(SESSION_SEEN_KEY, now)
    return now - seen > idle_limit or now - started > total_limit


def session_started(session) -> None:
    """Stamp a fresh sign-in so the session limits count from now."""
    now = time.time()
    session[SESSION_STARTED_KEY] = now
    session[SESSION_SEEN_KEY] = now


def socket_session_allowed(*, user: User, session) -> bool:
    """May this session hold a live notification socket? The same rules as a page: signed in,
    second factor passed where one is needed, and the session within its limits."""
    if user is None or not user.is_authenticated:
        return False
    if session_expired(user=user, session=session, now=time.time()):
        return False
    if not needs_second_factor(user):
        return True
    device_id = session.get(DEVICE_ID_SESSION_KEY)
    device = Device.from_persistent_id(device_id) if device_id else None
    return device is not None and device.user_id == user.pk
