"""Hostile query strings on every page a person can open: a clean answer, and nothing written.

EVERY NEW PAGE MUST BE ADDED TO `PAGES` BELOW, with the query parameters its view reads.
`test_every_page_that_answers_get_is_fuzzed` walks the URL resolver and fails for a
GET-answering pattern missing from the table, as the form fuzz does for POST.

For each page Hypothesis builds query strings whose parameters (those the portal reads:
`next`, `q`, the register's filters, Wagtail's `q`, `p` and `ordering`...) start as good values
and are then spoiled with NUL, C0 and C1 control characters, text-direction controls, 10 KB
strings, markup, SQL-ish and format-string text, lists of values, extra parameters, and now
and then a query string of raw bytes that is not UTF-8 at all. Each is requested with the
Django test client, signed in as the role that may open the page. After every request:

- the answer is below 500 (a redirect, a page, a 400, 403, 404 or 429 are all fine);
- nothing changed in the domain tables (a page that is only read writes nothing but its
  audit rows, and the audit chain still verifies).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.core.cache import cache
from django.urls import get_resolver
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from portal.audit.services import audit_verify_chain
from portal.pupils.models import AreaOfNeed, SenStatus
from portal.schools.models import ClosureKind, SchoolClosure, TermDate
from portal.schools.selectors import school_years_shown
from tests.conftest import sign_in
from tests.content.conftest import site  # noqa: F401 - the public pages, for rows that need them
from tests.test_fuzz_forms import (
    EXTRA_KEYS,
    HOSTILE_TEXT,
    _allowed_methods,
    _is_vendor,
    _snapshot,
    _walk,
)

QUERY_SETTINGS = settings(
    max_examples=5,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NEXTS = st.sampled_from(
    ["", "/portal/", "/portal/notifications/", "https://evil.example.com/", "//evil/", "-1"]
)
SEARCHES = st.sampled_from(["support", "SEN information", "Zoë", "ہم", '"support"', "a*"])
PAGE_NUMBERS = st.sampled_from(["1", "2", "0", "-1", "last", "999999"])
# What a search engine's query syntax, a database or a redirect might trip on.
SYNTAX_VALUES = [
    "\x00",
    '"',
    '"unbalanced',
    ">",
    "a AND OR",
    "*",
    "\\",
    "'",
    "-1",
    "%",
    "\u202esupport",
    "\x85\x9f\x1b",
    "<b>x</b>",
    "x" * 10_240,
]
HOSTILE_PARAMETER = st.one_of(st.sampled_from(SYNTAX_VALUES), HOSTILE_TEXT)


@dataclass
class Example:
    world: object
    site: object | None
    client: object


@dataclass(frozen=True)
class Page:
    url: Callable[[Example], str]
    role: str | None  # a `world` attribute, or None for nobody signed in
    # The parameters the view reads, each with good values (hostile ones are drawn for all).
    params: dict[str, st.SearchStrategy] = field(default_factory=dict)
    unverified: bool = False  # signed in without passing the second factor
    needs_site: bool = False  # the public pages and each school's section


def _school_a(path: str) -> Callable[[Example], str]:
    return lambda ex: f"/portal/schools/{ex.world.school_a.pk}/{path}"


def _pupil_a1(path: str) -> Callable[[Example], str]:
    return lambda ex: f"/portal/pupils/{ex.world.pupil_a1.pk}/{path}"


def _term(ex: Example) -> str:
    year = school_years_shown()[-1]
    term, _ = TermDate.objects.get_or_create(
        school=ex.world.school_a,
        starts_on=datetime.date(year, 9, 1),
        defaults={"name": "Autumn 1", "ends_on": datetime.date(year, 10, 20)},
    )
    return f"/portal/schools/{ex.world.school_a.pk}/calendar/terms/{term.pk}/remove/"


def _closure(ex: Example) -> str:
    closure, _ = SchoolClosure.objects.get_or_create(
        school=ex.world.school_a,
        date=datetime.date(school_years_shown()[-1], 9, 2),
        defaults={"kind": ClosureKind.INSET},
    )
    return f"/portal/schools/{ex.world.school_a.pk}/calendar/closures/{closure.pk}/remove/"


def _invitation(ex: Example) -> str:
    return f"/portal/invitations/{ex.world.invitation_a1.pk}/withdraw/"


def _link(ex: Example) -> str:
    return f"/portal/links/{ex.world.link_a1.pk}/remove/"


def _accept(ex: Example) -> str:
    return "/portal/invitations/accept/not-a-real-token/"


def _password_form(ex: Example) -> str:
    from tests.test_fuzz_forms import _page_password

    return _page_password(ex)


def _document_password_form(ex: Example) -> str:
    from tests.test_fuzz_forms import _document_password

    return _document_password(ex)


REGISTER_FILTERS = {
    "status": st.sampled_from(["", *SenStatus.values]),
    "area": st.sampled_from(["", *AreaOfNeed.values]),
    "page": PAGE_NUMBERS,
}
CMS_LISTING = {"q": SEARCHES, "p": PAGE_NUMBERS, "ordering": st.sampled_from(["title", "-x"])}


def _a_concern(ex: Example):
    """A concern parent_1 raised about pupil_a1, with a photo; made once per test."""
    from messaging.concerns.models import Concern
    from messaging.concerns.services import concern_raise
    from portal.audit.actors import AuditContext
    from portal.lib.uploads import clean_upload
    from tests.portal.test_files import png_bytes

    return Concern.objects.filter(raised_by=ex.world.parent_1).first() or concern_raise(
        actor=ex.world.parent_1,
        context=AuditContext(),
        pupil=ex.world.pupil_a1,
        category="support",
        what_happened="The reading sessions stopped.",
        would_like="Restart them.",
        attachments=[clean_upload(data=png_bytes(), filename="timetable.png")],
    )


def _safeguarding_flag(path: str) -> Callable[[Example], str]:
    """A flag on pupil A1's answer, made once per test, for the DSL's pages."""

    def url(ex: Example) -> str:
        from tests.voice.safeguarding_support import answer, response_for
        from voice.models import SafeguardingFlag

        flag = SafeguardingFlag.objects.filter(school=ex.world.school_a).first()
        if flag is None:
            flag = answer(response_for(ex.world.pupil_a1), "he hit me")[1]
        return f"/portal/safeguarding/{flag.pk}/{path}"

    return url


def _concern(path: str) -> Callable[[Example], str]:
    return lambda ex: f"/portal/concerns/{_a_concern(ex).pk}/{path}"


def _answer_audio(ex: Example) -> str:
    from tests.voice.recordings import pupil_answer, with_recording

    answer = with_recording(pupil_answer(ex.world.pupil_a1))
    return f"/portal/pupil-views/answers/{answer.pk}/audio/"


def _concern_attachment(ex: Example) -> str:
    concern = _a_concern(ex)
    attachment = concern.events.get(kind="raised").attachments.get()
    return f"/portal/concerns/{concern.pk}/attachments/{attachment.pk}/"


def _concern_draft(path: str) -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        ex.client.get(f"/portal/pupils/{ex.world.pupil_a1.pk}/concerns/new/")
        return f"/portal/concerns/new/{path}"

    return url


CONCERN_PAGES: dict[str, Page] = {
    "messaging:concern_start": Page(lambda ex: "/portal/concerns/new/", "parent_1"),
    "messaging:concern_start_for_pupil": Page(_pupil_a1("concerns/new/"), "parent_1"),
    "messaging:concern_category": Page(_concern_draft("about/"), "parent_1"),
    "messaging:concern_what_happened": Page(_concern_draft("what-happened/"), "parent_1"),
    "messaging:concern_would_like": Page(_concern_draft("what-you-would-like/"), "parent_1"),
    "messaging:concern_check": Page(_concern_draft("check/"), "parent_1"),
    "messaging:concern_sent": Page(_concern("sent/"), "parent_1"),
    "messaging:concern_detail": Page(_concern(""), "senco_a"),
    "messaging:concern_attachment": Page(_concern_attachment, "parent_1"),
    **{
        f"messaging:concern_{action}": Page(_concern(f"{action.replace('_', '-')}/"), "senco_a")
        for action in ("acknowledge", "assign", "in_progress", "reply", "answer", "revise", "close")
    },
    "voice:safeguarding_queue": Page(_school_a("safeguarding/"), "dsl_a"),
    "voice:safeguarding_words": Page(_school_a("safeguarding/words/"), "senco_a"),
    "voice:flag_detail": Page(_safeguarding_flag(""), "dsl_a"),
    "voice:flag_acknowledge": Page(_safeguarding_flag("acknowledge/"), "dsl_a"),
    "voice:flag_note": Page(_safeguarding_flag("note/"), "dsl_a"),
    "voice:flag_resolve": Page(_safeguarding_flag("resolve/"), "dsl_a"),
    "messaging:concern_parent_reply": Page(_concern("parent-reply/"), "parent_1"),
    "messaging:concern_not_resolved": Page(_concern("not-resolved/"), "parent_1"),
    "messaging:school_concern_list": Page(
        _school_a("concerns/"),
        "senco_a",
        {"status": st.sampled_from(["", "received", "closed"]), "page": PAGE_NUMBERS},
    ),
    "messaging:school_concern_report": Page(_school_a("concerns/report/"), "head_a"),
    "messaging:concern_settings": Page(_school_a("concerns/settings/"), "head_a"),
    "messaging:trust_concern_counts": Page(
        lambda ex: f"/portal/trusts/{ex.world.trust.pk}/concerns/", "trust_lead"
    ),
}


def _conversation(ex: Example, *, with_attachment: bool = False):
    """A conversation parent 1 started (so read by them: opening it writes nothing)."""
    from messaging.conversations.services import conversation_start
    from portal.audit.actors import AuditContext

    files = []
    if with_attachment:
        import io

        from PIL import Image

        from portal.lib.uploads import clean_upload

        out = io.BytesIO()
        Image.new("RGB", (8, 8), (20, 120, 60)).save(out, "PNG")
        files = [clean_upload(data=out.getvalue(), filename="chart.png")]
    conversation, sent = conversation_start(
        actor=ex.world.parent_1,
        context=AuditContext(),
        pupil=ex.world.pupil_a1,
        parent=ex.world.parent_1,
        staff=[ex.world.senco_a],
        subject="Reading at home",
        body="Could we talk?",
        attachments=files,
    )
    return conversation, sent.message


def _conversation_page(ex: Example) -> str:
    conversation, _message = _conversation(ex)
    return f"/portal/conversations/{conversation.pk}/"


def _conversation_attachment(ex: Example) -> str:
    conversation, message = _conversation(ex, with_attachment=True)
    attachment = message.attachments.get()
    return f"/portal/conversations/{conversation.pk}/attachments/{attachment.pk}/"


def _an_intervention(path: str) -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        from portal.support.plans.models import Intervention

        made, _ = Intervention.objects.get_or_create(
            school=ex.world.school_a,
            name="Lego therapy",
            defaults={"group_size": 3, "staff_minutes_per_week": 90},
        )
        return f"/portal/interventions/{made.pk}/{path}"

    return url


CHECKLIST_PAGES: dict[str, Page] = {
    "support:provision_map": Page(_school_a("provision-map/"), "senco_a"),
    "support:intervention_create": Page(_school_a("provision-map/new/"), "senco_a"),
    "support:intervention_detail": Page(_an_intervention(""), "head_a", {"page": PAGE_NUMBERS}),
    "support:intervention_edit": Page(_an_intervention("edit/"), "senco_a"),
    "support:intervention_archive": Page(_an_intervention("archive/"), "senco_a"),
    "support:pupil_checklist": Page(_pupil_a1("checklist/"), "senco_a"),
    "support:school_checklist": Page(
        _school_a("checklist/"),
        "senco_a",
        {
            "check": st.sampled_from(["", "notified", "consent", "three_meetings", "x"]),
            "state": st.sampled_from(["", "met", "not_met", "not_applicable", "x"]),
            "page": PAGE_NUMBERS,
        },
    ),
    "support:governors_report": Page(_school_a("checklist/governors/"), "head_a"),
    "support:trust_checklist": Page(
        lambda ex: f"/portal/trusts/{ex.world.trust.pk}/checklist/", "trust_lead"
    ),
}


def _a_consent(ex: Example):
    """A consent request about pupil_a1 waiting for parent_1's answer; made once per test."""
    from portal.audit.actors import AuditContext
    from portal.support.consent.models import ConsentRequest
    from portal.support.consent.services import consent_request_create, local_today

    return ConsentRequest.objects.filter(pupil=ex.world.pupil_a1).first() or (
        consent_request_create(
            actor=ex.world.senco_a,
            context=AuditContext(),
            pupil=ex.world.pupil_a1,
            service="salt",
            purpose="A speech assessment.",
            information_shared="The support plan.",
            answer_needed_by=local_today() + datetime.timedelta(days=10),
        )
    )


