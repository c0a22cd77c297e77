from .audit import AuditAction, AuditEvent
from .people import StaffMembership, StaffRole, TrustRole, TrustRoleKind, User
from .pupils import (
    AreaOfNeed,
    GuardianLink,
    Invitation,
    Pupil,
    PupilAreaOfNeed,
    Relationship,
    SenStatus,
    TeachingAssignment,
    YearGroup,
)
from .schools import LocalAuthority, School, Trust

__all__ = [
    "AreaOfNeed",
    "AuditAction",
    "AuditEvent",
    "GuardianLink",
    "Invitation",
    "LocalAuthority",
    "Pupil",
    "PupilAreaOfNeed",
    "Relationship",
    "School",
    "SenStatus",
    "StaffMembership",
    "StaffRole",
    "TeachingAssignment",
    "Trust",
    "TrustRole",
    "TrustRoleKind",
    "User",
    "YearGroup",
]
