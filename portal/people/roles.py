"""What a person is at each school and trust, loaded once per request."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.people.models import GuardianLink, StaffMembership, StaffRole, TrustRole, User
from portal.schools.models import School

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