def _consent(path: str, *, answer: str = "") -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        request = _a_consent(ex)
        if answer:
            ex.client.post(f"/portal/consent/{request.pk}/answer/", {"answer": answer})
        return f"/portal/consent/{request.pk}/{path}"

    return url


def _a_notice(ex: Example) -> str:
    from portal.audit.actors import AuditContext
    from portal.support.notices.models import FormalNotice
    from portal.support.notices.services import formal_notice_send

    notice = FormalNotice.objects.filter(pupil=ex.world.pupil_a1).first() or formal_notice_send(
        actor=ex.world.senco_a, context=AuditContext(), pupil=ex.world.pupil_a1
    )
    return f"/portal/notices/{notice.pk}/"


# Consent and formal notices. A parent's first reading of a notice is recorded (a write), so
# the notice page is read here by the SENCO.
SUPPORT_CONSENT_NOTICE_PAGES = {
    "support:pupil_consent_list": Page(_pupil_a1("consent/"), "senco_a"),
    "support:consent_request_create": Page(_pupil_a1("consent/new/"), "senco_a"),
    "support:school_consent_list": Page(_school_a("consent/"), "senco_a"),
    "support:consent_detail": Page(_consent(""), "parent_1"),
    "support:consent_answer": Page(_consent("answer/"), "parent_1"),
    "support:consent_answer_reason": Page(_consent("answer/reason/", answer="refuse"), "parent_1"),
    "support:consent_answer_check": Page(_consent("answer/check/", answer="give"), "parent_1"),
    "support:consent_answered": Page(_consent("answer/done/"), "parent_1"),
    "support:consent_withdraw": Page(_consent("withdraw/"), "parent_1"),
    "support:consent_cancel": Page(_consent("cancel/"), "senco_a"),
    "support:consent_pupil_view": Page(_consent("pupil-view/"), "senco_a"),
    "support:consent_referral": Page(_consent("referral/"), "senco_a"),
    "support:notice_detail": Page(_a_notice, "senco_a"),
    "support:pupil_notice_list": Page(_pupil_a1("notices/"), "senco_a"),
    "support:notice_send": Page(_pupil_a1("notices/send/"), "senco_a"),
}


