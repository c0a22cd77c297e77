"""Consent requests in the scale data for the benchmark: a couple for every new school (one
waiting for an answer, one given with the referral sent), each with its history, and one waiting
for the manifest's parent. Rows are made in bulk; no emails or notifications are written."""

from __future__ import annotations

import datetime

from portal.management.commands.seed_scale import FIRST_URN
from portal.people.models import GuardianLink
from portal.schools.models import School

from .models import ConsentEvent, ConsentEventKind, ConsentRequest, ConsentStatus

PURPOSE = "To understand how best to support this pupil in class."
SHARED = "The current support plan and the last review."


def _manifest_parent_link(school: School) -> GuardianLink | None:
    """The parent seed_scale names in its manifest (the same query as the manifest's)."""
    return (
        GuardianLink.objects.filter(pupil__school=school, revoked_at__isnull=True)
        .select_related("parent", "pupil")
        .order_by("parent__email")
        .first()
    )


def seed_school(made) -> None:
    """`made` is the core's ScaleSchool: the school, its staff, pupils and parents' links."""
    if not made.links:
        return
    rng, now = made.rng, made.now
    chosen = rng.sample(made.links, min(2, len(made.links)))
    if made.school.urn == str(FIRST_URN):
        first = _manifest_parent_link(made.school)
        if first is not None:
            chosen = [first, *[link for link in chosen if link.pupil_id != first.pupil_id]][:2]
    requests, histories = [], []
    for index, link in enumerate(chosen):
        asked = now - datetime.timedelta(days=rng.uniform(1, 20))
        given = index == 1
        requests.append(
            ConsentRequest(
                school=made.school,
                pupil_id=link.pupil_id,
                service=rng.choice(["ep", "salt", "ot", "camhs"]),
                purpose=PURPOSE,
                information_shared=SHARED,
                answer_needed_by=(now + datetime.timedelta(days=rng.randint(5, 20))).date(),
                status=ConsentStatus.GIVEN if given else ConsentStatus.REQUESTED,
                requested_by=made.senco,
                answered_by_id=link.parent_id if given else None,
                answered_at=asked + datetime.timedelta(days=1) if given else None,
                referral_sent_at=asked + datetime.timedelta(days=2) if given else None,
                referral_sent_by=made.senco if given else None,
            )
        )
        history = [(ConsentEventKind.REQUESTED, made.senco.pk, asked)]
        if given:
            history += [
                (ConsentEventKind.GIVEN, link.parent_id, asked + datetime.timedelta(days=1)),
                (ConsentEventKind.REFERRAL_SENT, made.senco.pk, asked + datetime.timedelta(days=2)),
            ]
        histories.append(history)
    requests = ConsentRequest.objects.bulk_create(requests)
    events = [
        ConsentEvent(request=request, kind=kind, actor_id=actor_id)
        for request, history in zip(requests, histories, strict=True)
        for kind, actor_id, _when in history
    ]
    ConsentEvent.objects.bulk_create(events)


def manifest() -> dict:
    """The pages the benchmark loads: the parent's consent request page and the SENCO's list of
    requests waiting for an answer (ordinary and large school)."""
    from portal.management.commands.seed_scale import BIG_URN

    targets = []
    first = School.objects.filter(urn=str(FIRST_URN)).first()
    if first is not None:
        targets.append(
            {
                "name": "consent_list_senco",
                "label": "consent requests waiting (SENCO)",
                "path": f"/portal/schools/{first.pk}/consent/",
                "account": "senco",
            }
        )
        link = _manifest_parent_link(first)
        request = (
            ConsentRequest.objects.filter(pupil_id=link.pupil_id).order_by("id").first()
            if link is not None
            else None
        )
        if request is not None:
            targets.append(
                {
                    "name": "consent_parent",
                    "label": "a consent request (parent)",
                    "path": f"/portal/consent/{request.pk}/",
                    "account": "parent",
                }
            )
    big = School.objects.filter(urn=BIG_URN).first()
    if big is not None:
        targets.append(
            {
                "name": "consent_list_big",
                "label": "consent requests waiting (large school)",
                "path": f"/portal/schools/{big.pk}/consent/",
                "account": "senco_big",
            }
        )
    return {"targets": targets}
