from .audit import AuditAction, AuditEvent
from .calendar import ClosureKind, SchoolClosure, TermDate
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
from .schools import BankHolidayRegion, LocalAuthority, School, Trust

__all__ = [
    "AreaOfNeed",
    "AuditAction",
    "AuditEvent",
    "BankHolidayRegion",
    "ClosureKind",
    "GuardianLink",
    "Invitation",
    "LocalAuthority",
    "Pupil",
    "PupilAreaOfNeed",
    "Relationship",
    "School",
    "SchoolClosure",
    "SenStatus",
    "StaffMembership",
    "StaffRole",
    "TeachingAssignment",
    "TermDate",
    "Trust",
    "TrustRole",
    "TrustRoleKind",
    "User",
    "YearGroup",
]