def _meeting_page(path: str) -> Callable[[Example], str]:
    """The shared meeting about pupil_a1 the URL and role table uses (made once per test)."""

    def url(ex: Example) -> str:
        from tests.portal.test_access_matrix import _meeting_rows

        meeting = _meeting_rows(ex.world)
        views = list(meeting.parent_views_asked.order_by("pk"))
        return path.format(
            m=f"/portal/meetings/{meeting.pk}",
            attendee=meeting.attendees.get().pk,
            step=meeting.next_steps.get().pk,
            response=meeting.responses.get().pk,
            answered=views[0].pk,
            waiting=views[1].pk,
            file=views[0].attachments.get().pk,
        )

    return url


MEETING_PAGES: dict[str, Page] = {
    "support:school_meetings": Page(
        _school_a("meetings/"),
        "senco_a",
        {"status": st.sampled_from(["", "draft", "shared", "new_date"]), "page": PAGE_NUMBERS},
    ),
    "support:meeting_propose": Page(_pupil_a1("meetings/new/"), "senco_a"),
    "support:meeting_detail": Page(_meeting_page("{m}/"), "parent_1"),
    "support:meeting_record": Page(_meeting_page("{m}/record/"), "parent_1"),
    "support:meeting_date_reply": Page(_meeting_page("{m}/date/"), "parent_1"),
    "support:meeting_reschedule": Page(_meeting_page("{m}/new-date/"), "senco_a"),
    "support:meeting_cancel": Page(_meeting_page("{m}/cancel/"), "senco_a"),
    "support:meeting_record_edit": Page(_meeting_page("{m}/record/edit/"), "senco_a"),
    "support:meeting_attendee_add": Page(_meeting_page("{m}/attendees/new/"), "senco_a"),
    "support:meeting_attendee_remove": Page(
        _meeting_page("{m}/attendees/{attendee}/remove/"), "senco_a"
    ),
    "support:meeting_step_add": Page(_meeting_page("{m}/steps/new/"), "senco_a"),
    "support:meeting_step_remove": Page(_meeting_page("{m}/steps/{step}/remove/"), "senco_a"),
    "support:meeting_share": Page(_meeting_page("{m}/share/"), "senco_a"),
    "support:meeting_addendum_add": Page(_meeting_page("{m}/addenda/new/"), "senco_a"),
    "support:meeting_acknowledge": Page(_meeting_page("{m}/acknowledge/"), "parent_1"),
    "support:meeting_respond": Page(_meeting_page("{m}/respond/"), "parent_1"),
    "support:meeting_response_answer": Page(
        _meeting_page("/portal/meeting-responses/{response}/answer/"), "senco_a"
    ),
    "support:next_step_mark": Page(_meeting_page("/portal/next-steps/{step}/"), "parent_1"),
    "support:parent_views_request": Page(_meeting_page("{m}/parent-views/new/"), "senco_a"),
    "support:parent_views_answer": Page(
        _meeting_page("/portal/parent-views/{waiting}/"), "parent_1"
    ),
    "support:parent_views_check": Page(
        _meeting_page("/portal/parent-views/{answered}/check/"), "parent_1"
    ),
    "support:parent_views_attachment": Page(
        _meeting_page("/portal/parent-views/{answered}/attachments/{file}/"), "senco_a"
    ),
}


