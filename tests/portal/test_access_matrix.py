"""Every URL the resolver knows, for every role: the answer each role gets.

The patterns come from the URL resolver, not a hand list. A pattern with no rule
here fails the test, so no new URL can slip past the access policy.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import sign_in
from tests.factories import PASSWORD

LOGIN = "login"  # redirect to the sign-in page
SECOND_FACTOR = "2fa"  # redirect to set up or verify a second factor
REDIRECT = "redirect"  # any other redirect

ROLES = [
    "anonymous",
    "parent_1",
    "parent_2",
    "stranger",
    "teacher_a",
    "senco_a",
    "senco_a_unverified",
    "dsl_a",
    "head_a",
    "admin_a",
    "senco_b",
    "trust_lead",
    "superuser",
]


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}" if pattern.name else ""


# Vendor areas, by route prefix: each is checked on one representative URL per role below.
VENDOR_PREFIXES = {
    "cms/": "/cms/",
    "django-admin/": "/django-admin/",
    "accounts/": "/accounts/login/",
    "documents/": "/documents/1/missing.pdf",
    "_util/": "/_util/login/",
}


def _calendar_rows(w):
    """A term and a closure of school A, for the calendar's remove pages."""
    import datetime

    from portal.schools.models import ClosureKind, SchoolClosure, TermDate

    term, _ = TermDate.objects.get_or_create(
        school=w.school_a,
        starts_on=datetime.date(2026, 9, 1),
        defaults={"name": "Autumn 1", "ends_on": datetime.date(2026, 10, 23)},
    )
    closure, _ = SchoolClosure.objects.get_or_create(
        school=w.school_a, date=datetime.date(2026, 9, 1), defaults={"kind": ClosureKind.INSET}
    )
    return term, closure


def _concern(w):
    """A concern parent_1 raised about pupil_a1, for the concern pages."""
    from messaging.concerns.models import Concern
    from messaging.concerns.services import concern_raise
    from portal.audit.actors import AuditContext
    from portal.lib.uploads import clean_upload
    from tests.portal.test_files import png_bytes

    existing = Concern.objects.filter(pupil=w.pupil_a1, raised_by=w.parent_1).first()
    return existing or concern_raise(
        actor=w.parent_1,
        context=AuditContext(),
        pupil=w.pupil_a1,
        category="support",
        what_happened="The reading sessions stopped.",
        would_like="Restart them.",
        attachments=[clean_upload(data=png_bytes(), filename="timetable.png")],
    )


def _concern_rules(w, signed_in_404, staff_unverified):
    """The concern pages. The question pages come first: with no draft started they send
    everyone to the start; starting one (further down) would change that."""
    concern = _concern(w)
    base = signed_in_404 | staff_unverified
    overseers = {"senco_a": 200, "head_a": 200}
    school_concerns = f"/portal/schools/{w.school_a.pk}/concerns"
    rules = {
        f"messaging:concern_{step}": (
            f"/portal/concerns/new/{suffix}/",
            dict.fromkeys(signed_in_404, REDIRECT) | staff_unverified,
        )
        for step, suffix in [
            ("category", "about"),
            ("what_happened", "what-happened"),
            ("would_like", "what-you-would-like"),
            ("check", "check"),
        ]
    }
    rules |= {
        # Only parents with children start; with one child, straight to the first question.
        "messaging:concern_start": (
            "/portal/concerns/new/",
            base | {"parent_1": 200, "parent_2": REDIRECT},
        ),
        "messaging:concern_start_for_pupil": (
            f"/portal/pupils/{w.pupil_a1.pk}/concerns/new/",
            base
            | {"parent_1": REDIRECT}
            | dict.fromkeys(("teacher_a", "senco_a", "dsl_a", "head_a"), 403),
        ),
        "messaging:concern_sent": (
            f"/portal/concerns/{concern.pk}/sent/",
            base | {"parent_1": 200, "senco_a": 403, "head_a": 403},
        ),
        "messaging:concern_detail": (
            f"/portal/concerns/{concern.pk}/",
            base | {"parent_1": 200} | overseers,
        ),
        "messaging:concern_attachment": (
            f"/portal/concerns/{concern.pk}/attachments/"
            f"{concern.events.get(kind='raised').attachments.get().pk}/",
            base | {"parent_1": 200} | overseers,
        ),
        **{
            f"messaging:concern_{action}": (
                f"/portal/concerns/{concern.pk}/{action.replace('_', '-')}/",
                base | {"parent_1": 403} | overseers,
            )
            for action in (
                "acknowledge",
                "assign",
                "in_progress",
                "reply",
                "answer",
                "revise",
                "close",
            )
        },
        **{
            f"messaging:concern_{action}": (
                f"/portal/concerns/{concern.pk}/{action.replace('_', '-')}/",
                base | {"parent_1": 200, "senco_a": 403, "head_a": 403},
            )
            for action in ("parent_reply", "not_resolved")
        },
        "messaging:school_concern_list": (f"{school_concerns}/", base | overseers),
        "messaging:school_concern_report": (f"{school_concerns}/report/", base | overseers),
        "messaging:concern_settings": (f"{school_concerns}/settings/", base | overseers),
        "messaging:trust_concern_counts": (
            f"/portal/trusts/{w.trust.pk}/concerns/",
            base | {"trust_lead": 200},
        ),
    }
    return rules


