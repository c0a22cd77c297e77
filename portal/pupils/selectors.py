"""Reads, already scoped to the user who asks. Query counts do not grow with the data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record, audit_record_each
from portal.people.models import GuardianLink, Invitation, StaffMembership, User
from portal.people.roles import REGISTER_ROLES, roles_for
from portal.pupils.models import (
    AreaOfNeed,
    Pupil,
    PupilAreaOfNeed,
    SenStatus,
    TeachingAssignment,
    YearGroup,
)
from portal.schools.models import School


def _with_needs(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    return pupils.prefetch_related(
        Prefetch("areas_of_need", queryset=PupilAreaOfNeed.objects.order_by("area"))
    )


def register_schools(*, user: User) -> list[School]:
    """Schools whose SEN register the user may read."""
    school_ids = roles_for(user).schools_with(REGISTER_ROLES)
    return list(School.objects.filter(pk__in=school_ids).select_related("local_authority"))


REGISTER_PAGE_SIZE = 50


@dataclass(frozen=True)
class RegisterPage:
    """One page of the register: its pupils (each with `year_label`, `status_label` and
    `area_labels` set), which page it is, and how many match in all."""

    pupils: list[Pupil]
    number: int
    page_count: int
    total: int
    page_size: int

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.pupils else 0

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.pupils) - 1 if self.pupils else 0


def _page_number(page: str | int | None, page_count: int) -> int:
    """The page asked for, or the first page for anything that is not a page of this list."""
    try:
        number = int(str(page))
    except ValueError:
        return 1
    return number if 1 <= number <= page_count else 1


def choice_labels(choices) -> dict:
    """Choice value -> label, each lazy label translated once: asking each row's
    `get_FOO_display()` resolves the lazy translation again for every row."""
    return {value: str(label) for value, label in choices}


def sen_register(
    *,
    actor: User,
    context: AuditContext,
    school: School,
    status: SenStatus | None = None,
    area: str | None = None,
    page: str | int | None = 1,
    page_size: int = REGISTER_PAGE_SIZE,
) -> RegisterPage:
    """One page of the school's SEN register, optionally filtered by SEN status and area of
    need; a page number that is not a page of the list gives the first page. Each read of the
    register is written to the audit trail (one row, with the filters and the page). The
    queries are the same however many pupils the school has: a count, the page, their needs."""
    pupils = Pupil.objects.filter(school=school)
    if status:
        pupils = pupils.filter(sen_status=status)
    if area:
        pupils = pupils.filter(areas_of_need__area=area).distinct()
    total = pupils.count()
    page_count = max(1, -(-total // page_size))
    number = _page_number(page, page_count)
    audit_record(
        action=AuditAction.REGISTER_VIEWED,
        actor=actor,
        context=context,
        school_id=school.pk,
        detail=f"status={status or ''} area={area or ''} page={number}",
    )
    start = (number - 1) * page_size
    shown = list(_with_needs(pupils)[start : start + page_size])
    years = choice_labels(YearGroup.choices)
    statuses = choice_labels(SenStatus.choices)
    areas = choice_labels(AreaOfNeed.choices)
    for pupil in shown:
        pupil.year_label = years.get(pupil.year_group, pupil.year_group)
        pupil.status_label = statuses.get(pupil.sen_status, pupil.sen_status)
        pupil.area_labels = [areas.get(need.area, need.area) for need in pupil.areas_of_need.all()]
    return RegisterPage(
        pupils=shown, number=number, page_count=page_count, total=total, page_size=page_size
    )


def register_counts(*, school: School) -> dict[str, int]:
    counts = Pupil.objects.filter(school=school).aggregate(
        total=Count("id"),
        **{status: Count("id", filter=Q(sen_status=status)) for status in SenStatus.values},
    )
    return counts


def pupils_shown_audited(
    *, actor: User, context: AuditContext, pupils: list[Pupil], where: str
) -> list[Pupil]:
    """Record that a page showed these pupils to the actor (PUPIL_LISTED, detail `where`): for
    pages that list pupils some other read found (the register import's check). One audit row
    per pupil shown (object = the pupil, school = theirs), in one bulk insert:
    "who saw my child" is then one lookup by pupil, and the queries do not grow with the list."""
    audit_record_each(
        action=AuditAction.PUPIL_LISTED, actor=actor, context=context, objects=pupils, detail=where
    )
    return pupils


def children_of_audited(*, actor: User, context: AuditContext) -> list[Pupil]:
    """The pupils a parent is linked to, with each one's school and local authority. Audited:
    each child shown is written to the audit trail (PUPIL_LISTED), since the list shows their
    name, school, year group and SEN status."""
    pupils = Pupil.objects.filter(
        guardian_links__parent=actor, guardian_links__revoked_at__isnull=True
    ).select_related("school__local_authority")
    pupils = list(_with_needs(pupils.order_by("school__name", "legal_first_name")))
    return pupils_shown_audited(actor=actor, context=context, pupils=pupils, where="dashboard")


def pupils_taught_by_audited(*, actor: User, context: AuditContext) -> list[Pupil]:
    """Pupils assigned to the member of staff at schools where they still work. Audited: each
    pupil shown is written to the audit trail (PUPIL_LISTED), since the list shows their name,
    year group and SEN status."""
    pupils = Pupil.objects.filter(
        assignments__teacher=actor, school_id__in=roles_for(actor).school_roles.keys()
    ).select_related("school")
    pupils = list(_with_needs(pupils.order_by("school__name", "legal_last_name")))
    return pupils_shown_audited(actor=actor, context=context, pupils=pupils, where="dashboard")


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


def _with_roles_at(users: QuerySet[User], school_id: int) -> QuerySet[User]:
    """Each user's roles at the school, as `user.roles_here` (labels), in one more query."""
    return users.prefetch_related(
        Prefetch(
            "memberships",
            queryset=StaffMembership.objects.filter(school_id=school_id).order_by("role"),
            to_attr="memberships_here",
        )
    )


def _label_roles(users: list[User]) -> list[User]:
    for user in users:
        user.roles_here = [membership.get_role_display() for membership in user.memberships_here]
    return users


def school_teachers(*, school: School) -> list[User]:
    """Staff who can be assigned to work with a pupil at this school, each with their roles."""
    user_ids = StaffMembership.objects.filter(school=school).values("user_id")
    users = User.objects.filter(pk__in=user_ids).order_by("last_name", "first_name")
    return _label_roles(list(_with_roles_at(users, school.pk)))


@dataclass(frozen=True)
class PupilRecord:
    pupil: Pupil
    links: list[GuardianLink]
    invitations: list[Invitation]
    teachers: list[User]


def pupil_record(
    *, actor: User, context: AuditContext, pupil: Pupil, for_manager: bool
) -> PupilRecord:
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
            ).select_related("outbound_email")
        )
    teacher_ids = TeachingAssignment.objects.filter(pupil=pupil).values("teacher_id")
    teachers = _label_roles(
        list(
            _with_roles_at(
                User.objects.filter(pk__in=teacher_ids).order_by("last_name", "first_name"),
                pupil.school_id,
            )
        )
    )
    pupil.area_list = list(pupil.areas_of_need.all())
    audit_record(action=AuditAction.PUPIL_VIEWED, actor=actor, context=context, obj=pupil)
    return PupilRecord(pupil=pupil, links=links, invitations=invitations, teachers=teachers)


def pupil_record_opened_for_edit(*, actor: User, context: AuditContext, pupil: Pupil) -> None:
    """The edit form shows the whole record: that is a read, and it is audited."""
    audit_record(
        action=AuditAction.PUPIL_VIEWED, actor=actor, context=context, obj=pupil, detail="edit"
    )