def _plan_cycle(ex: Example, *, share: bool = True):
    """A new pupil of school A, linked to parent 1, with a cycle 1 (shared unless not)."""
    from tests.factories import PupilFactory, link_parent, make_plan

    pupil = PupilFactory(school=ex.world.school_a)
    link_parent(ex.world.parent_1, pupil)
    return make_plan(pupil, ex.world.senco_a, share=share)


def _plan_of(role_path: str) -> Callable[[Example], str]:
    return lambda ex: f"/portal/pupils/{_plan_cycle(ex).pupil_id}/{role_path}"


def _plan_cycle_page(path: str) -> Callable[[Example], str]:
    return lambda ex: f"/portal/plans/{_plan_cycle(ex).pk}/{path}"


def _plan_row_page(kind: str, suffix: str = "") -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        cycle = _plan_cycle(ex)
        row = cycle.outcomes.get() if kind == "outcomes" else cycle.support_items.get()
        return f"/portal/plans/{kind}/{row.pk}/{suffix}"

    return url


def _plan_start_page(ex: Example) -> str:
    from tests.factories import PupilFactory

    return f"/portal/pupils/{PupilFactory(school=ex.world.school_a).pk}/plan/start/"


def _voice_request(suffix: str) -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        from tests.voice.asking_helpers import ask

        return f"/portal/views-requests/{ask(ex.world.senco_a, ex.world.pupil_a1).pk}/{suffix}"

    return url


