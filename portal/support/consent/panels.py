"""The consent panel on a child's page (see portal/panels.py)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.template.loader import render_to_string

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.auth.rules import second_factor_passed
from portal.people.roles import MANAGE_ROLES, roles_for
from portal.pupils.access import is_parent_of
from portal.schools.access import can_manage_school

from . import selectors
from .models import ConsentRequest, ConsentStatus
from .services import local_today


def dashboard_panel(*, request, **_kwargs) -> str | None:
    """For the SENCO: each school's consent requests waiting for an answer, and how many are
    past the date the school needed one, linking to the school's list. One query."""
    user = request.user
    if not user.is_authenticated or not second_factor_passed(user):
        return None
    school_ids = sorted(roles_for(user).schools_with(MANAGE_ROLES))
    if not school_ids:
        return None
    rows = (
        ConsentRequest.objects.filter(school_id__in=school_ids, status=ConsentStatus.REQUESTED)
        .values("school_id", "school__name")
        .annotate(
            waiting=Count("pk"),
            overdue=Count("pk", filter=Q(answer_needed_by__lt=local_today())),
        )
        .order_by("school__name")
    )
    summaries = list(rows)
    shown = {row["school_id"] for row in summaries}
    summaries += [
        {"school_id": school_id, "school__name": "", "waiting": 0, "overdue": 0}
        for school_id in school_ids
        if school_id not in shown
    ]
    return render_to_string(
        "support/consent/dashboard_panel.html",
        {"summaries": summaries, "several": len(school_ids) > 1},
        request=request,
    )


def pupil_panel(*, request, pupil, **_kwargs) -> str | None:
    """For a linked parent: the requests waiting for their answer, each with a button, and the
    earlier ones. For the school's SENCO: the same, with a link to the pupil's consent list.
    Nobody else sees it. Three queries at most; the read is audited when anything is shown."""
    user = request.user
    parent = is_parent_of(user, pupil)
    manager = not parent and can_manage_school(user, pupil.school_id)
    if not (parent or manager):
        return None
    consents = selectors.pupil_panel_consents(pupil=pupil)
    if consents:
        audit_record(
            action=AuditAction.SUPPORT_VIEWED,
            actor=user,
            context=AuditContext.from_request(request),
            obj=pupil,
            detail="consent panel",
        )
    waiting = [c for c in consents if c.status == ConsentStatus.REQUESTED] if parent else []
    others = [c for c in consents if c not in waiting]
    if not consents and not manager:
        return None
    return render_to_string(
        "support/consent/pupil_panel.html",
        {
            "pupil": pupil,
            "waiting": waiting,
            "others": others,
            "is_parent": parent,
            "can_manage": manager,
        },
        request=request,
    )
