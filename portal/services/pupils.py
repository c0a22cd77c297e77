"""Writes to pupils, their areas of need and the staff who work with them."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from portal.models import (
    AuditAction,
    Pupil,
    PupilAreaOfNeed,
    School,
    StaffMembership,
    TeachingAssignment,
    User,
)
from portal.services.audit import audit_record

# What a SENCO may set on a pupil; the school is fixed when the pupil is added.
PUPIL_FIELDS = (
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "year_group",
    "upn",
    "sen_status",
    "home_language",
)


def _set_areas(pupil: Pupil, areas: list[str]) -> None:
    PupilAreaOfNeed.objects.filter(pupil=pupil).exclude(area__in=areas).delete()
    existing = set(pupil.areas_of_need.values_list("area", flat=True))
    PupilAreaOfNeed.objects.bulk_create(
        [PupilAreaOfNeed(pupil=pupil, area=area) for area in areas if area not in existing]
    )


def pupil_create(
    *,
    request: HttpRequest,
    school: School,
    legal_first_name: str,
    legal_last_name: str,
    preferred_name: str,
    date_of_birth: datetime.date,
    year_group: int,
    upn: str,
    sen_status: str,
    home_language: str,
    areas_of_need: list[str],
) -> Pupil:
    """Add a pupil to a school's SEN register.

    Caller: the school's SENCO (checked by access_school_to_manage). Writes the
    pupil and its areas of need in one transaction and audits it.
    """
    with transaction.atomic():
        pupil = Pupil(
            school=school,
            legal_first_name=legal_first_name,
            legal_last_name=legal_last_name,
            preferred_name=preferred_name,
            date_of_birth=date_of_birth,
            year_group=year_group,
            upn=upn,
            sen_status=sen_status,
            home_language=home_language,
        )
        pupil.full_clean()
        try:
            with transaction.atomic():
                pupil.save()
        except IntegrityError as error:  # the same UPN added at the same moment
            raise ValidationError(_("Another pupil at this school has this UPN.")) from error
        _set_areas(pupil, areas_of_need)
        audit_record(action=AuditAction.PUPIL_CREATED, request=request, obj=pupil)
    return pupil


def pupil_update(
    *, request: HttpRequest, pupil: Pupil, areas_of_need: list[str], **fields
) -> Pupil:
    """Change a pupil's details. Caller: the school's SENCO. Audited; the school never changes."""
    unknown = set(fields) - set(PUPIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown pupil fields: {sorted(unknown)}")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(pupil, name, value)
        pupil.full_clean()
        pupil.save()
        _set_areas(pupil, areas_of_need)
        audit_record(
            action=AuditAction.PUPIL_UPDATED,
            request=request,
            obj=pupil,
            detail=",".join(sorted(fields)),
        )
    return pupil


def teachers_assign(*, request: HttpRequest, pupil: Pupil, teachers: list[User]) -> None:
    """Set who works with the pupil (CoP 6.49). Caller: the school's SENCO.

    Every teacher must be on the staff of the pupil's school.
    """
    staff_ids = set(
        StaffMembership.objects.filter(school_id=pupil.school_id).values_list("user_id", flat=True)
    )
    outsiders = [teacher for teacher in teachers if teacher.pk not in staff_ids]
    if outsiders:
        raise ValidationError(_("Only staff of the pupil's school can be assigned."))
    wanted = {teacher.pk for teacher in teachers}
    with transaction.atomic():
        TeachingAssignment.objects.filter(pupil=pupil).exclude(teacher_id__in=wanted).delete()
        current = set(
            TeachingAssignment.objects.filter(pupil=pupil).values_list("teacher_id", flat=True)
        )
        TeachingAssignment.objects.bulk_create(
            [
                TeachingAssignment(pupil=pupil, teacher_id=teacher_id, assigned_by=request.user)
                for teacher_id in sorted(wanted - current)
            ]
        )
        audit_record(
            action=AuditAction.TEACHERS_ASSIGNED,
            request=request,
            obj=pupil,
            detail=",".join(str(pk) for pk in sorted(wanted)),
        )
