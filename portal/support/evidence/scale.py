"""The evidence pack in the benchmark: its HTML print view for the parent and the SENCO. The
PDF is left out: WeasyPrint takes a second or more a pack, which would measure WeasyPrint, not
the portal's queries. The pack's records come from the other parts' scale data."""

from __future__ import annotations

from portal.people.models import GuardianLink
from portal.schools.models import School


def seed_school(made) -> None:
    """Nothing of its own: the pack reads the plans, meetings, consent, notices and passports."""


def manifest() -> dict:
    from portal.management.commands.seed_scale import FIRST_URN

    first = School.objects.filter(urn=str(FIRST_URN)).first()
    link = (
        GuardianLink.objects.filter(pupil__school=first, revoked_at__isnull=True)
        .order_by("parent__email")
        .values_list("pupil_id", flat=True)
        .first()
        if first is not None
        else None
    )
    if link is None:
        return {"targets": []}
    path = f"/portal/pupils/{link}/evidence-pack/"
    return {
        "targets": [
            {
                "name": "evidence_pack_parent",
                "label": "evidence pack, HTML (parent)",
                "path": path,
                "account": "parent",
            },
            {
                "name": "evidence_pack_senco",
                "label": "evidence pack, HTML (SENCO)",
                "path": path,
                "account": "senco",
            },
        ]
    }