# Pupil voice, asking: the code page reads `code` (from the card's QR) and only fills the box.
VOICE_ASKING_PAGES: dict[str, Page] = {
    "voice:enter": Page(
        lambda ex: "/voice/", None, {"code": st.sampled_from(["ACEF3479", "acef-3479", ""])}
    ),
    "voice:leave": Page(lambda ex: "/voice/stop/", None),
    "voice:pupil_views": Page(_pupil_a1("views/"), "head_a"),
    "voice:request_new": Page(_pupil_a1("views/new/"), "teacher_a"),
    "voice:request_card": Page(_voice_request("card/"), "senco_a"),
    "voice:request_supervise": Page(_voice_request("supervise/"), "senco_a"),
    "voice:request_cancel": Page(_voice_request("cancel/"), "senco_a"),
}


def _set_page(suffix: str = "") -> Callable[[Example], str]:
    """A page of school A's draft copy of "All about me" (made once per test)."""

    def url(ex: Example) -> str:
        from portal.audit.actors import AuditContext
        from voice.models import QuestionSet, SetScope
        from voice.sets import services as set_services

        copy = QuestionSet.objects.filter(scope=SetScope.SCHOOL, school=ex.world.school_a).first()
        if copy is None:
            copy = set_services.question_set_copy(
                actor=ex.world.senco_a,
                context=AuditContext(),
                source=QuestionSet.objects.get(scope=SetScope.BUILT_IN, key="all_about_me"),
                school=ex.world.school_a,
            )
        sort = copy.questions.get(kind="sort")
        card = sort.options.first()
        return f"/portal/question-sets/{copy.pk}/" + suffix.format(sort=sort.pk, card=card.pk)

    return url


# Question sets (voice): the lists, a set's page and its editor's pages.
SET_PAGES: dict[str, Page] = {
    "voice:set_list": Page(_school_a("question-sets/"), "teacher_a"),
    "voice:trust_set_list": Page(
        lambda ex: f"/portal/trusts/{ex.world.trust.pk}/question-sets/", "trust_lead"
    ),
    "voice:set_detail": Page(_set_page(), "senco_a"),
    "voice:set_copy": Page(_set_page("copy/"), "senco_a"),
    "voice:set_edit": Page(_set_page("edit/"), "senco_a"),
    "voice:set_ready": Page(_set_page("ready/"), "senco_a"),
    "voice:set_archive": Page(_set_page("archive/"), "senco_a"),
    "voice:question_add": Page(_set_page("questions/add/"), "senco_a"),
    "voice:question_edit": Page(_set_page("questions/{sort}/"), "senco_a"),
    "voice:question_delete": Page(_set_page("questions/{sort}/delete/"), "senco_a"),
    "voice:card_add": Page(_set_page("questions/{sort}/cards/add/"), "senco_a"),
    "voice:card_edit": Page(_set_page("questions/{sort}/cards/{card}/"), "senco_a"),
    "voice:card_delete": Page(_set_page("questions/{sort}/cards/{card}/delete/"), "senco_a"),
}