def _safeguarding_rules(w, signed_in_404, staff_unverified):
    """Safeguarding: the queue and flags for the DSL only (never the SENCO of a school with a
    DSL, the headteacher, teachers or parents); the list of words for the DSL and SENCO, read
    by the headteacher."""
    from tests.voice.safeguarding_support import answer, response_for
    from voice.models import SafeguardingFlag

    flag = SafeguardingFlag.objects.filter(school=w.school_a).first()
    if flag is None:
        flag = answer(response_for(w.pupil_a1), "he hit me")[1]
    base = signed_in_404 | staff_unverified
    dsl = base | {"dsl_a": 200}
    return {
        "voice:safeguarding_queue": (f"/portal/schools/{w.school_a.pk}/safeguarding/", dsl),
        "voice:flag_detail": (f"/portal/safeguarding/{flag.pk}/", dsl),
        "voice:flag_resolve": (f"/portal/safeguarding/{flag.pk}/resolve/", dsl),
        # Steps are buttons on the flag's page: a plain visit goes back to it.
        "voice:flag_acknowledge": (
            f"/portal/safeguarding/{flag.pk}/acknowledge/",
            base | {"dsl_a": REDIRECT},
        ),
        "voice:flag_note": (
            f"/portal/safeguarding/{flag.pk}/note/",
            base | {"dsl_a": REDIRECT},
        ),
        "voice:safeguarding_words": (
            f"/portal/schools/{w.school_a.pk}/safeguarding/words/",
            base | {"dsl_a": 200, "senco_a": 200, "head_a": 200},
        ),
    }


def _conversation_a1(w):
    """A conversation about pupil A1 between parent 1, the SENCO and the assigned teacher."""
    from messaging.conversations.models import (
        Conversation,
        ConversationMember,
        MemberRole,
        Message,
    )

    conversation = Conversation.objects.filter(pupil=w.pupil_a1).first()
    if conversation is None:
        conversation = Conversation.objects.create(
            school=w.school_a,
            pupil=w.pupil_a1,
            parent=w.parent_1,
            subject="Reading at home",
            started_by=w.parent_1,
        )
        ConversationMember.objects.bulk_create(
            [
                ConversationMember(conversation=conversation, user=user, role=role)
                for user, role in [
                    (w.parent_1, MemberRole.PARENT),
                    (w.senco_a, MemberRole.SENCO),
                    (w.teacher_a, MemberRole.TEACHER),
                ]
            ]
        )
        message = Message.objects.create(conversation=conversation, author=w.parent_1, body="Hello")
        message.attachments.set([_attachment(w)])
    return conversation


def _attachment(w):
    """A small PNG, made safe and stored as a parent's message would store it."""
    import io

    from PIL import Image

    from portal.audit.actors import AuditContext
    from portal.files.services import attachments_store
    from portal.lib.uploads import clean_upload

    out = io.BytesIO()
    Image.new("RGB", (24, 16), (20, 120, 60)).save(out, "PNG")
    clean = clean_upload(data=out.getvalue(), filename="chart.png")
    return attachments_store(
        actor=w.parent_1, school=w.school_a, files=[clean], context=AuditContext()
    )[0]


def _checklist_rules(w, signed_in_404, staff_unverified):
    """The provision map and the Code of Practice checklist: the SENCO keeps the catalogue; the
    SENCO and headteacher see the map, the checklists and the governors' report; the trust's
    SEND lead sees the governors' report (counts only) and the trust's counts."""
    from portal.support.plans.models import Intervention

    intervention, _ = Intervention.objects.get_or_create(
        school=w.school_a,
        name="Lego therapy",
        defaults={"group_size": 3, "staff_minutes_per_week": 90},
    )
    base = signed_in_404 | staff_unverified
    overseers = {"senco_a": 200, "head_a": 200}
    keeper = {"senco_a": 200, "head_a": 403}
    school = f"/portal/schools/{w.school_a.pk}"
    return {
        "support:provision_map": (f"{school}/provision-map/", base | overseers),
        "support:intervention_create": (f"{school}/provision-map/new/", base | keeper),
        "support:intervention_detail": (
            f"/portal/interventions/{intervention.pk}/",
            base | overseers,
        ),
        "support:intervention_edit": (
            f"/portal/interventions/{intervention.pk}/edit/",
            base | keeper,
        ),
        "support:intervention_archive": (
            f"/portal/interventions/{intervention.pk}/archive/",
            base | keeper,
        ),
        # Those who may see the pupil but not the checklist get 403.
        "support:pupil_checklist": (
            f"/portal/pupils/{w.pupil_a1.pk}/checklist/",
            base | {"parent_1": 403, "teacher_a": 403, "dsl_a": 403} | overseers,
        ),
        "support:school_checklist": (f"{school}/checklist/", base | overseers),
        "support:governors_report": (
            f"{school}/checklist/governors/",
            base | overseers | {"trust_lead": 200},
        ),
        "support:trust_checklist": (
            f"/portal/trusts/{w.trust.pk}/checklist/",
            base | {"trust_lead": 200},
        ),
    }


def _passport_and_evidence_rules(w, signed_in_404, staff_unverified):
    """Passports: read by the register roles, the assigned teacher and the linked parent, written
    by the SENCO; headings by the SENCO (school) and the SEND lead (trust). The evidence pack:
    the SENCO and the linked parent; other staff who see the pupil get 403."""
    pupil = f"/portal/pupils/{w.pupil_a1.pk}"
    readers = {"parent_1": 200, "teacher_a": 200, "senco_a": 200, "dsl_a": 200, "head_a": 200}
    base = signed_in_404 | staff_unverified
    onlookers = {"teacher_a": 403, "dsl_a": 403, "head_a": 403}
    return {
        "support:passport_detail": (f"{pupil}/passport/", base | readers),
        "support:passport_print": (f"{pupil}/passport/print/", base | readers),
        "support:passport_edit": (
            f"{pupil}/passport/edit/",
            base | {"parent_1": 403} | onlookers | {"senco_a": 200},
        ),
        "support:school_passport_template": (
            f"/portal/schools/{w.school_a.pk}/passport-headings/",
            base | {"senco_a": 200},
        ),
        "support:trust_passport_template": (
            f"/portal/trusts/{w.trust.pk}/passport-headings/",
            base | {"trust_lead": 200},
        ),
        "support:evidence_pack": (
            f"{pupil}/evidence-pack/",
            base | onlookers | {"parent_1": 200, "senco_a": 200},
        ),
        "support:evidence_pack_pdf": (
            f"{pupil}/evidence-pack.pdf",
            base | onlookers | {"parent_1": 200, "senco_a": 200},
        ),
    }


