"""Demo formal notices, loaded from fixtures/notices_demo.yaml by `manage.py seed_demo`: one
for each demo parent's child on SEN Support, sent by the school's SENCO through the notice
service, one already read. Idempotent: a child with a notice gets no second one."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.utils import timezone

from portal.audit.actors import SYSTEM_CONTEXT
from portal.people.models import StaffMembership, StaffRole
from portal.pupils.models import Pupil, SenStatus

from . import services
from .models import FormalNotice, NoticeRecipient

DATA = Path(__file__).parent / "fixtures" / "notices_demo.yaml"


def seed(*, stdout) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    made = 0
    for entry in data["notices"]:
        pupil = (
            Pupil.objects.filter(
                school__urn=entry["school"],
                legal_first_name=entry["child"],
                sen_status=SenStatus.SEN_SUPPORT,
            )
            .select_related("school__local_authority")
            .first()
        )
        if pupil is None or FormalNotice.objects.filter(pupil=pupil).exists():
            continue
        senco = (
            StaffMembership.objects.filter(school=pupil.school, role=StaffRole.SENCO)
            .select_related("user")
            .first()
        )
        notice = services.formal_notice_send(
            actor=senco.user if senco else services.NOTICES, context=SYSTEM_CONTEXT, pupil=pupil
        )
        if notice is None:
            continue
        if entry.get("read"):
            NoticeRecipient.objects.filter(notice=notice).update(first_read_at=timezone.now())
        made += 1
    if made:
        stdout.write(f"Demo formal notices: {made}, one read.")