PAGES: dict[str, Page] = {
    **CONCERN_PAGES,
    **VOICE_ASKING_PAGES,
    **SET_PAGES,
    **SUPPORT_CONSENT_NOTICE_PAGES,
    "healthz": Page(lambda ex: "/healthz", None),
    "account_login": Page(lambda ex: "/accounts/login/", None, {"next": NEXTS}),
    "portal:dashboard": Page(lambda ex: "/portal/", "senco_a", REGISTER_FILTERS),
    "portal:school_overview": Page(_school_a(""), "senco_a", REGISTER_FILTERS),
    "portal:pupil_create": Page(_school_a("pupils/new/"), "senco_a"),
    "portal:register_import_upload": Page(_school_a("pupils/import/"), "senco_a"),
    "portal:register_import_template": Page(_school_a("pupils/import/template.csv"), "senco_a"),
    "portal:register_import_preview": Page(_school_a("pupils/import/check/"), "senco_a"),
    "portal:pupil_detail": Page(_pupil_a1(""), "parent_1"),
    "portal:pupil_edit": Page(_pupil_a1("edit/"), "senco_a"),
    "portal:pupil_teachers": Page(_pupil_a1("staff/"), "senco_a"),
    "portal:invitation_create": Page(_pupil_a1("invite/"), "senco_a"),
    "portal:invitation_revoke": Page(_invitation, "senco_a"),
    "portal:invitation_accept": Page(_accept, None),
    "portal:link_revoke": Page(_link, "senco_a"),
    "portal:school_calendar": Page(_school_a("calendar/"), "senco_a"),
    "portal:calendar_term_create": Page(_school_a("calendar/terms/new/"), "admin_a"),
    "portal:calendar_term_remove": Page(_term, "admin_a"),
    "portal:calendar_closure_create": Page(_school_a("calendar/closures/new/"), "senco_a"),
    "portal:calendar_closure_remove": Page(_closure, "senco_a"),
    "portal:trust_calendar": Page(
        lambda ex: f"/portal/trusts/{ex.world.trust.pk}/calendar/", "trust_lead"
    ),
    "portal:trust_term_dates": Page(
        lambda ex: f"/portal/trusts/{ex.world.trust.pk}/calendar/term-dates/", "trust_lead"
    ),
    "portal:notification_list": Page(lambda ex: "/portal/notifications/", "parent_1"),
    "portal:notification_unread": Page(lambda ex: "/portal/notifications/unread/", "parent_1"),
    "portal:notification_preferences": Page(
        lambda ex: "/portal/notifications/settings/", "parent_1"
    ),
    "portal:otp_setup": Page(lambda ex: "/portal/2fa/setup/", "parent_1", {"next": NEXTS}),
    "messaging:conversation_list": Page(
        lambda ex: "/portal/conversations/", "parent_1", {"page": PAGE_NUMBERS}
    ),
    "messaging:conversation_detail": Page(_conversation_page, "parent_1"),
    "messaging:conversation_attachment": Page(_conversation_attachment, "parent_1"),
    "messaging:conversation_start": Page(_pupil_a1("conversations/new/"), "parent_1"),
    "messaging:quiet_hours": Page(_school_a("quiet-hours/"), "senco_a"),
    "portal:otp_verify": Page(
        lambda ex: "/portal/2fa/verify/", "senco_a", {"next": NEXTS}, unverified=True
    ),
    # Once verified, the page only forwards to `next`: a redirect anywhere but off-site.
    "2fa verify, already verified": Page(
        lambda ex: "/portal/2fa/verify/", "senco_a", {"next": NEXTS}
    ),
    "portal:otp_backup_codes": Page(
        lambda ex: "/portal/2fa/backup-codes/", "senco_a", {"next": NEXTS}
    ),
    "wagtail_login_redirect": Page(lambda ex: "/_util/login/", None, {"next": NEXTS}),
    "wagtailcore_login": Page(lambda ex: "/_util/login/", None, {"next": NEXTS}),
    "wagtailcore_authenticate_with_password": Page(_password_form, None, {"return_url": NEXTS}),
    "wagtaildocs_authenticate_with_password": Page(
        _document_password_form, None, {"return_url": NEXTS}
    ),
    "wagtail_serve": Page(lambda ex: "/", None, needs_site=True),
    # Pages Wagtail serves, by the parameters they read.
    "school search": Page(
        lambda ex: f"{ex.site.page_a.url}search/", None, {"q": SEARCHES}, needs_site=True
    ),
    "school section": Page(lambda ex: ex.site.page_a.url, None, needs_site=True),
    "SEN information report": Page(lambda ex: ex.site.report_a.url, None, needs_site=True),
    # The CMS a SENCO uses, by the parameters the portal relies on (search, paging).
    "cms search": Page(lambda ex: "/cms/pages/search/", "senco_a", CMS_LISTING, needs_site=True),
    "cms explorer": Page(
        lambda ex: f"/cms/pages/{ex.site.page_a.pk}/", "senco_a", CMS_LISTING, needs_site=True
    ),
    "cms page chooser": Page(
        lambda ex: "/cms/choose-page/", "senco_a", {"p": PAGE_NUMBERS}, needs_site=True
    ),
    "cms page chooser search": Page(
        lambda ex: "/cms/choose-page/search/",
        "senco_a",
        {"q": SEARCHES, "p": PAGE_NUMBERS, "page_type": st.sampled_from(["", "wagtailcore.page"])},
        needs_site=True,
    ),
    "cms documents": Page(lambda ex: "/cms/documents/", "senco_a", CMS_LISTING, needs_site=True),
    "cms document chooser": Page(
        lambda ex: "/cms/documents/chooser/results/", "senco_a", CMS_LISTING, needs_site=True
    ),
    "django admin sign-in": Page(lambda ex: "/django-admin/login/", "superuser", {"next": NEXTS}),
    **CHECKLIST_PAGES,
    # Pupil passports and the evidence pack.
    "support:passport_detail": Page(_pupil_a1("passport/"), "teacher_a"),
    "support:passport_print": Page(_pupil_a1("passport/print/"), "parent_1"),
    "support:passport_edit": Page(_pupil_a1("passport/edit/"), "senco_a"),
    "support:school_passport_template": Page(_school_a("passport-headings/"), "senco_a"),
    "support:trust_passport_template": Page(
        lambda ex: f"/portal/trusts/{ex.world.trust.pk}/passport-headings/", "trust_lead"
    ),
    "support:evidence_pack": Page(_pupil_a1("evidence-pack/"), "parent_1"),
    "support:evidence_pack_pdf": Page(
        lambda ex: f"/portal/pupils/{ex.world.pupil_a1.pk}/evidence-pack.pdf", "senco_a"
    ),
    **MEETING_PAGES,
    # Support plans: the parent's and the SENCO's plan page, the section pages, share and review.
    "support:plan": Page(_plan_of("plan/"), "parent_1"),
    "support plan, staff": Page(_plan_of("plan/"), "senco_a"),
    "support:plan_start": Page(_plan_start_page, "senco_a"),
    **{
        f"support:plan_{name}": Page(_plan_cycle_page(path), "senco_a")
        for name, path in [
            ("assessment", "assessment/"),
            ("impact", "impact/"),
            ("visibility", "who-sees/"),
            ("outcome_add", "outcomes/new/"),
            ("support_add", "support/new/"),
            ("share", "share/"),
            ("review", "review/"),
        ]
    },
    "support:plan_outcome_edit": Page(_plan_row_page("outcomes"), "senco_a"),
    "support:plan_outcome_remove": Page(_plan_row_page("outcomes", "remove/"), "senco_a"),
    "support:plan_support_edit": Page(_plan_row_page("support"), "senco_a"),
    "support:plan_support_remove": Page(_plan_row_page("support", "remove/"), "senco_a"),
    "voice:answer_audio": Page(_answer_audio, "senco_a"),
}


