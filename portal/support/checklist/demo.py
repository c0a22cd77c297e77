"""Demo provision map and pupil views, loaded from fixtures/checklist_demo.yaml by
`manage.py seed_demo` after the other support demos: the school's catalogue of interventions
(added by the SENCO through the provision map service) and one record of a pupil's views, so
that one checklist shows "pupil's views gathered". Everything else the checklist shows comes
from the plans, meetings, consent and notices demos. Idempotent: run again, it adds nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone

from portal.audit.actors import SYSTEM_CONTEXT, SystemActor
from portal.people.models import User
from portal.pupils.models import Pupil
from portal.schools.models import School
from portal.support.plans.models import Cycle, CycleStatus, Intervention

from . import services

DATA = Path(__file__).parent / "fixtures" / "checklist_demo.yaml"


def seed(*, stdout) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    school = School.objects.filter(urn=data["school"]).first()
    senco = User.objects.filter(email=data["senco"]).first()
    if school is None or senco is None:
        return
    added = 0
    for entry in data["interventions"]:
        if Intervention.objects.filter(school=school, name__iexact=entry["name"]).exists():
            continue
        cost = entry.get("cost_per_term")
        services.intervention_create(
            actor=senco,
            context=SYSTEM_CONTEXT,
            school=school,
            details=services.InterventionDetails(
                name=entry["name"],
                description=" ".join(entry.get("description", "").split()),
                evidence_base=" ".join(entry.get("evidence_base", "").split()),
                group_size=entry["group_size"],
                staff_minutes_per_week=entry["staff_minutes_per_week"],
                cost_per_term=Decimal(cost) if cost else None,
            ),
        )
        added += 1
    for entry in data["pupil_views"]:
        pupil = Pupil.objects.filter(school=school, legal_first_name=entry["child"]).first()
        if pupil is None:
            continue
        cycle = Cycle.objects.filter(pupil=pupil).exclude(status=CycleStatus.REVIEWED).first()
        services.pupil_views_record(
            actor=SystemActor("seed_demo"),
            context=SYSTEM_CONTEXT,
            pupil=pupil,
            gathered_on=timezone.localdate() - datetime.timedelta(days=entry["days_ago"]),
            source=entry["source"],
            source_id=entry["source_id"],
            cycle=cycle,
        )
    if added:
        stdout.write(f"Demo provision map: {added} interventions.")
