"""Reads, already scoped to the user who asks. Query counts do not grow with the data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest

from portal.access import REGISTER_ROLES, roles_for
from portal.models import (
    AuditAction,
    GuardianLink,
    Invitation,
    LocalAuthority,
    Pupil,
    PupilAreaOfNeed,
    School,
    SenStatus,
    StaffMembership,
    TeachingAssignment,
    User,
)
from portal.services.audit import audit_record


def _with_needs(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    return pupils.prefetch_related(
        Prefetch("areas_of_need", queryset=PupilAreaOfNeed.objects.order_by("area"))
    )


def register_schools(*, user: User) -> list[School]:
    """Schools whose SEN register the user may read."""
    school_ids = roles_for(user).schools_with(REGISTER_ROLES)
    return list(School.objects.filter(pk__in=school_ids).select_related("local_authority"))


def sen_register(
    *, request: HttpRequest, school: School, status: str | None = None, area: str | None = None
) -> list[Pupil]:
    """The school's SEN register, optionally filtered by SEN status and area of need. Each read
    of the register is written to the audit trail."""
    audit_record(
        action=AuditAction.REGISTER_VIEWED,
        request=request,
        school=school,
        detail=f"status={status or ''} area={area or ''}",
    )
    pupils = Pupil.objects.filter(school=school)
    if status:
        pupils = pupils.filter(sen_status=status)
    if area:
        pupils = pupils.filter(areas_of_need__area=area).distinct()
    return list(_with_needs(pupils))


def register_counts(*, school: School) -> dict[str, int]:
    counts = Pupil.objects.filter(school=school).aggregate(
        total=Count("id"),
        **{status: Count("id", filter=Q(sen_status=status)) for status in SenStatus.values},
    )
    return counts


def children_of(*, user: User) -> list[Pupil]:
    """The pupils a parent is linked to, with each one's school and local authority."""
    pupils = Pupil.objects.filter(
        guardian_links__parent=user, guardian_links__revoked_at__isnull=True
    ).select_related("school__local_authority")
    return list(_with_needs(pupils.order_by("school__name", "legal_first_name")))


def local_authorities_for_parent(*, user: User) -> list[LocalAuthority]:
    """The local authorities of a parent's children's schools: whose IASS to signpost."""
    return list(
        LocalAuthority.objects.filter(
            schools__pupils__guardian_links__parent=user,
            schools__pupils__guardian_links__revoked_at__isnull=True,
        ).distinct()
    )


def pupils_taught_by(*, user: User) -> list[Pupil]:
    """Pupils assigned to the user at schools where they still work."""
    pupils = Pupil.objects.filter(
        assignments__teacher=user, school_id__in=roles_for(user).school_roles.keys()
    ).select_related("school")
    return list(_with_needs(pupils.order_by("school__name", "legal_last_name")))


@dataclass(frozen=True)
class SchoolSummary:
    school: School
    total: int
    monitoring: int
    sen_support: int
    ehc_plan: int


def trust_overview(*, user: User) -> list[SchoolSummary]:
    """Counts per school for each trust the user leads; no pupil is named."""
    school_ids = roles_for(user).trust_school_ids
    schools = (
        School.objects.filter(pk__in=school_ids)
        .select_related("trust")
        .annotate(
            total=Count("pupils"),
            **{
                f"n_{status}": Count("pupils", filter=Q(pupils__sen_status=status))
                for status in SenStatus.values
            },
        )
        .order_by("trust__name", "name")
    )
    return [
        SchoolSummary(
            school=school,
            total=school.total,
            monitoring=school.n_monitoring,
            sen_support=school.n_sen_support,
            ehc_plan=school.n_ehc_plan,
        )
        for school in schools
    ]


def school_teachers(*, school: School) -> list[User]:
    """Staff who can be assigned to work with a pupil at this school."""
    user_ids = StaffMembership.objects.filter(school=school).values("user_id")
    return list(User.objects.filter(pk__in=user_ids).order_by("last_name", "first_name"))


@dataclass(frozen=True)
class PupilRecord:
    pupil: Pupil
    links: list[GuardianLink]
    invitations: list[Invitation]
    teachers: list[User]


def pupil_record(*, request: HttpRequest, pupil: Pupil, for_manager: bool) -> PupilRecord:
    """A pupil's record as the reader may see it. Every read is written to the audit trail."""
    links: list[GuardianLink] = []
    invitations: list[Invitation] = []
    if for_manager:
        links = list(
            GuardianLink.objects.filter(pupil=pupil, revoked_at__isnull=True).select_related(
                "parent"
            )
        )
        invitations = list(
            Invitation.objects.filter(
                pupil=pupil, accepted_at__isnull=True, revoked_at__isnull=True
            )
        )
    teachers = [
        assignment.teacher
        for assignment in TeachingAssignment.objects.filter(pupil=pupil).select_related("teacher")
    ]
    pupil.area_list = list(pupil.areas_of_need.all())
    audit_record(action=AuditAction.PUPIL_VIEWED, request=request, obj=pupil)
    return PupilRecord(pupil=pupil, links=links, invitations=invitations, teachers=teachers)


def pupil_record_opened_for_edit(*, request: HttpRequest, pupil: Pupil) -> None:
    """The edit form shows the whole record: that is a read, and it is audited."""
    audit_record(action=AuditAction.PUPIL_VIEWED, request=request, obj=pupil, detail="edit")


def staff_roles_at(*, user: User) -> list[StaffMembership]:
    return list(
        StaffMembership.objects.filter(user=user).select_related("school").order_by("school__name")
    )


def schools_with_overdue_reports(*, user: User) -> list[School]:
    """Schools the user works for (every school, for a superuser) whose SEN information report
    review is overdue (COP-6.79)."""
    schools = School.objects.all()
    if not user.is_superuser:
        schools = schools.filter(pk__in=roles_for(user).school_roles.keys())
    return [school for school in schools if school.sen_report_review_overdue()]
