"""Passports in the scale data for the benchmark: the scale trust's standard headings (once),
and a passport under them for every pupil on SEN Support or with an EHC plan, and for the
manifest parent's child. Called by `seed_scale` for each school it makes; rows made in bulk."""

from __future__ import annotations

from portal.people.models import GuardianLink
from portal.pupils.models import SenStatus
from portal.schools.models import School

from .models import Passport, PassportEntry, PassportHeading, PassportTemplate
from .selectors import BUILT_IN_HEADINGS

TEXTS = [
    "Kind, funny and a good friend; brilliant at building things.",
    "Knowing what is happening next, time outside, and my family.",
    "Give me instructions one at a time and a moment to answer.",
    "I find reading and holding numbers in my head hard.",
    "A visual timetable, key words before the lesson, movement breaks.",
]


def _trust_headings(school: School) -> list[PassportHeading]:
    if school.trust_id is None:
        return []
    template, created = PassportTemplate.objects.get_or_create(trust_id=school.trust_id)
    if created:
        PassportHeading.objects.bulk_create(
            [
                PassportHeading(template=template, order=order, title=title, guidance=guidance)
                for order, (title, guidance) in enumerate(BUILT_IN_HEADINGS)
            ]
        )
    return list(template.headings.order_by("order"))


def _manifest_pupil_id(school: School) -> int | None:
    link = (
        GuardianLink.objects.filter(pupil__school=school, revoked_at__isnull=True)
        .order_by("parent__email")
        .values_list("pupil_id", flat=True)
        .first()
    )
    return link


def seed_school(made) -> None:
    headings = _trust_headings(made.school)
    titles = [(h.pk, h.title) for h in headings] or [(None, t) for t, _g in BUILT_IN_HEADINGS]
    parent_pupil = _manifest_pupil_id(made.school)
    pupils = [
        pupil
        for pupil in made.pupils
        if pupil.sen_status in (SenStatus.SEN_SUPPORT, SenStatus.EHC_PLAN)
        or pupil.pk == parent_pupil
    ]
    passports = Passport.objects.bulk_create(
        [Passport(school=made.school, pupil=pupil, updated_by=made.senco) for pupil in pupils]
    )
    # No draw from the school's shared random source: it would change what the journeys seeded
    # after this one make.
    PassportEntry.objects.bulk_create(
        [
            PassportEntry(
                passport=passport,
                heading_id=heading_id,
                title=title,
                order=order,
                text=TEXTS[(order + index) % len(TEXTS)],
            )
            for index, passport in enumerate(passports)
            for order, (heading_id, title) in enumerate(titles)
        ]
    )


def manifest() -> dict:
    """The passport page as the parent and as an assigned teacher would open it (read by the
    SENCO here: the manifest has no teacher account), and the headings page."""
    from portal.management.commands.seed_scale import FIRST_URN

    first = School.objects.filter(urn=str(FIRST_URN)).first()
    pupil_id = _manifest_pupil_id(first) if first is not None else None
    if pupil_id is None:
        return {"targets": []}
    return {
        "targets": [
            {
                "name": "passport_parent",
                "label": "pupil passport (parent)",
                "path": f"/portal/pupils/{pupil_id}/passport/",
                "account": "parent",
            },
            {
                "name": "passport_senco",
                "label": "pupil passport (SENCO)",
                "path": f"/portal/pupils/{pupil_id}/passport/",
                "account": "senco",
            },
            {
                "name": "passport_headings",
                "label": "passport headings (SENCO)",
                "path": f"/portal/schools/{first.pk}/passport-headings/",
                "account": "senco",
            },
        ]
    }
