"""Writes to pupils, their areas of need and the staff who work with them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.people.models import StaffMembership, User
from portal.pupils.models import Pupil, PupilAreaOfNeed, SenStatus, TeachingAssignment, YearGroup
from portal.schools.models import School


@dataclass(frozen=True)
class PupilDetails:
    """What a SENCO sets on a pupil; the school is fixed when the pupil is added."""

    legal_first_name: str
    legal_last_name: str
    preferred_name: str
    date_of_birth: datetime.date
    year_group: YearGroup | int
    upn: str
    sen_status: SenStatus | str
    home_language: str
    areas_of_need: tuple[str, ...]

    def apply_to(self, pupil: Pupil) -> list[str]:
        """Set the details on the pupil; the names of the fields that changed."""
        changed = []
        for name in PUPIL_FIELDS:
            value = getattr(self, name)
            if getattr(pupil, name) != value:
                setattr(pupil, name, value)
                changed.append(name)
        return changed


PUPIL_FIELDS = tuple(name for name in PupilDetails.__dataclass_fields__ if name != "areas_of_need")


def _set_areas(pupil: Pupil, areas: list[str]) -> None:
    PupilAreaOfNeed.objects.filter(pupil=pupil).exclude(area__in=areas).delete()
    existing = set(pupil.areas_of_need.values_list("area", flat=True))
    PupilAreaOfNeed.objects.bulk_create(
        [PupilAreaOfNeed(pupil=pupil, area=area) for area in areas if area not in existing]
    )


def _formal_notice_hook(*, actor, context, pupil, changed) -> None:
    """COP-6.43/6.48: parents are formally notified when their child is placed on SEN Support."""
    from portal.support.notices.services import formal_notice_on_status_change

    formal_notice_on_status_change(actor=actor, context=context, pupil=pupil, changed=changed)


def pupil_create(
    *, actor: User, context: AuditContext, school: School, details: PupilDetails
) -> Pupil:
    """Add a pupil to a school's SEN register.

    Caller: the school's SENCO (checked by access_school_to_manage). Writes the
    pupil and its areas of need in one transaction and audits it.
    """
    with transaction.atomic():
        pupil = Pupil(school=school)
        details.apply_to(pupil)
        pupil.full_clean()
        try:
            with transaction.atomic():
                pupil.save()
        except IntegrityError as error:  # the same UPN added at the same moment
            raise ValidationError(_("Another pupil at this school has this UPN.")) from error
        _set_areas(pupil, list(details.areas_of_need))
        audit_record(action=AuditAction.PUPIL_CREATED, actor=actor, context=context, obj=pupil)
        _formal_notice_hook(actor=actor, context=context, pupil=pupil, changed=None)
    return pupil


def pupil_update(
    *, actor: User, context: AuditContext, pupil: Pupil, details: PupilDetails
) -> Pupil:
    """Change a pupil's details. Caller: the school's SENCO. Audited with the names of the
    fields that changed; the school never changes."""
    with transaction.atomic():
        changed = details.apply_to(pupil)
        pupil.full_clean()
        pupil.save()
        _set_areas(pupil, list(details.areas_of_need))
        audit_record(
            action=AuditAction.PUPIL_UPDATED,
            actor=actor,
            context=context,
            obj=pupil,
            detail=",".join(sorted(changed)),
        )
        _formal_notice_hook(actor=actor, context=context, pupil=pupil, changed=changed)
    return pupil


def teachers_assign(
    *, actor: User, context: AuditContext, pupil: Pupil, teachers: list[User]
) -> None:
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
                TeachingAssignment(pupil=pupil, teacher_id=teacher_id, assigned_by=actor)
                for teacher_id in sorted(wanted - current)
            ]
        )
        audit_record(
            action=AuditAction.TEACHERS_ASSIGNED,
            actor=actor,
            context=context,
            obj=pupil,
            detail=",".join(str(pk) for pk in sorted(wanted)),
        )