def _consent_and_notice(w):
    """A consent request about pupil_a1 waiting for an answer, and a formal notice to parent_1."""
    import datetime

    from portal.audit.actors import AuditContext
    from portal.support.consent.models import ConsentRequest
    from portal.support.consent.services import consent_request_create, local_today
    from portal.support.notices.models import FormalNotice
    from portal.support.notices.services import formal_notice_send

    request = ConsentRequest.objects.filter(pupil=w.pupil_a1).first() or consent_request_create(
        actor=w.senco_a,
        context=AuditContext(),
        pupil=w.pupil_a1,
        service="salt",
        purpose="A speech assessment.",
        information_shared="The support plan.",
        answer_needed_by=local_today() + datetime.timedelta(days=10),
    )
    notice = FormalNotice.objects.filter(pupil=w.pupil_a1).first() or formal_notice_send(
        actor=w.senco_a, context=AuditContext(), pupil=w.pupil_a1
    )
    return request, notice


def _support_consent_notice_rules(w, signed_in_404, staff_unverified):
    """Consent and formal notices: the pupil's linked parents and the school's SENCO see them;
    the parent answers and withdraws (with nothing to answer, the journey's later pages send
    them back to the question), the SENCO takes the school's steps; the rest get 404."""
    request, notice = _consent_and_notice(w)
    base = signed_in_404 | staff_unverified
    pupil_manage = base | {"parent_1": 403, "teacher_a": 403, "dsl_a": 403, "head_a": 403}
    consent = f"/portal/consent/{request.pk}"
    return {
        "support:pupil_consent_list": (
            f"/portal/pupils/{w.pupil_a1.pk}/consent/",
            pupil_manage | {"senco_a": 200},
        ),
        "support:consent_request_create": (
            f"/portal/pupils/{w.pupil_a1.pk}/consent/new/",
            pupil_manage | {"senco_a": 200},
        ),
        "support:school_consent_list": (
            f"/portal/schools/{w.school_a.pk}/consent/",
            base | {"senco_a": 200},
        ),
        "support:consent_detail": (f"{consent}/", base | {"parent_1": 200, "senco_a": 200}),
        "support:consent_answer": (
            f"{consent}/answer/",
            base | {"parent_1": 200, "senco_a": 403},
        ),
        "support:consent_answer_reason": (
            f"{consent}/answer/reason/",
            base | {"parent_1": REDIRECT, "senco_a": 403},
        ),
        "support:consent_answer_check": (
            f"{consent}/answer/check/",
            base | {"parent_1": REDIRECT, "senco_a": 403},
        ),
        "support:consent_answered": (
            f"{consent}/answer/done/",
            base | {"parent_1": REDIRECT, "senco_a": 403},
        ),
        "support:consent_withdraw": (
            f"{consent}/withdraw/",
            base | {"parent_1": 200, "senco_a": 403},
        ),
        **{
            f"support:consent_{step}": (
                f"{consent}/{step.replace('_', '-')}/",
                base | {"parent_1": 403, "senco_a": 200},
            )
            for step in ("cancel", "pupil_view", "referral")
        },
        "support:notice_detail": (
            f"/portal/notices/{notice.pk}/",
            base | {"parent_1": 200, "senco_a": 200},
        ),
        "support:pupil_notice_list": (
            f"/portal/pupils/{w.pupil_a1.pk}/notices/",
            pupil_manage | {"senco_a": 200},
        ),
        "support:notice_send": (
            f"/portal/pupils/{w.pupil_a1.pk}/notices/send/",
            pupil_manage | {"senco_a": 200},
        ),
    }


def _plan_rules(w, signed_in_404, staff_unverified):
    """The support plan pages, on a shared cycle of pupil A1: its parent and the staff who work
    with the pupil read the plan; only the SENCO changes it (403 for the other readers)."""
    from portal.support.plans.models import Cycle
    from tests.factories import make_plan

    cycle = Cycle.objects.filter(pupil=w.pupil_a1).first() or make_plan(w.pupil_a1, w.senco_a)
    outcome = cycle.outcomes.first()
    item = cycle.support_items.first()
    readers = {"parent_1": 200, "teacher_a": 200, "dsl_a": 200, "head_a": 200, "senco_a": 200}
    base = signed_in_404 | staff_unverified
    change = base | {"parent_1": 403, "teacher_a": 403, "dsl_a": 403, "head_a": 403}
    rules = {
        "support:plan": (f"/portal/pupils/{w.pupil_a1.pk}/plan/", base | readers),
        # A cycle is under way, so the SENCO is sent back to the plan.
        "support:plan_start": (
            f"/portal/pupils/{w.pupil_a1.pk}/plan/start/",
            change | {"senco_a": REDIRECT},
        ),
    }
    for name, url in [
        ("support:plan_assessment", f"/portal/plans/{cycle.pk}/assessment/"),
        ("support:plan_impact", f"/portal/plans/{cycle.pk}/impact/"),
        ("support:plan_visibility", f"/portal/plans/{cycle.pk}/who-sees/"),
        ("support:plan_outcome_add", f"/portal/plans/{cycle.pk}/outcomes/new/"),
        ("support:plan_outcome_edit", f"/portal/plans/outcomes/{outcome.pk}/"),
        ("support:plan_outcome_remove", f"/portal/plans/outcomes/{outcome.pk}/remove/"),
        ("support:plan_support_add", f"/portal/plans/{cycle.pk}/support/new/"),
        ("support:plan_support_edit", f"/portal/plans/support/{item.pk}/"),
        ("support:plan_support_remove", f"/portal/plans/support/{item.pk}/remove/"),
        ("support:plan_share", f"/portal/plans/{cycle.pk}/share/"),
        ("support:plan_review", f"/portal/plans/{cycle.pk}/review/"),
    ]:
        rules[name] = (url, change | {"senco_a": 200})
    return rules