def _voice_page(path: str) -> Callable[[Example], str]:
    """A pupil's page, for a client holding the pupil's visit; the start page opened once
    before, as the pupil would, so that the request's response already exists."""

    def url(ex: Example) -> str:
        import uuid

        from tests.voice.conftest import give_visit, make_question_set, make_views_request

        views_request = make_views_request(
            ex.world.pupil_a1,
            make_question_set(),
            created_by=ex.world.senco_a,
            code=uuid.uuid4().hex[:8].upper(),
        )
        give_visit(ex.client, views_request)
        assert ex.client.get("/voice/start/").status_code == 200
        return path

    return url


PAGES |= {
    "voice:start": Page(_voice_page("/voice/start/"), None),
    "voice:question": Page(_voice_page("/voice/question/1/"), None),
    "voice:done": Page(_voice_page("/voice/done/"), None),
    "voice:targets": Page(_voice_page("/voice/my-targets/"), None),
    "voice:symbols": Page(lambda ex: "/voice/symbols/", None),
}


def _voice_response(path: str) -> Callable[[Example], str]:
    """A finished response of pupil_a1, reviewed, with an answer just for the teacher."""

    def url(ex: Example) -> str:
        from tests.voice.factories import make_response

        response = make_response(
            pupil=ex.world.pupil_a1, reviewed_by=ex.world.senco_a, just_for_teacher_text="Mine."
        )
        return f"/portal/pupil-views/{response.pk}/{path}"

    return url


