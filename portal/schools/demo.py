"""The demo schools' term dates and closures, loaded from calendar_demo.yaml by seed_demo.
Idempotent: terms are replaced for the school year, closures added only when missing."""

from __future__ import annotations

from pathlib import Path

import yaml

from portal.audit.actors import SYSTEM_CONTEXT
from portal.people.models import StaffMembership, StaffRole, TrustRole
from portal.schools import services as calendar_services
from portal.schools.models import School, SchoolClosure

DATA = Path(__file__).parent / "fixtures" / "calendar_demo.yaml"


def seed_calendar(*, schools: dict[str, School]) -> None:
    """Give each demo school (by URN) the demo calendar, through the calendar services: the
    trust's SEND lead sets the trust schools' terms, each SENCO the rest and the closures."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    terms = [
        calendar_services.TermSpec(term["name"], term["starts_on"], term["ends_on"])
        for term in data["terms"]
    ]
    trusts_done = set()
    for urn, school in schools.items():
        senco = StaffMembership.objects.get(school=school, role=StaffRole.SENCO).user
        if school.trust_id is None:
            calendar_services.term_dates_set(
                actor=senco,
                context=SYSTEM_CONTEXT,
                school=school,
                school_year=data["school_year"],
                terms=terms,
            )
        elif school.trust_id not in trusts_done:
            lead = TrustRole.objects.filter(trust_id=school.trust_id).first().user
            calendar_services.trust_term_dates_set(
                actor=lead,
                context=SYSTEM_CONTEXT,
                trust=school.trust,
                school_year=data["school_year"],
                terms=terms,
            )
            trusts_done.add(school.trust_id)
        for closure in data["closures"].get(urn, []):
            if not SchoolClosure.objects.filter(school=school, date=closure["date"]).exists():
                calendar_services.closure_add(
                    actor=senco, context=SYSTEM_CONTEXT, school=school, **closure
                )