def _portal_rules(w):
    """route name -> (url, {role: expected}); roles not named expect `default`."""
    staff_unverified = {"senco_a_unverified": SECOND_FACTOR}
    signed_in_404 = {role: 404 for role in ROLES if role not in ("anonymous", "senco_a_unverified")}
    term, closure = _calendar_rows(w)
    conversation = _conversation_a1(w)
    calendar_keepers = signed_in_404 | staff_unverified | {"senco_a": 200, "admin_a": 200}
    calendar_a = f"/portal/schools/{w.school_a.pk}/calendar"
    return {
        "portal:school_calendar": (f"{calendar_a}/", calendar_keepers),
        "portal:calendar_term_create": (f"{calendar_a}/terms/new/", calendar_keepers),
        "portal:calendar_term_remove": (f"{calendar_a}/terms/{term.pk}/remove/", calendar_keepers),
        "portal:calendar_closure_create": (f"{calendar_a}/closures/new/", calendar_keepers),
        "portal:calendar_closure_remove": (
            f"{calendar_a}/closures/{closure.pk}/remove/",
            calendar_keepers,
        ),
        "portal:trust_calendar": (
            f"/portal/trusts/{w.trust.pk}/calendar/",
            signed_in_404 | staff_unverified | {"trust_lead": 200},
        ),
        "portal:trust_term_dates": (
            f"/portal/trusts/{w.trust.pk}/calendar/term-dates/",
            signed_in_404 | staff_unverified | {"trust_lead": 200},
        ),
        "portal:dashboard": ("/portal/", dict.fromkeys(ROLES, 200) | staff_unverified),
        "portal:school_overview": (
            f"/portal/schools/{w.school_a.pk}/",
            signed_in_404
            | staff_unverified
            | {"senco_a": 200, "dsl_a": 200, "head_a": 200, "trust_lead": 200},
        ),
        "portal:pupil_create": (
            f"/portal/schools/{w.school_a.pk}/pupils/new/",
            signed_in_404 | staff_unverified | {"senco_a": 200},
        ),
        "portal:register_import_upload": (
            f"/portal/schools/{w.school_a.pk}/pupils/import/",
            signed_in_404 | staff_unverified | {"senco_a": 200},
        ),
        "portal:register_import_template": (
            f"/portal/schools/{w.school_a.pk}/pupils/import/template.csv",
            signed_in_404 | staff_unverified | {"senco_a": 200},
        ),
        # With nothing uploaded yet, the SENCO is sent to the upload page.
        "portal:register_import_preview": (
            f"/portal/schools/{w.school_a.pk}/pupils/import/check/",
            signed_in_404 | staff_unverified | {"senco_a": REDIRECT},
        ),
        "portal:pupil_detail": (
            f"/portal/pupils/{w.pupil_a1.pk}/",
            signed_in_404
            | staff_unverified
            | {"parent_1": 200, "teacher_a": 200, "senco_a": 200, "dsl_a": 200, "head_a": 200},
        ),
        **{
            name: (
                f"/portal/pupils/{w.pupil_a1.pk}/{suffix}/",
                signed_in_404
                | staff_unverified
                | {"parent_1": 403, "teacher_a": 403, "dsl_a": 403, "head_a": 403}
                | {"senco_a": 200},
            )
            for name, suffix in [
                ("portal:pupil_edit", "edit"),
                ("portal:pupil_teachers", "staff"),
                ("portal:invitation_create", "invite"),
            ]
        },
        "portal:invitation_revoke": (
            f"/portal/invitations/{w.invitation_a1.pk}/withdraw/",
            signed_in_404 | staff_unverified | {"senco_a": 200},
        ),
        "portal:link_revoke": (
            f"/portal/links/{w.link_a1.pk}/remove/",
            signed_in_404 | staff_unverified | {"senco_a": 200},
        ),
        "portal:invitation_accept": (
            f"/portal/invitations/accept/{w.invitation_a1.token}/",
            dict.fromkeys(ROLES, 200) | staff_unverified,
        ),
        "portal:otp_setup": ("/portal/2fa/setup/", dict.fromkeys(ROLES, 200)),
        "portal:otp_verify": (
            "/portal/2fa/verify/",
            # Verified sessions go straight on; the rest are asked for a code.
            dict.fromkeys(ROLES, REDIRECT)
            | {"parent_1": 200, "parent_2": 200, "stranger": 200, "senco_a_unverified": 200},
        ),
        "portal:otp_backup_codes": (
            "/portal/2fa/backup-codes/",
            dict.fromkeys(ROLES, 200)
            | dict.fromkeys(("parent_1", "parent_2", "stranger"), SECOND_FACTOR)
            | staff_unverified,
        ),
        # Each person's own notifications: there is no one else's to reach.
        **{
            name: (url, dict.fromkeys(ROLES, 200) | staff_unverified)
            for name, url in [
                ("portal:notification_list", "/portal/notifications/"),
                ("portal:notification_unread", "/portal/notifications/unread/"),
                ("portal:notification_preferences", "/portal/notifications/settings/"),
            ]
        },
        "healthz": ("/healthz", dict.fromkeys(ROLES, 200)),
        **_concern_rules(w, signed_in_404, staff_unverified),
        **_safeguarding_rules(w, signed_in_404, staff_unverified),
        # Conversations: each person's own list; a thread for its members only; started by a
        # linked parent or the SENCO; quiet hours set by the SENCO or headteacher.
        "messaging:conversation_list": (
            "/portal/conversations/",
            dict.fromkeys(ROLES, 200) | staff_unverified,
        ),
        "messaging:conversation_detail": (
            f"/portal/conversations/{conversation.pk}/",
            signed_in_404 | staff_unverified | {"parent_1": 200, "senco_a": 200, "teacher_a": 200},
        ),
        "messaging:conversation_attachment": (
            f"/portal/conversations/{conversation.pk}/attachments/"
            f"{conversation.messages.get().attachments.get().pk}/",
            signed_in_404 | staff_unverified | {"parent_1": 200, "senco_a": 200, "teacher_a": 200},
        ),
        "messaging:conversation_start": (
            f"/portal/pupils/{w.pupil_a1.pk}/conversations/new/",
            signed_in_404
            | staff_unverified
            | {"parent_1": 200, "senco_a": 200, "teacher_a": 403, "dsl_a": 403, "head_a": 403},
        ),
        "messaging:quiet_hours": (
            f"/portal/schools/{w.school_a.pk}/quiet-hours/",
            signed_in_404 | staff_unverified | {"senco_a": 200, "head_a": 200},
        ),
        **_checklist_rules(w, signed_in_404, staff_unverified),
        **_passport_and_evidence_rules(w, signed_in_404, staff_unverified),
        **_support_consent_notice_rules(w, signed_in_404, staff_unverified),
        **_meeting_rules(w, signed_in_404, staff_unverified),
        **_voice_asking_rules(w, signed_in_404, staff_unverified),
        **_voice_audio_rules(w, signed_in_404, staff_unverified),
        **_voice_review_rules(w, signed_in_404, staff_unverified),
        **_question_set_rules(w, signed_in_404, staff_unverified),
    }


