"""Reads about people, already scoped to the person who asks."""

from __future__ import annotations

from portal.people.models import StaffMembership, User
from portal.schools.models import LocalAuthority


def local_authorities_for_parent(*, user: User) -> list[LocalAuthority]:
    """The local authorities of a parent's children's schools: whose IASS to signpost."""
    return list(
        LocalAuthority.objects.filter(
            schools__pupils__guardian_links__parent=user,
            schools__pupils__guardian_links__revoked_at__isnull=True,
        ).distinct()
    )


def staff_roles_at(*, user: User) -> list[StaffMembership]:
    return list(
        StaffMembership.objects.filter(user=user).select_related("school").order_by("school__name")
    )
