"""Formal notices in the scale data: one for every pupil on SEN Support with a linked parent,
a copy for each such parent, about half of them read. Rows are made in bulk; no emails are
written (the benchmark's worker has nothing of these to send)."""

from __future__ import annotations

import datetime

from portal.pupils.models import SenStatus

from .models import FormalNotice, NoticeRecipient


def seed_school(made) -> None:
    """`made` is the core's ScaleSchool: the school, its staff, pupils and parents' links."""
    parents_of: dict[int, list[int]] = {}
    for link in made.links:
        parents_of.setdefault(link.pupil_id, []).append(link.parent_id)
    pupils = [
        pupil
        for pupil in made.pupils
        if pupil.sen_status == SenStatus.SEN_SUPPORT and pupil.pk in parents_of
    ]
    if not pupils:
        return
    school, authority, rng = made.school, made.school.local_authority, made.rng
    notices = FormalNotice.objects.bulk_create(
        [
            FormalNotice(
                school=school,
                pupil=pupil,
                sen_status=pupil.sen_status,
                senco_name=school.senco_name,
                senco_email=school.senco_email,
                senco_phone=school.senco_phone,
                iass_name=authority.iass_name,
                iass_phone=authority.iass_phone,
                iass_email=authority.iass_email,
                iass_website=authority.iass_website,
                sent_by=made.senco,
                sent_at=made.now - datetime.timedelta(days=rng.uniform(1, 200)),
            )
            for pupil in pupils
        ]
    )
    NoticeRecipient.objects.bulk_create(
        [
            NoticeRecipient(
                notice=notice,
                parent_id=parent_id,
                first_read_at=notice.sent_at + datetime.timedelta(days=1)
                if rng.random() < 0.5
                else None,
            )
            for notice in notices
            for parent_id in parents_of[notice.pupil_id]
        ]
    )