VOICE_SECRET = "A sentence just for my teacher, never for a parent."


def _voice_response(w):
    """A reviewed response of pupil_a1 with an answer marked "just for my teacher"."""
    from tests.voice.factories import make_response
    from voice.models import Response

    # Other rows make responses of their own (a recording); this one holds the secret.
    existing = Response.objects.filter(pupil=w.pupil_a1, answers__text=VOICE_SECRET).first()
    return existing or make_response(
        pupil=w.pupil_a1, reviewed_by=w.senco_a, just_for_teacher_text=VOICE_SECRET
    )


def _voice_review_rules(w, signed_in_404, staff_unverified):
    """Pupil views: read by the SENCO, the headteacher and the assigned teacher (the DSL only
    when flagged), reviewed by the SENCO; the school's list for the SENCO and headteacher; the
    note kept by the SENCO; the parents' page for the linked parent."""
    response = _voice_response(w)
    base = signed_in_404 | staff_unverified
    readers = {"senco_a": 200, "head_a": 200, "teacher_a": 200}
    onlookers = {"parent_1": 403, "teacher_a": 403, "dsl_a": 403, "head_a": 403}
    return {
        "voice:response_detail": (f"/portal/pupil-views/{response.pk}/", base | readers),
        "voice:response_review": (
            f"/portal/pupil-views/{response.pk}/review/",
            base | readers | {"head_a": 403, "teacher_a": 403},
        ),
        "voice:school_responses": (
            f"/portal/schools/{w.school_a.pk}/pupil-views/",
            base | {"senco_a": 200, "head_a": 200},
        ),
        "voice:communication_edit": (
            f"/portal/pupils/{w.pupil_a1.pk}/communication/",
            base | onlookers | {"senco_a": 200},
        ),
        "voice:parent_views": (
            f"/portal/pupils/{w.pupil_a1.pk}/pupil-views/",
            base | onlookers | {"senco_a": 403, "parent_1": 200},
        ),
    }


def _voice_audio_rules(w, signed_in_404, staff_unverified):
    """A recorded answer of pupil_a1: played by those who read the pupil's views (the SENCO,
    the headteacher, the assigned teacher), never by parents or anyone else."""
    from tests.voice.recordings import pupil_answer, with_recording
    from voice.models import Answer

    answer = Answer.objects.filter(response__pupil=w.pupil_a1).exclude(audio="").first()
    answer = answer or with_recording(pupil_answer(w.pupil_a1))
    return {
        "voice:answer_audio": (
            f"/portal/pupil-views/answers/{answer.pk}/audio/",
            signed_in_404 | staff_unverified | {"senco_a": 200, "head_a": 200, "teacher_a": 200},
        ),
    }


def _voice_asking_rules(w, signed_in_404, staff_unverified):
    """Asking for a pupil's views: the code page is everyone's; the SENCO and the assigned
    teacher ask, print the card, supervise and cancel; the headteacher reads the list; the
    DSL sees the pupil but not these pages (403); parents and others get 404."""
    from tests.voice.asking_helpers import ask

    views_request = ask(w.senco_a, w.pupil_a1)
    base = signed_in_404 | staff_unverified
    askers = base | {"teacher_a": 200, "senco_a": 200, "dsl_a": 403, "head_a": 403}
    r = f"/portal/views-requests/{views_request.pk}"
    return {
        "voice:enter": ("/voice/", dict.fromkeys(ROLES, 200)),
        "voice:leave": ("/voice/stop/", dict.fromkeys(ROLES, 200)),
        "voice:pupil_views": (f"/portal/pupils/{w.pupil_a1.pk}/views/", askers | {"head_a": 200}),
        "voice:request_new": (f"/portal/pupils/{w.pupil_a1.pk}/views/new/", askers),
        "voice:request_card": (f"{r}/card/", askers),
        "voice:request_supervise": (f"{r}/supervise/", askers),
        "voice:request_cancel": (f"{r}/cancel/", askers),
        **_voice_answering_rules(w),
    }


