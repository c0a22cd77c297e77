"""Who may see or do what. Every object reached from a URL goes through an access_* function.

Access is by relationship: staff memberships with a role per school, parent links
per pupil and trust roles across a trust's schools. Each access_* function raises
Http404 both when the object does not exist and when it is not the user's, so
nobody can probe ids; refusals are written to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from portal.models import (
    AuditAction,
    GuardianLink,
    Invitation,
    Pupil,
    School,
    StaffMembership,
    StaffRole,
    TrustRole,
    User,
)
from portal.services.audit import audit_record

SESSION_STARTED_KEY = "portal_auth_started_at"
SESSION_SEEN_KEY = "portal_last_seen_at"

# Roles that see a school's whole SEN register.
REGISTER_ROLES = frozenset({StaffRole.SENCO, StaffRole.HEADTEACHER, StaffRole.DSL})
# Roles that add and edit pupils, invite parents and assign teachers.
MANAGE_ROLES = frozenset({StaffRole.SENCO})


@dataclass
class Roles:
    """Everything a user is, loaded once per request."""

    school_roles: dict[int, set[str]] = field(default_factory=dict)
    trust_ids: set[int] = field(default_factory=set)
    trust_school_ids: set[int] = field(default_factory=set)
    is_parent: bool = False
    is_superuser: bool = False

    @property
    def is_staff_like(self) -> bool:
        """Staff, trust roles and superusers must pass a second factor before any data."""
        return bool(self.school_roles or self.trust_ids or self.is_superuser)

    def schools_with(self, roles: frozenset[str]) -> set[int]:
        return {sid for sid, held in self.school_roles.items() if held & roles}

    def has_role(self, school_id: int, roles: frozenset[str]) -> bool:
        return bool(self.school_roles.get(school_id, set()) & roles)


def roles_for(user: User) -> Roles:
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    roles = Roles(is_superuser=user.is_superuser)
    for school_id, role in StaffMembership.objects.filter(user=user).values_list(
        "school_id", "role"
    ):
        roles.school_roles.setdefault(school_id, set()).add(role)
    roles.trust_ids = set(TrustRole.objects.filter(user=user).values_list("trust_id", flat=True))
    if roles.trust_ids:
        roles.trust_school_ids = set(
            School.objects.filter(trust_id__in=roles.trust_ids).values_list("id", flat=True)
        )
    roles.is_parent = GuardianLink.objects.filter(parent=user, revoked_at__isnull=True).exists()
    user._portal_roles = roles
    return roles


def needs_second_factor(user: User) -> bool:
    """Staff always; anyone else once they have set up a second factor of their own."""
    if not user.is_authenticated:
        return False
    if roles_for(user).is_staff_like or user.is_staff:
        return True
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True) or user.has_perm("wagtailadmin.access_admin")


def socket_session_allowed(*, user: User, session) -> bool:
    """May this session hold a live notification socket? The same rules as a page: signed in,
    second factor passed where one is needed, and (for staff) the session not expired."""
    import time

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device

    if user is None or not user.is_authenticated:
        return False
    if session_expired(user=user, session=session, now=time.time()):
        return False
    if not needs_second_factor(user):
        return True
    device_id = session.get(DEVICE_ID_SESSION_KEY)
    device = Device.from_persistent_id(device_id) if device_id else None
    return device is not None and device.user_id == user.pk


def session_expired(*, user: User, session, now: float) -> bool:
    """Staff and trust sessions end after 30 minutes idle and 8 hours in all."""
    if not (roles_for(user).is_staff_like or user.is_staff):
        return False
    started = session.get(SESSION_STARTED_KEY, now)
    seen = session.get(SESSION_SEEN_KEY, now)
    return (
        now - seen > settings.STAFF_SESSION_IDLE_SECONDS
        or now - started > settings.STAFF_SESSION_MAX_SECONDS
    )


def _refuse(request: HttpRequest | None, user: User, obj_type: str, obj_id) -> Http404:
    audit_record(
        action=AuditAction.ACCESS_REFUSED,
        request=request,
        actor=user if user.is_authenticated else None,
        detail=f"{obj_type} {obj_id}",
    )
    return Http404()


def _verified(user: User) -> bool:
    return user.is_authenticated and (not needs_second_factor(user) or user.is_verified())


def can_view_pupil(user: User, pupil: Pupil) -> bool:
    if not _verified(user):
        return False
    roles = roles_for(user)
    if roles.has_role(pupil.school_id, REGISTER_ROLES):
        return True
    # An assignment counts only while the teacher still works at the pupil's school.
    if pupil.school_id in roles.school_roles and pupil.assignments.filter(teacher=user).exists():
        return True
    return is_parent_of(user, pupil)


def is_parent_of(user: User, pupil: Pupil) -> bool:
    return pupil.guardian_links.filter(parent=user, revoked_at__isnull=True).exists()


def can_manage_school(user: User, school_id: int) -> bool:
    return _verified(user) and roles_for(user).has_role(school_id, MANAGE_ROLES)


def access_pupil(*, user: User, pupil_id: int, request: HttpRequest | None = None) -> Pupil:
    """The pupil, for staff of the school with a register role, an assigned teacher or a linked
    parent. The caller must audit the view (selectors.pupil_record does)."""
    pupil = Pupil.objects.select_related("school__local_authority").filter(pk=pupil_id).first()
    if pupil is None or not can_view_pupil(user, pupil):
        raise _refuse(request, user, "pupil", pupil_id)
    return pupil


def access_pupil_to_manage(
    *, user: User, pupil_id: int, request: HttpRequest | None = None
) -> Pupil:
    """The pupil, for the school's SENCO. Someone who may see the pupil but not manage gets 403."""
    pupil = access_pupil(user=user, pupil_id=pupil_id, request=request)
    if not can_manage_school(user, pupil.school_id):
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            request=request,
            obj=pupil,
            detail="manage pupil",
        )
        raise PermissionDenied
    return pupil


def access_school_to_manage(
    *, user: User, school_id: int, request: HttpRequest | None = None
) -> School:
    """A school whose pupils the user manages (its SENCO)."""
    school = School.objects.select_related("local_authority").filter(pk=school_id).first()
    if school is None or not can_manage_school(user, school.pk):
        raise _refuse(request, user, "school", school_id)
    return school


def access_school_overview(
    *, user: User, school_id: int, request: HttpRequest | None = None
) -> School:
    """A school's read-only overview: its register roles, or a SEND lead of its trust."""
    school = School.objects.select_related("local_authority", "trust").filter(pk=school_id).first()
    roles = roles_for(user)
    allowed = (
        school is not None
        and _verified(user)
        and (roles.has_role(school.pk, REGISTER_ROLES) or school.pk in roles.trust_school_ids)
    )
    if not allowed:
        raise _refuse(request, user, "school", school_id)
    return school


def access_invitation_to_revoke(
    *, user: User, invitation_id: int, request: HttpRequest | None = None
) -> Invitation:
    invitation = Invitation.objects.select_related("pupil").filter(pk=invitation_id).first()
    if invitation is None or not can_manage_school(user, invitation.pupil.school_id):
        raise _refuse(request, user, "invitation", invitation_id)
    return invitation


def access_guardian_link_to_revoke(
    *, user: User, link_id: int, request: HttpRequest | None = None
) -> GuardianLink:
    link = GuardianLink.objects.select_related("pupil", "parent").filter(pk=link_id).first()
    if link is None or not can_manage_school(user, link.pupil.school_id):
        raise _refuse(request, user, "link", link_id)
    return link
