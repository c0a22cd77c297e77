"""The checklist's and provision map's records in the scale data for the benchmark: for every
new school, a catalogue of interventions and, for about one pupil in three on SEN Support or
with an EHC plan, a record that their views were gathered this term. Called by `seed_scale`
for each school it makes (after the plans, meetings, consent and notices parts have added
theirs); rows are made in bulk."""

from __future__ import annotations

import datetime

from django.utils import timezone

from portal.management.commands.seed_scale import FIRST_URN
from portal.pupils.models import SenStatus
from portal.schools.models import School
from portal.support.plans.models import Intervention

from .models import PupilViewsRecord

# name, pupils in a group, staff minutes a week
CATALOGUE = [
    ("Lego therapy", 3, 90),
    ("Precision teaching", 1, 50),
    ("Reading catch-up group", 6, 120),
    ("Zones of Regulation", 4, 45),
    ("Fine motor skills group", 5, 60),
]
VIEWS_SHARE = 3  # one pupil in three
VIEWS_WITHIN_DAYS = 40


def seed_school(made) -> None:
    """`made` is the core's ScaleSchool: the school, its staff, pupils and parents' links."""
    school = made.school
    rng = made.rng
    taken = {
        name.casefold()
        for name in Intervention.objects.filter(school=school).values_list("name", flat=True)
    }
    Intervention.objects.bulk_create(
        [
            Intervention(school=school, name=name, group_size=size, staff_minutes_per_week=minutes)
            for name, size, minutes in CATALOGUE
            if name.casefold() not in taken
        ]
    )
    today = timezone.localdate(made.now)
    on_support = [
        pupil
        for pupil in made.pupils
        if pupil.sen_status in (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN)
    ]
    chosen = rng.sample(on_support, len(on_support) // VIEWS_SHARE) if on_support else []
    PupilViewsRecord.objects.bulk_create(
        [
            PupilViewsRecord(
                school=school,
                pupil=pupil,
                gathered_on=today - datetime.timedelta(days=rng.randint(0, VIEWS_WITHIN_DAYS)),
                source="scale",
                source_id=f"scale-{pupil.pk}",
            )
            for pupil in chosen
        ]
    )


def manifest() -> dict:
    """The pages the benchmark loads: the SENCO's school summary, governors' report and
    provision map (ordinary and large school)."""
    from portal.management.commands.seed_scale import BIG_URN

    targets = []
    for urn, account, suffix, growth in (
        (str(FIRST_URN), "senco", "", True),
        (BIG_URN, "senco_big", " (large school)", False),
    ):
        school = School.objects.filter(urn=urn).first()
        if school is None:
            continue
        key = "big" if growth is False else "senco"
        targets += [
            {
                "name": f"checklist_summary_{key}",
                "label": f"Code of Practice school summary{suffix}",
                "path": f"/portal/schools/{school.pk}/checklist/",
                "account": account,
                "growth": growth,
            },
            {
                "name": f"checklist_governors_{key}",
                "label": f"Code of Practice governors' report{suffix}",
                "path": f"/portal/schools/{school.pk}/checklist/governors/",
                "account": account,
                "growth": growth,
            },
            {
                "name": f"provision_map_{key}",
                "label": f"provision map{suffix}",
                "path": f"/portal/schools/{school.pk}/provision-map/",
                "account": account,
                "growth": growth,
            },
        ]
    return {"targets": targets}