# The pupil's pages answer only to a session holding a pupil's visit (a code typed): for
# everyone else, signed in or not, they are not found. The symbols' licence is public.
VOICE_PUPIL_PAGES = ("voice:start", "voice:question", "voice:done", "voice:targets")


def _voice_answering_rules(w):
    rules = {
        "voice:start": ("/voice/start/", dict.fromkeys(ROLES, 404)),
        "voice:question": ("/voice/question/1/", dict.fromkeys(ROLES, 404)),
        "voice:done": ("/voice/done/", dict.fromkeys(ROLES, 404)),
        "voice:targets": ("/voice/my-targets/", dict.fromkeys(ROLES, 404)),
        "voice:symbols": ("/voice/symbols/", dict.fromkeys(ROLES, 200)),
    }
    return rules


def _meeting_rows(w):
    """A shared review meeting about pupil_a1 with an attendee, a parent-owned next step, a
    response from parent_1, the parents' views given with a file, and a request not yet
    answered; made once per test."""
    import datetime

    from django.utils import timezone

    from portal.audit.actors import AuditContext
    from portal.lib.uploads import clean_upload
    from portal.support.meetings import services as meeting_services
    from portal.support.meetings.models import Meeting
    from tests.portal.test_files import png_bytes

    context = AuditContext()
    meeting = Meeting.objects.filter(pupil=w.pupil_a1).first()
    if meeting is None:
        meeting = meeting_services.meeting_propose(
            actor=w.senco_a,
            context=context,
            pupil=w.pupil_a1,
            kind="review",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            location="Room 4",
        )
        answer_by = timezone.localdate() + datetime.timedelta(days=1)
        answered = meeting_services.parent_views_request(
            actor=w.senco_a, context=context, meeting=meeting, answer_by=answer_by
        )
        meeting_services.parent_views_submit(
            actor=w.parent_1,
            context=context,
            views=answered,
            going_well="Reading",
            worries="",
            to_discuss="",
            from_home="",
            attachments=[clean_upload(data=png_bytes(), filename="drawing.png")],
        )
        meeting_services.parent_views_request(
            actor=w.senco_a, context=context, meeting=meeting, answer_by=answer_by
        )
        meeting_services.meeting_attendee_add(
            actor=w.senco_a, context=context, meeting=meeting, kind="staff", name="Mrs Patel"
        )
        meeting_services.meeting_next_step_add(
            actor=w.senco_a,
            context=context,
            meeting=meeting,
            action="Read at bedtime",
            owner="parent",
            due_on=timezone.localdate(),
        )
        meeting_services.meeting_record_update(
            actor=w.senco_a,
            context=context,
            meeting=meeting,
            parent_views="",
            pupil_views="",
            discussion="",
            outcomes_agreed="Reading three times a week",
        )
        # A record is shared once the meeting has taken place.
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=timezone.now() - datetime.timedelta(days=1)
        )
        meeting.refresh_from_db()
        meeting_services.meeting_share_with_parents(
            actor=w.senco_a, context=context, meeting=meeting
        )
        meeting_services.meeting_response_add(
            actor=w.parent_1, context=context, meeting=meeting, kind="add", text="Thank you"
        )
    return meeting


def _meeting_rules(w, signed_in_404, staff_unverified):
    """Meetings: staff who may see the pupil and its linked parents see a meeting and its shared
    record; the SENCO arranges and writes; the parent answers; others get 404."""
    meeting = _meeting_rows(w)
    views = list(meeting.parent_views_asked.order_by("pk"))
    m = f"/portal/meetings/{meeting.pk}"
    base = signed_in_404 | staff_unverified
    viewers = {"parent_1": 200, "teacher_a": 200, "senco_a": 200, "dsl_a": 200, "head_a": 200}
    senco_only = base | dict.fromkeys(("parent_1", "teacher_a", "dsl_a", "head_a"), 403)
    senco_only["senco_a"] = 200
    parent_only = base | dict.fromkeys(("teacher_a", "senco_a", "dsl_a", "head_a"), 403)
    parent_only["parent_1"] = 200
    return {
        "support:school_meetings": (
            f"/portal/schools/{w.school_a.pk}/meetings/",
            base | {"senco_a": 200, "head_a": 200},
        ),
        "support:meeting_propose": (f"/portal/pupils/{w.pupil_a1.pk}/meetings/new/", senco_only),
        "support:meeting_detail": (f"{m}/", base | viewers),
        "support:meeting_record": (f"{m}/record/", base | viewers),
        "support:meeting_date_reply": (f"{m}/date/", parent_only),
        # The record is shared: its editing pages send the SENCO back to the record.
        **{
            f"support:{name}": (f"{m}/{suffix}/", senco_only | {"senco_a": REDIRECT})
            for name, suffix in [
                ("meeting_record_edit", "record/edit"),
                ("meeting_attendee_add", "attendees/new"),
                ("meeting_step_add", "steps/new"),
            ]
        },
        **{
            f"support:{name}": (f"{m}/{suffix}/", senco_only)
            for name, suffix in [
                ("meeting_reschedule", "new-date"),
                ("meeting_cancel", "cancel"),
                ("meeting_attendee_remove", f"attendees/{meeting.attendees.get().pk}/remove"),
                ("meeting_step_remove", f"steps/{meeting.next_steps.get().pk}/remove"),
                ("meeting_share", "share"),
                ("meeting_addendum_add", "addenda/new"),
                ("parent_views_request", "parent-views/new"),
            ]
        },
        "support:meeting_acknowledge": (f"{m}/acknowledge/", parent_only),
        "support:meeting_respond": (f"{m}/respond/", parent_only),
        "support:meeting_response_answer": (
            f"/portal/meeting-responses/{meeting.responses.get().pk}/answer/",
            senco_only,
        ),
        "support:next_step_mark": (
            f"/portal/next-steps/{meeting.next_steps.get().pk}/",
            senco_only | {"parent_1": 200},
        ),
        "support:parent_views_answer": (f"/portal/parent-views/{views[1].pk}/", parent_only),
        # With nothing answered yet, the parent is sent to the questions.
        "support:parent_views_check": (
            f"/portal/parent-views/{views[1].pk}/check/",
            parent_only | {"parent_1": REDIRECT},
        ),
        "support:parent_views_attachment": (
            f"/portal/parent-views/{views[0].pk}/attachments/{views[0].attachments.get().pk}/",
            base | viewers,
        ),
        **_plan_rules(w, signed_in_404, staff_unverified),
    }


