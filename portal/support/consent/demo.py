"""Demo consent requests, loaded from fixtures/consent_demo.yaml by `manage.py seed_demo` after
the core's demo people: one in every state (waiting with the pupil's view recorded, given with
the referral sent, refused with a reason, withdrawn, and withdrawn by the school). Each is asked
and answered through the consent services, so its history is real. Idempotent."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from portal.audit.actors import SYSTEM_CONTEXT
from portal.people.models import GuardianLink, User

from . import services
from .models import ConsentRequest

DATA = Path(__file__).parent / "fixtures" / "consent_demo.yaml"


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def seed(*, stdout) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    link = (
        GuardianLink.objects.filter(
            parent__email=data["parent"],
            pupil__school__urn=data["school"],
            pupil__legal_first_name=data["child"],
            revoked_at__isnull=True,
        )
        .select_related("parent", "pupil__school")
        .first()
    )
    senco = User.objects.filter(email=data["senco"]).first()
    if link is None or senco is None:
        return
    parent, pupil = link.parent, link.pupil
    today = services.local_today()
    made = 0
    for entry in data["requests"]:
        purpose = _clean(entry["purpose"])
        if ConsentRequest.objects.filter(pupil=pupil, purpose=purpose).exists():
            continue
        request = services.consent_request_create(
            actor=senco,
            context=SYSTEM_CONTEXT,
            pupil=pupil,
            service=entry["service"],
            service_other=entry.get("service_other", ""),
            purpose=purpose,
            information_shared=_clean(entry["information_shared"]),
            answer_needed_by=today + datetime.timedelta(days=entry["answer_in_days"]),
            today=today,
        )
        reason = _clean(entry.get("reason", ""))
        for step in entry.get("steps", []):
            if step == "give":
                services.consent_give(actor=parent, context=SYSTEM_CONTEXT, request=request)
            elif step == "refuse":
                services.consent_refuse(
                    actor=parent, context=SYSTEM_CONTEXT, request=request, reason=reason
                )
            elif step == "withdraw":
                services.consent_withdraw(
                    actor=parent, context=SYSTEM_CONTEXT, request=request, reason=reason
                )
            elif step == "cancel":
                services.consent_cancel(actor=senco, context=SYSTEM_CONTEXT, request=request)
            elif step == "referral":
                services.consent_referral_mark_sent(
                    actor=senco, context=SYSTEM_CONTEXT, request=request
                )
        if entry.get("pupil_view"):
            services.consent_record_pupil_view(
                actor=senco,
                context=SYSTEM_CONTEXT,
                request=request,
                view=_clean(entry["pupil_view"]),
            )
        made += 1
    if made:
        first_name = pupil.preferred_name or pupil.legal_first_name
        stdout.write(f"Demo consent requests about {first_name}: {made}, one in every state.")