PAGES.update(
    {
        "voice:response_detail": Page(_voice_response(""), "senco_a"),
        "voice:response_review": Page(_voice_response("review/"), "senco_a"),
        "voice:school_responses": Page(_school_a("pupil-views/"), "head_a"),
        "voice:communication_edit": Page(_pupil_a1("communication/"), "senco_a"),
        "voice:parent_views": Page(_pupil_a1("pupil-views/"), "parent_1"),
    }
)


# Routes answered by a row above under another name: Wagtail serves each school's section,
# its search and its report from one route.
NOT_ROUTES = {
    "2fa verify, already verified",
    "school search",
    "school section",
    "SEN information report",
    "cms search",
    "cms explorer",
    "cms page chooser",
    "cms page chooser search",
    "cms documents",
    "cms document chooser",
    "django admin sign-in",
    "support plan, staff",
}


@st.composite
def hostile_query(draw, params: dict[str, st.SearchStrategy]) -> list[tuple[str, str]]:
    """Good values for the parameters a page reads, some spoiled, and hostile extras."""
    pairs = []
    for name, strategy in params.items():
        how = draw(st.sampled_from(["good", "hostile", "hostile", "twice", "drop"]))
        if how == "good":
            pairs.append((name, draw(strategy)))
        elif how == "hostile":
            pairs.append((name, draw(HOSTILE_PARAMETER)))
        elif how == "twice":
            pairs += [(name, draw(strategy)), (name, draw(HOSTILE_PARAMETER))]
    extras = st.one_of(EXTRA_KEYS, st.sampled_from(["q", "p", "page", "next", "ordering"]))
    pairs += draw(st.lists(st.tuples(extras, HOSTILE_TEXT), max_size=2))
    return draw(st.permutations(pairs))


def _client_for(page: Page, ex: Example):
    ex.client.logout()
    if page.role is not None:
        sign_in(ex.client, getattr(ex.world, page.role), verified=not page.unverified)


@pytest.mark.parametrize("name", sorted(PAGES))
@QUERY_SETTINGS
@given(data=st.data())
def test_hostile_query_strings_get_a_clean_answer_and_change_nothing(
    name, world, client, request, data
):
    page = PAGES[name]
    cache.clear()
    public_pages = request.getfixturevalue("site") if page.needs_site else None
    ex = Example(world=world, site=public_pages, client=client)
    _client_for(page, ex)
    url = page.url(ex)
    if data.draw(st.integers(0, 9), label="raw?") == 0:
        raw = data.draw(st.binary(max_size=200), label="raw query")
        query = quote_from_bytes(raw, safe="=&")
    else:
        query = urlencode(data.draw(hostile_query(page.params), label="query"))
    before = _snapshot()

    response = client.get(f"{url}?{query}")

    event(f"answered {response.status_code}")
    problems = []
    if response.status_code >= 500:
        problems.append(f"answered {response.status_code}")
    after = _snapshot()
    changed = [label for label in before if before[label] != after[label]]
    if changed:
        problems.append(f"changed {changed}")
    if not audit_verify_chain().intact:
        problems.append("broke the audit chain")
    assert problems == [], f"GET {url}?{query:.400}: {problems}"


@pytest.mark.parametrize("name", sorted(name for name, page in PAGES.items() if page.params))
def test_every_parameter_a_page_reads_survives_every_piece_of_query_syntax(
    name, world, client, request
):
    """The random examples above are few; here each parameter meets each value once."""
    page = PAGES[name]
    public_pages = request.getfixturevalue("site") if page.needs_site else None
    ex = Example(world=world, site=public_pages, client=client)
    _client_for(page, ex)
    url = page.url(ex)
    failures = []
    for parameter in page.params:
        for value in SYNTAX_VALUES:
            cache.clear()  # the rate limits have their own tests
            status = client.get(url, {parameter: value}).status_code
            if status >= 500:
                failures.append(f"{parameter}={value[:40]!r} answered {status}")
    assert failures == [], f"GET {url}: {failures}"


def _answers_get(view) -> bool:
    methods = _allowed_methods(view)
    return methods is None or "GET" in methods


def test_every_page_that_answers_get_is_fuzzed():
    missing = sorted(
        {
            name or route
            for route, name, view in _walk(get_resolver().url_patterns)
            if _answers_get(view) and not _is_vendor(route, name) and name not in PAGES
        }
    )
    assert missing == [], f"Add these GET pages to PAGES in {__name__}: {missing}"


def test_the_table_names_only_pages_that_exist():
    routes = {name for _route, name, _view in _walk(get_resolver().url_patterns)}
    assert sorted(set(PAGES) - NOT_ROUTES - routes) == []