def _vendor_rules():
    staff = ["teacher_a", "senco_a", "dsl_a", "head_a", "admin_a", "senco_b", "trust_lead"]
    parents = ["parent_1", "parent_2", "stranger"]
    return {
        # Wagtail admin: people with CMS permission (here the superuser), after a second factor;
        # anyone else signed in gets a clear 403, never a loop back to the sign-in page.
        "cms/": {"anonymous": LOGIN, "senco_a_unverified": SECOND_FACTOR, "superuser": 200}
        | dict.fromkeys(staff + parents, 403),
        "django-admin/": {"anonymous": LOGIN, "senco_a_unverified": SECOND_FACTOR, "superuser": 200}
        | dict.fromkeys(staff + parents, LOGIN),
        # Signed-in people are sent on from the sign-in page.
        "accounts/": dict.fromkeys(ROLES, REDIRECT) | {"anonymous": 200},
        "documents/": dict.fromkeys(ROLES, 404),
        # Wagtail's sign-in for private pages is replaced by the portal's.
        "_util/": dict.fromkeys(ROLES, LOGIN),
    }


WAGTAIL_PAGE_ROUTES = {"^((?:[\\w\\-]+/)*)$", ""}


def _client_for(role, world, client):
    if role == "anonymous":
        return client
    if role == "senco_a_unverified":
        return sign_in(client, world.senco_a, verified=False)
    return sign_in(client, getattr(world, role))


def _outcome(response) -> object:
    if response.status_code in (301, 302):
        location = response["Location"]
        if "/accounts/login/" in location or "/django-admin/login/" in location:
            return LOGIN
        if "/portal/2fa/" in location:
            return SECOND_FACTOR
        return REDIRECT
    return response.status_code


def test_every_url_pattern_has_an_expectation(world):
    portal = _portal_rules(world)
    missing = []
    for route, name in _walk(get_resolver().url_patterns):
        if name in portal or route.startswith(tuple(VENDOR_PREFIXES)):
            continue
        if route in WAGTAIL_PAGE_ROUTES or name in ("wagtail_serve", "wagtail_serve_preview"):
            continue
        missing.append((route, name))
    assert missing == [], f"URL patterns with no access expectation: {missing}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_portal_url(role, world, client):
    client = _client_for(role, world, client)
    failures = []
    for name, (url, expected_by_role) in _portal_rules(world).items():
        expected = (
            LOGIN
            if role == "anonymous"
            and name
            not in (
                "portal:invitation_accept",
                "healthz",
                "voice:enter",
                "voice:leave",
                *VOICE_PUPIL_PAGES,
                "voice:symbols",
            )
            else expected_by_role[role]
        )
        got = _outcome(client.get(url))
        if got != expected:
            failures.append(f"{name} {url}: expected {expected}, got {got}")
    assert failures == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_vendor_areas(role, world, client):
    client = _client_for(role, world, client)
    failures = []
    for prefix, expected_by_role in _vendor_rules().items():
        url = VENDOR_PREFIXES[prefix]
        got = _outcome(client.get(url))
        if got != expected_by_role[role]:
            failures.append(f"{url}: expected {expected_by_role[role]}, got {got}")
    got = _outcome(client.get("/"))
    if got != 200:
        failures.append(f"/: expected 200, got {got}")
    assert failures == []


def test_refused_access_is_audited_without_revealing_the_pupil(world, client):
    from portal.audit.models import AuditEvent

    response = sign_in(client, world.senco_b).get(f"/portal/pupils/{world.pupil_a1.pk}/")
    assert response.status_code == 404
    refusal = AuditEvent.objects.filter(action="access.refused").last()
    assert refusal.actor_id == world.senco_b.pk
    assert refusal.detail == f"pupil {world.pupil_a1.pk}"
    assert "Aisha" not in response.content.decode()


# --- Vendor sign-in doors -----------------------------------------------------------------

# Any page of Wagtail, the Django admin or Wagtail's front end that signs people in or resets
# a password. Found by walking the resolver, so a page a new version adds is checked too.
_VENDOR_SIGN_IN = re.compile(r"login|password_reset")
_SIGN_IN_VENDOR_PREFIXES = ("cms/", "django-admin/", "_util/", "documents/")
_CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?\w+>")


def _concrete(route: str) -> str:
    """A URL that the route matches: numbers for <int:...>, a word for anything else."""
    assert not route.startswith("^") and "(?P" not in route, f"a regex route to check: {route}"
    return "/" + _CONVERTER.sub(lambda m: "1" if m["kind"] == "int" else "abc", route)


def _vendor_sign_in_urls() -> list[str]:
    return sorted(
        {
            _concrete(route)
            for route, _name in _walk(get_resolver().url_patterns)
            if route.startswith(_SIGN_IN_VENDOR_PREFIXES) and _VENDOR_SIGN_IN.search(route)
        }
    )


def _is_portal_sign_in(response) -> bool:
    if response.status_code != 302:
        return False
    return bool(re.fullmatch(r"(/(cy|ur))?/accounts/login/", urlsplit(response["Location"]).path))


