"""Demo passports, loaded from fixtures/passports_demo.yaml by `manage.py seed_demo`: the trust's
standard headings (set by its SEND lead) and passports for some demo pupils (written by their
SENCO), through the passport services. Idempotent: a template or passport already there is kept.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from portal.audit.actors import SYSTEM_CONTEXT
from portal.people.models import User
from portal.pupils.models import Pupil
from portal.schools.models import Trust

from . import services
from .models import Passport, PassportTemplate
from .selectors import passport_page

DATA = Path(__file__).parent / "fixtures" / "passports_demo.yaml"


def seed(*, stdout) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    trust = Trust.objects.filter(name=data["trust"]).first()
    lead = User.objects.filter(email=data["trust_lead"]).first()
    if (
        trust is not None
        and lead is not None
        and not PassportTemplate.objects.filter(trust=trust).exists()
    ):
        services.passport_template_save(
            actor=lead,
            context=SYSTEM_CONTEXT,
            trust=trust,
            headings=[
                services.HeadingInput(pk=None, title=h["title"], guidance=h["guidance"])
                for h in data["headings"]
            ],
        )
    made = 0
    for entry in data["passports"]:
        pupil = (
            Pupil.objects.filter(school__urn=entry["school"], legal_first_name=entry["child"])
            .select_related("school")
            .first()
        )
        senco = User.objects.filter(email=entry["senco"]).first()
        if pupil is None or senco is None or Passport.objects.filter(pupil=pupil).exists():
            continue
        page = passport_page(pupil=pupil)
        texts = {
            section.key: " ".join(str(entry["entries"].get(_english(section), "")).split())
            for section in page.sections
        }
        services.passport_save(actor=senco, context=SYSTEM_CONTEXT, pupil=pupil, texts=texts)
        made += 1
    if made:
        stdout.write(f"Demo pupil passports: {made}.")


def _english(section) -> str:
    """The heading's own words (the built-in headings' English, before translation)."""
    return section.heading.title if section.heading is not None else section.title
