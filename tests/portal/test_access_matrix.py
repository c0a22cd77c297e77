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