def test_the_vendor_sign_in_doors_are_all_found():
    assert {
        "/cms/login/",
        "/cms/password_reset/",
        "/cms/password_reset/confirm/abc/abc/",
        "/django-admin/login/",
        "/_util/login/",
    } <= set(_vendor_sign_in_urls())


@pytest.mark.parametrize("role", ROLES)
def test_every_vendor_sign_in_page_leads_to_the_portal_sign_in_and_signs_nobody_in(
    role, world, client
):
    from portal.audit.models import AuditAction, AuditEvent

    client = _client_for(role, world, client)
    signed_in_as = client.session.get("_auth_user_id")
    credentials = {
        "username": world.superuser.email,
        "email": world.superuser.email,
        "login": world.superuser.email,
        "password": PASSWORD,
        "new_password1": "a-new-password-2026",
        "new_password2": "a-new-password-2026",
    }
    failures = []
    for url in _vendor_sign_in_urls():
        for method in ("get", "post"):
            data = credentials if method == "post" else {}
            response = getattr(client, method)(url, data)
            if not _is_portal_sign_in(response):
                failures.append(f"{method.upper()} {url}: {response.status_code}")
            if client.session.get("_auth_user_id") != signed_in_as:
                failures.append(f"{method.upper()} {url} changed who is signed in")
    assert failures == []
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_IN).exists()


@pytest.mark.parametrize(
    ("asked", "kept"),
    [("/cms/pages/", "/cms/pages/"), ("//evil.example/", None), ("https://evil.example/", None)],
)
def test_vendor_sign_in_pages_keep_only_a_safe_next(client, asked, kept):
    for url in ("/cms/login/", "/django-admin/login/", "/_util/login/"):
        response = client.get(url, {"next": asked})
        assert _is_portal_sign_in(response), url
        assert parse_qs(urlsplit(response["Location"]).query).get("next") == (
            [kept] if kept else None
        ), url


def test_a_just_for_teacher_answer_never_reaches_a_parent_at_any_url(world, client):
    """Every portal URL, read by parent_1 once the response is reviewed and shared: the answer
    the pupil kept for their teacher appears nowhere, while the assigned teacher reads it."""
    rules = _portal_rules(world)
    staff = sign_in(client, world.teacher_a)
    detail = rules["voice:response_detail"][0]
    assert VOICE_SECRET in staff.get(detail).content.decode()
    client.logout()
    parent = sign_in(client, world.parent_1)
    seen_views = False
    for name, (url, _expected) in rules.items():
        page = parent.get(url)
        body = b"".join(page.streaming_content) if page.streaming else page.content
        text = body.decode(errors="replace")
        assert VOICE_SECRET not in text, name
        seen_views = seen_views or (name == "voice:parent_views" and "Good (4 of 5)" in text)
    assert seen_views


def _question_set_rows(w):
    """School A's draft copy of "All about me", with its questions and cards; made once per test."""
    from portal.audit.actors import AuditContext
    from voice.models import QuestionSet, SetScope
    from voice.sets import services as set_services

    # Other rows make school sets of their own; this one is the copy of "All about me".
    copy = QuestionSet.objects.filter(
        scope=SetScope.SCHOOL, school=w.school_a, based_on__key="all_about_me"
    ).first()
    if copy is None:
        copy = set_services.question_set_copy(
            actor=w.senco_a,
            context=AuditContext(),
            source=QuestionSet.objects.get(scope=SetScope.BUILT_IN, key="all_about_me"),
            school=w.school_a,
        )
    sort = copy.questions.get(kind="sort")
    return copy, sort, sort.options.first()


def _question_set_rules(w, signed_in_404, staff_unverified):
    """Question sets: read by every member of the school's staff; copied and changed by its
    SENCO (the rest of its staff get 403); a trust's list by its SEND lead. Moving a question or
    a card is a POST only."""
    copy, sort, card = _question_set_rows(w)
    base = signed_in_404 | staff_unverified
    school_staff = {"teacher_a": 200, "senco_a": 200, "dsl_a": 200, "head_a": 200, "admin_a": 200}
    onlookers = {"teacher_a": 403, "dsl_a": 403, "head_a": 403, "admin_a": 403}
    editor = base | onlookers | {"senco_a": 200}
    one_set = f"/portal/question-sets/{copy.pk}"
    question = f"{one_set}/questions/{sort.pk}"
    return {
        "voice:set_list": (f"/portal/schools/{w.school_a.pk}/question-sets/", base | school_staff),
        "voice:trust_set_list": (
            f"/portal/trusts/{w.trust.pk}/question-sets/",
            base | {"trust_lead": 200},
        ),
        "voice:set_detail": (f"{one_set}/", base | school_staff),
        "voice:set_copy": (f"{one_set}/copy/", base | {"senco_a": 200}),
        "voice:set_edit": (f"{one_set}/edit/", editor),
        "voice:set_ready": (f"{one_set}/ready/", editor),
        "voice:set_archive": (f"{one_set}/archive/", editor),
        "voice:question_add": (f"{one_set}/questions/add/", editor),
        "voice:question_edit": (f"{question}/", editor),
        "voice:question_delete": (f"{question}/delete/", editor),
        "voice:question_move": (
            f"{question}/move/",
            dict.fromkeys(ROLES, 405) | staff_unverified,
        ),
        "voice:card_add": (f"{question}/cards/add/", editor),
        "voice:card_edit": (f"{question}/cards/{card.pk}/", editor),
        "voice:card_delete": (f"{question}/cards/{card.pk}/delete/", editor),
        "voice:card_move": (
            f"{question}/cards/{card.pk}/move/",
            dict.fromkeys(ROLES, 405) | staff_unverified,
        ),
    }
