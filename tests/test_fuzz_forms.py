"""Hostile input to every form a person can submit: a clear error, and nothing lost.

EVERY NEW FORM MUST BE ADDED TO `FORMS` BELOW. Any URL whose view accepts POST counts as a
form here, even one that ignores the body (a confirm button, the dashboard).
`test_every_url_that_accepts_post_is_fuzzed` walks the URL resolver and fails for a
POST-accepting pattern missing from the table, so adding a form is a one-line change: its route
name, who posts it, the URL and what its fields look like when filled in well.

For each form Hypothesis builds bodies that start as a good submission and then spoil some of
it: any unicode (right-to-left marks, NUL bytes, combining marks), very long strings, HTML and
script, SQL-ish text, numbers out of range, impossible dates such as 31 2 2020, missing fields,
extra fields, lists where one value is expected, and raw bytes that are not UTF-8 at all. They
are posted urlencoded, as multipart or as raw bytes, with the Django test client, signed in as
the role that may use the form. After every post:

- the answer is one of ANSWERS: never a 500 (nor a 405: the table lists POST forms only);
- a 200 answer to a form is the form again with the GOV.UK error summary on it;
- a form that was refused (anything but a redirect) changed nothing in the domain tables;
- a form that was accepted added at most its allowance of rows (one pupil per submit), and a
  new or edited pupil is whole: it passes its model's validation and has exactly the areas of
  need that were posted;
- every text column holds what PostgreSQL would accept (no NUL byte, no value longer than the
  column), which SQLite would otherwise let through unnoticed;
- no name (a pupil's, a person's, a school's) holds a hidden text-direction character;
- the audit chain still verifies.

Rate limits are cleared before each example (the limits have their own tests), so every example
reaches the form; 429 stays an accepted answer.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from portal.audit.services import audit_verify_chain
from portal.i18n import HOME_LANGUAGE_CODES
from portal.lib.school_days import school_year_bounds
from portal.lib.text import TEXT_DIRECTION_CONTROLS, has_text_direction_controls
from portal.notifications.models import Delivery
from portal.people.models import Relationship
from portal.pupils.models import AreaOfNeed, Pupil, PupilAreaOfNeed, SenStatus, YearGroup
from portal.pupils.register_import import COLUMNS, plan_register_import
from portal.pupils.register_import_views import SESSION_KEY
from portal.schools.models import ClosureKind, SchoolClosure, TermDate
from portal.schools.selectors import school_years_shown
from tests.conftest import sign_in
from tests.factories import PASSWORD, InvitationFactory, UserFactory, link_parent

# A form may answer a hostile post with any of these, and with nothing else.
ANSWERS = {200, 302, 400, 403, 404, 410, 429}
ERROR_SUMMARY = 'class="govuk-error-summary"'

FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_N", "20")),
    deadline=None,
    # CI replays the same examples every run, so a landing never hangs on luck; a developer's run
    # explores new ones each time.
    derandomize=bool(os.environ.get("CI")),
    database=None,  # nothing written into the checkout; a failure prints its reproduction
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# Hostile values -------------------------------------------------------------------------------

NASTY_STRINGS = [
    "",
    " ",
    "\x00",
    "Aisha\x00Khan",
    "\u202eesiA\u202c",  # right-to-left override
    "\u200f\u200e\u061c",  # right-to-left and left-to-right marks, Arabic letter mark
    "\u200b\ufeff",  # zero-width space, byte-order mark
    "Zoë",
    "Zoe\u0308\u0308\u0308\u0308",  # stacked combining marks
    "٣١",  # Arabic-Indic digits
    "A١٢٣٤٥٦٧٨٩٠١1",  # a UPN written in Arabic-Indic digits
    "a12345678901z",
    "３１",  # full-width digits
    "𝟑𝟏",  # mathematical digits
    "👩‍👩‍👧‍👦",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "'; DROP TABLE pupils_pupil; --",
    "' OR '1'='1",
    "%(name)s %s %d {0}",
    "../../../../etc/passwd",
    "\r\nSet-Cookie: x=1",
    "javascript:alert(1)",
    "//evil.example.com/",
    "https://evil.example.com/",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-Infinity",
    "99999999999999999999999999",
    "9" * 400,
    "1_000",
    "0x1F",
    "a" * 101,
    "x" * 5000,
    "x" * 10_240,
    "\u2066Aisha\u2069",  # a directional isolate
    "\u202bKhan",  # right-to-left embedding, never closed
    "Ali\x85ce\x9f",  # C1 controls
    "\x01\x07\x08\x1b[31m\x7f",  # C0 controls, an escape sequence, DEL
]

# Characters that are there but unseen: C0 and C1 controls, NUL, text-direction controls and
# marks, zero-width characters.
HIDDEN_CHARACTERS = st.one_of(
    st.characters(categories=["Cc"]),
    st.sampled_from(sorted(TEXT_DIRECTION_CONTROLS) + ["\u200e", "\u200f", "\u200b", "\ufeff"]),
)


def _repeated(text: str, times: int) -> str:
    return text * times


HOSTILE_TEXT = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.text(max_size=30),  # any code point but surrogates, NUL and controls included
    st.text(alphabet=st.one_of(HIDDEN_CHARACTERS, st.sampled_from("Aisha <>\"'&")), max_size=30),
    st.builds(_repeated, st.text(min_size=1, max_size=4), st.integers(30, 3000)),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats().map(repr),
)
HOSTILE_VALUE = st.one_of(HOSTILE_TEXT, st.lists(HOSTILE_TEXT, min_size=0, max_size=3))
EXTRA_KEYS = st.one_of(
    st.sampled_from(["next", "action", "id", "pk", "school", "school_id", "is_superuser", "csrf"]),
    st.text(min_size=1, max_size=20),
)


def _choice(values) -> st.SearchStrategy[str]:
    return st.sampled_from([str(value) for value in values])


def _day_month_year(prefix: str, years: tuple[int, int]) -> dict[str, st.SearchStrategy]:
    """The three boxes of a GOV.UK date input, each a plausible number: 31 2 2020 can happen."""
    return {
        f"{prefix}_0": st.integers(1, 31).map(str),
        f"{prefix}_1": st.integers(1, 12).map(str),
        f"{prefix}_2": st.integers(*years).map(str),
    }


NAMES = st.one_of(
    st.sampled_from(["Aisha", "Zoë", "O'Brien", "Nguyễn", "محمد", "Jean-Luc"]),
    st.text(alphabet=string.ascii_letters, min_size=1, max_size=100),
    # A name that would display as another: each must be refused.
    st.builds(
        lambda name, control, at: name[:at] + control + name[at:],
        st.sampled_from(["Aisha", "Khan", "محمد"]),
        st.sampled_from(sorted(TEXT_DIRECTION_CONTROLS)),
        st.integers(0, 5),
    ),
)
UPNS = st.one_of(
    st.just(""),
    st.builds(
        lambda letter, digits, last: f"{letter}{digits}{last}",
        st.sampled_from(string.ascii_uppercase),
        st.text(alphabet=string.digits, min_size=11, max_size=11),
        st.sampled_from(string.digits + string.ascii_uppercase),
    ),
    # Looks like a UPN, in digits of another script (Arabic-Indic, Devanagari, full-width).
    st.builds(
        lambda digits: f"A{digits}1",
        st.text(alphabet=st.characters(categories=["Nd"]), min_size=11, max_size=11),
    ),
)


def pupil_fields(_ctx) -> dict[str, st.SearchStrategy]:
    return {
        "legal_first_name": NAMES,
        "legal_last_name": NAMES,
        "preferred_name": st.one_of(st.just(""), NAMES),
        "date_of_birth": _a_date(
            "date_of_birth", st.dates(datetime.date(2004, 1, 1), datetime.date.today())
        ),
        "year_group": _choice(YearGroup.values),
        "upn": UPNS,
        "sen_status": _choice(SenStatus.values),
        "home_language": st.one_of(st.just(""), _choice(HOME_LANGUAGE_CODES)),
        "areas_of_need": st.lists(_choice(AreaOfNeed.values), unique=True, max_size=4),
    }


def _boxes(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _shown_dates() -> st.SearchStrategy[datetime.date]:
    """A day of the school years the calendar accepts."""
    years = school_years_shown()
    return st.dates(school_year_bounds(years[0])[0], school_year_bounds(years[-1])[1])


def _a_date(prefix: str, days: st.SearchStrategy[datetime.date]) -> st.SearchStrategy[dict]:
    """A GOV.UK date input's three boxes (a group: a dict merged into the body): a real day,
    or three plausible numbers, so that 31 2 2020 can happen."""
    years = school_years_shown()
    return st.one_of(
        days.map(lambda day: _boxes(prefix, day)),
        st.fixed_dictionaries(_day_month_year(prefix, (years[0] - 1, years[-1] + 1))),
    )


@st.composite
def _term_dates(draw) -> dict[str, str]:
    starts_on = draw(_shown_dates())
    ends_on = starts_on + datetime.timedelta(days=draw(st.integers(-3, 60)))
    return _boxes("starts_on", starts_on) | _boxes("ends_on", ends_on)


def term_fields(_ctx) -> dict[str, st.SearchStrategy]:
    return {
        "name": st.one_of(st.sampled_from(["Autumn 1", "Spring 2"]), NAMES),
        "dates": st.one_of(
            _term_dates(),
            st.tuples(_a_date("starts_on", _shown_dates()), _a_date("ends_on", _shown_dates())).map(
                lambda pair: pair[0] | pair[1]
            ),
        ),
    }


def closure_fields(_ctx) -> dict[str, st.SearchStrategy]:
    return {
        "date": _a_date("date", _shown_dates()),
        "kind": _choice(ClosureKind.values),
        "reason": st.one_of(st.just(""), NAMES),
    }


@st.composite
def _half_terms(draw) -> dict[str, str]:
    """A school year and up to six half-terms in order inside it; some left blank."""
    year = draw(st.sampled_from(school_years_shown()))
    first, last = school_year_bounds(year)
    days = sorted(draw(st.sets(st.dates(first, last), min_size=12, max_size=12)))
    boxes = {"school_year": str(year)}
    for index in range(1, 7):
        if draw(st.integers(0, 3)) == 0:
            continue
        boxes |= _boxes(f"term_{index}_starts_on", days[2 * index - 2])
        boxes |= _boxes(f"term_{index}_ends_on", days[2 * index - 1])
    return boxes


def trust_term_fields(_ctx) -> dict[str, st.SearchStrategy]:
    return {"terms": _half_terms()}


def otp_fields(ctx) -> dict[str, st.SearchStrategy]:
    return {
        "token": st.one_of(
            st.just(ctx.known.get("token", "000000")),
            st.text("0123456789 ", min_size=6, max_size=8),
        ),
        "next": st.sampled_from(["", "/portal/", "https://evil.example.com/", "//evil/"]),
    }


def no_fields(_ctx) -> dict[str, st.SearchStrategy]:
    return {}


# Register import: files and the confirm step --------------------------------------------------

CSV_CELLS = {
    "legal_first_name": NAMES,
    "legal_last_name": NAMES,
    "preferred_name": st.one_of(st.just(""), NAMES),
    "date_of_birth": st.builds(
        lambda d, m, y: f"{d}/{m}/{y}",
        st.integers(1, 31),
        st.integers(1, 13),
        st.integers(1890, 2030),
    ),
    "year_group": st.sampled_from(["Year 3", "Reception", "Nursery", "N1", "R", "7", "Year 14"]),
    "upn": UPNS,
    "sen_status": st.sampled_from(["SEN Support", "EHC plan", "K", "E", "Monitoring", "None"]),
    "areas_of_need": st.sampled_from(["Cognition and learning", "SEMH; Sensory", "", ";;", "x"]),
    "home_language": st.sampled_from(["", "English", "urdu", "pl", "Klingon"]),
}


@st.composite
def csv_text(draw) -> bytes:
    """A register CSV whose columns, header cells and rows may each be good or hostile."""
    columns = draw(st.permutations(COLUMNS))
    columns = columns[: draw(st.integers(len(columns) - 2, len(columns)))]
    header = [draw(HOSTILE_TEXT) if draw(st.integers(0, 9)) == 0 else c.header for c in columns]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 4))):
        row = [draw(st.one_of(CSV_CELLS[c.key], HOSTILE_TEXT)) for c in columns]
        writer.writerow(row + draw(st.lists(HOSTILE_TEXT, max_size=2)))
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


CSV_FILES = st.builds(
    lambda name, content, content_type: SimpleUploadedFile(name, content, content_type),
    st.one_of(
        st.sampled_from(["register.csv", "REGISTER.CSV", "register.xlsx", ".csv"]),
        HOSTILE_TEXT.map(lambda text: text[:200] + ".csv"),
    ),
    st.one_of(csv_text(), st.binary(max_size=2000), st.just(b"PK\x03\x04rest of a zip")),
    st.sampled_from(["text/csv", "application/octet-stream", "text/html", ""]),
)


def upload_fields(_ctx) -> dict[str, st.SearchStrategy]:
    return {"csv_file": CSV_FILES}


def preview_fields(ctx) -> dict[str, st.SearchStrategy]:
    return {
        "action": st.sampled_from(["import", "cancel", ""]),
        "digest": st.just(ctx.known["digest"]),
        "fingerprint": st.just(ctx.known["fingerprint"]),
    }


# The table of forms ---------------------------------------------------------------------------


@dataclass
class Example:
    """One example's world, signed-in client and the values only known once it is set up."""

    world: object
    client: object
    draw: Callable
    known: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Form:
    url: Callable[[Example], str]  # may set up rows (a fresh invitation to withdraw)
    role: str | None  # a `world` attribute, a callable of the example, or None for nobody
    fields: Callable[[Example], dict[str, st.SearchStrategy]] = no_fields
    # A 200 answer must be this form again with its errors. False where the POST is not a
    # form with fields at all (the dashboard, a public page).
    shows_errors: bool = True
    unverified: bool = False  # signed in without passing the second factor
    # On success: how many rows each table may gain (`default_growth` for those not named).
    grows: dict[str, int] = field(default_factory=dict)
    default_growth: int = 1
    multipart_only: bool = False


def _school_a(path: str) -> Callable[[Example], str]:
    return lambda ex: f"/portal/schools/{ex.world.school_a.pk}/{path}"


def _pupil_a1(path: str) -> Callable[[Example], str]:
    return lambda ex: f"/portal/pupils/{ex.world.pupil_a1.pk}/{path}"


def _fresh_invitation(ex: Example) -> str:
    invitation = InvitationFactory.create(pupil=ex.world.pupil_a1, invited_by=ex.world.senco_a)
    return f"/portal/invitations/{invitation.pk}/withdraw/"


def _fresh_link(ex: Example) -> str:
    link = link_parent(UserFactory(), ex.world.pupil_a2)
    return f"/portal/links/{link.pk}/remove/"


def _fresh_term(ex: Example) -> str:
    year = school_years_shown()[-1]
    term = TermDate.objects.create(
        school=ex.world.school_a,
        name="Autumn 1",
        starts_on=datetime.date(year, 9, 1),
        ends_on=datetime.date(year, 10, 20),
    )
    return f"/portal/schools/{ex.world.school_a.pk}/calendar/terms/{term.pk}/remove/"


def _fresh_closure(ex: Example) -> str:
    closure = SchoolClosure.objects.create(
        school=ex.world.school_a,
        date=datetime.date(school_years_shown()[-1], 9, 2),
        kind=ClosureKind.INSET,
    )
    return f"/portal/schools/{ex.world.school_a.pk}/calendar/closures/{closure.pk}/remove/"


def _invitation_to_accept(ex: Example) -> str:
    """A pending invitation for a new parent, who is signed in; sometimes a hostile token."""
    parent = UserFactory()
    invitation = InvitationFactory.create(
        pupil=ex.world.pupil_a2, email=parent.email, invited_by=ex.world.senco_a
    )
    sign_in(ex.client, parent)
    token = ex.draw(st.one_of(st.just(invitation.token), HOSTILE_TEXT.filter(bool)))
    return f"/portal/invitations/accept/{_path_segment(token)}/"


def _path_segment(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def _otp_setup(ex: Example) -> str:
    from portal.auth.services import otp_pending_device

    ex.known["token"] = _totp_now(otp_pending_device(user=ex.world.parent_1))
    return "/portal/2fa/setup/"


def _otp_verify(ex: Example) -> str:
    device, _ = TOTPDevice.objects.get_or_create(
        user=ex.world.senco_a, name="Authenticator app", defaults={"confirmed": True}
    )
    ex.known["token"] = _totp_now(device)
    return "/portal/2fa/verify/"


def _checked_upload(ex: Example) -> str:
    """A file uploaded and checked, waiting for the SENCO to confirm it."""
    school = ex.world.school_a
    upn = ex.draw(UPNS.filter(bool))
    content = (
        "Legal first name,Legal last name,Date of birth,Year group,UPN,SEN status,Areas of need\n"
        f"Mia,Jones,03/04/2016,Year 4,{upn},SEN Support,Cognition and learning\n"
    ).encode()
    response = ex.client.post(
        f"/portal/schools/{school.pk}/pupils/import/",
        {"csv_file": SimpleUploadedFile("register.csv", content, "text/csv")},
    )
    assert response.status_code == 302, response.context["form"].errors
    stored = ex.client.session[SESSION_KEY]
    ex.known["digest"] = stored["digest"]
    ex.known["fingerprint"] = plan_register_import(school=school, rows=stored["rows"]).fingerprint
    return f"/portal/schools/{school.pk}/pupils/import/check/"


def _page_password(ex: Example) -> str:
    """A page kept behind a shared password, as an editor can set one in Wagtail."""
    from wagtail.models import PageViewRestriction

    from tests.conftest import ensure_home_page

    home = ensure_home_page()
    restriction, _ = PageViewRestriction.objects.get_or_create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )
    return f"/_util/authenticate_with_password/{restriction.pk}/{home.pk}/"


def _document_password(ex: Example) -> str:
    """A private document collection kept behind a shared password."""
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.objects.filter(name="Governors' papers").first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name="Governors' papers")
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="open sesame",
    )
    return f"/documents/authenticate_with_password/{restriction.pk}/"


def _shared_password_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    return {
        "password": st.one_of(st.just("open sesame"), st.text(max_size=20)),
        "return_url": st.sampled_from(
            ["/", "https://evil.example.com/", "//evil/", "Zoë", "portal:dashboard"]
        ),
    }


# Concerns -------------------------------------------------------------------------------------


def _fresh_concern(ex: Example, *, answered: bool = False):
    from messaging.concerns.services import concern_answer, concern_raise
    from portal.audit.actors import AuditContext

    concern = concern_raise(
        actor=ex.world.parent_1,
        context=AuditContext(),
        pupil=ex.world.pupil_a1,
        category="support",
        what_happened="The reading sessions stopped.",
        would_like="Restart them.",
    )
    if answered:
        concern_answer(
            actor=ex.world.senco_a, context=AuditContext(), concern=concern, body="Restarted."
        )
    return concern


def _concern_step(action: str, *, answered: bool = False) -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        concern = _fresh_concern(ex, answered=answered)
        return f"/portal/concerns/{concern.pk}/{action}/"

    return url


def _concern_question(path: str, *answers: tuple[str, dict]) -> Callable[[Example], str]:
    """A draft started from the child's page (the parent is signed in), with the questions
    before this one answered."""

    def url(ex: Example) -> str:
        ex.client.get(f"/portal/pupils/{ex.world.pupil_a1.pk}/concerns/new/")
        for earlier, body in answers:
            ex.client.post(f"/portal/concerns/new/{earlier}/", body)
        return f"/portal/concerns/new/{path}"

    return url


def _fresh_flag(path: str) -> Callable[[Example], str]:
    """A new safeguarding flag on pupil A1's answer, for the DSL's steps."""

    def url(ex: Example) -> str:
        from tests.voice.safeguarding_support import answer, response_for

        flag = answer(response_for(ex.world.pupil_a1), "he hit me")[1]
        return f"/portal/safeguarding/{flag.pk}/{path}"

    return url


def _flag_resolve_fields(_ex) -> dict[str, st.SearchStrategy]:
    return {
        "parents_may_see": st.one_of(_choice(["yes", "no"]), HOSTILE_TEXT),
        "note": st.one_of(st.just("Spoke to the family."), HOSTILE_TEXT),
        # Without "yes" the page is the check-your-answers step, not an error: only the
        # confirming post acts, and it is the one that must refuse bad input with errors.
        "confirm": st.just("yes"),
    }


def _safeguarding_words_fields(_ex) -> dict[str, st.SearchStrategy]:
    return {
        "phrases": st.one_of(
            st.just("hit me\nscared to go home"),
            HOSTILE_TEXT,
            st.lists(HOSTILE_TEXT, max_size=5).map("\n".join),
        ),
        "reset": st.sampled_from(["", "yes"]),
    }


def _concern_text(name: str) -> Callable[[Example], dict[str, st.SearchStrategy]]:
    return lambda ex: {name: st.one_of(st.just("The sessions stopped."), HOSTILE_TEXT)}


def _concern_revise_fields(_ex) -> dict[str, st.SearchStrategy]:
    today = datetime.date.today()
    return {
        "deadline": _choice(["acknowledge", "answer"]),
        "new_date": _a_date("new_date", st.dates(today, today + datetime.timedelta(days=60))),
        "reason": st.one_of(st.just("The SENCO is away."), HOSTILE_TEXT),
    }


def _concern_policy_fields(_ex) -> dict[str, st.SearchStrategy]:
    days = st.one_of(st.integers(1, 40).map(str), HOSTILE_TEXT)
    return {
        "acknowledge_within_days": days,
        "answer_within_days": days,
        "complaints_procedure_url": st.sampled_from(
            ["", "https://school.example.org/complaints", "javascript:alert(1)", "not a url"]
        ),
        "stages": st.one_of(
            st.just("Stage 1: headteacher | Write to the head | office@example.org"),
            HOSTILE_TEXT,
        ),
    }


CONCERN_ANSWERS = (
    ("about", {"category": "support"}),
    ("what-happened", {"what_happened": "The sessions stopped."}),
    ("what-you-would-like", {"would_like": "Restart them."}),
)
# Raising a concern tells the school's SENCO and headteacher.
RAISED = {"notifications.Notification": 2}


def _conversation_start_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    world = ex.world
    return {
        "staff": st.lists(
            _choice([world.senco_a.pk, world.teacher_a.pk, world.dsl_a.pk, 0, -1]), max_size=3
        ),
        "subject": st.one_of(st.sampled_from(["Reading at home", "Sports day"]), NAMES),
        "body": st.one_of(st.sampled_from(["Could we talk?", "Zoë is well.\r\nThanks"]), NAMES),
        "reply_needed_by": st.one_of(
            st.just({}),
            _a_date(
                "reply_needed_by",
                st.dates(
                    datetime.date.today() - datetime.timedelta(days=3),
                    datetime.date.today() + datetime.timedelta(days=60),
                ),
            ),
        ),
    }


def _message_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    fields = _conversation_start_fields(ex)
    return {"body": fields["body"], "reply_needed_by": fields["reply_needed_by"]}


def _fresh_conversation(ex: Example) -> str:
    from messaging.conversations.services import conversation_start
    from portal.audit.actors import AuditContext

    conversation, _sent = conversation_start(
        actor=ex.world.parent_1,
        context=AuditContext(),
        pupil=ex.world.pupil_a1,
        parent=ex.world.parent_1,
        staff=[ex.world.senco_a, ex.world.teacher_a],
        subject="Reading at home",
        body="Could we talk?",
    )
    return f"/portal/conversations/{conversation.pk}/"


_CLOCK_TIMES = st.one_of(
    st.sampled_from(["18:00", "07:30", "7.30", "1830", "24:00", "12:60", "", "noon"]),
    st.times().map(lambda t: t.strftime("%H:%M")),
)


def quiet_hours_fields(_ctx) -> dict[str, st.SearchStrategy]:
    return {
        "enabled": st.sampled_from(["yes", "no"]),
        "starts_at": _CLOCK_TIMES,
        "ends_at": _CLOCK_TIMES,
        "weekends": st.sampled_from(["yes", "no"]),
    }


def _intervention_fields(_ex) -> dict[str, st.SearchStrategy]:
    numbers = st.one_of(st.integers(-5, 3000).map(str), HOSTILE_TEXT)
    return {
        "name": st.one_of(st.sampled_from(["Lego therapy", "Precision teaching"]), NAMES),
        "description": st.one_of(st.just("Building together."), HOSTILE_TEXT),
        "evidence_base": st.one_of(st.just("EEF trial, 2018."), HOSTILE_TEXT),
        "group_size": numbers,
        "staff_minutes_per_week": numbers,
        "cost_per_term": st.one_of(
            st.sampled_from(["", "150", "£1,250.50", "0.001", "-3", "1e9", "NaN"]), HOSTILE_TEXT
        ),
    }


def _fresh_intervention(action: str) -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        from portal.support.plans.models import Intervention

        made = Intervention.objects.create(
            school=ex.world.school_a,
            name=f"Reading group {Intervention.objects.count()}",
            group_size=4,
            staff_minutes_per_week=60,
        )
        return f"/portal/interventions/{made.pk}/{action}/"

    return url


def _passport_fields(_ctx) -> dict[str, st.SearchStrategy]:
    texts = st.one_of(st.just(""), st.text(max_size=200), st.just("x" * 1300))
    return {f"b{index}": texts for index in range(5)}


def _heading_fields(_ctx) -> dict[str, st.SearchStrategy]:
    titles = st.one_of(st.just("About me"), st.just(""), st.text(max_size=60))
    return {
        "headings-TOTAL_FORMS": st.sampled_from(["2", "0", "11", "-1", "x"]),
        "headings-INITIAL_FORMS": st.just("0"),
        "headings-0-title": titles,
        "headings-0-guidance": st.text(max_size=40),
        "headings-1-title": titles,
        "headings-1-pk": st.sampled_from(["", "1", "999999", "x"]),
    }


def _fresh_consent(ex: Example, *, given: bool = False):
    """A consent request about pupil_a1 waiting for parent_1's answer (or given already)."""
    from portal.audit.actors import AuditContext
    from portal.support.consent.services import (
        consent_give,
        consent_request_create,
        local_today,
    )

    request = consent_request_create(
        actor=ex.world.senco_a,
        context=AuditContext(),
        pupil=ex.world.pupil_a1,
        service="ep",
        purpose="An assessment.",
        information_shared="The support plan.",
        answer_needed_by=local_today() + datetime.timedelta(days=10),
    )
    if given:
        consent_give(actor=ex.world.parent_1, context=AuditContext(), request=request)
    return request


def _consent_step(path: str, *, given: bool = False, answer: str = "") -> Callable[[Example], str]:
    """A fresh request's page; for the later pages of the parent's answer, the answer given
    first (as the parent's own client, signed in already)."""

    def url(ex: Example) -> str:
        request = _fresh_consent(ex, given=given)
        if answer:
            ex.client.post(f"/portal/consent/{request.pk}/answer/", {"answer": answer})
        return f"/portal/consent/{request.pk}/{path}"

    return url


def _consent_request_fields(_ex) -> dict[str, st.SearchStrategy]:
    today = datetime.date.today()
    return {
        "service": _choice(["ep", "salt", "ot", "camhs", "other", "x"]),
        "service_other": st.one_of(st.just(""), st.just("Hearing team"), HOSTILE_TEXT),
        "purpose": st.one_of(st.just("An assessment."), HOSTILE_TEXT),
        "information_shared": st.one_of(st.just("The plan."), HOSTILE_TEXT),
        "answer_needed_by": _a_date(
            "answer_needed_by",
            st.dates(today - datetime.timedelta(days=5), today + datetime.timedelta(days=400)),
        ),
    }


def _consent_text(name: str) -> Callable[[Example], dict[str, st.SearchStrategy]]:
    return lambda ex: {name: st.one_of(st.just(""), st.just("We changed our minds."), HOSTILE_TEXT)}


# Meetings (portal/support/meetings) ------------------------------------------------------------


def _fresh_meeting(ex: Example, *, shared: bool = False, past: bool = False):
    """A meeting about pupil_a1 proposed by the SENCO, with an attendee, a parent-owned next
    step and the outcomes written; shared with the parents when `shared`."""
    from django.utils import timezone

    from portal.audit.actors import AuditContext
    from portal.support.meetings import services as meeting_services
    from portal.support.meetings.models import Meeting

    context = AuditContext()
    world = ex.world
    meeting = meeting_services.meeting_propose(
        actor=world.senco_a,
        context=context,
        pupil=world.pupil_a1,
        kind="review",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    meeting_services.meeting_attendee_add(
        actor=world.senco_a, context=context, meeting=meeting, kind="parent", name="Mrs Khan"
    )
    meeting_services.meeting_next_step_add(
        actor=world.senco_a,
        context=context,
        meeting=meeting,
        action="Read at bedtime",
        owner="parent",
        due_on=datetime.date.today(),
    )
    meeting_services.meeting_record_update(
        actor=world.senco_a,
        context=context,
        meeting=meeting,
        parent_views="",
        pupil_views="",
        discussion="",
        outcomes_agreed="Reading three times a week",
    )
    if shared:
        # A record is shared once the meeting has taken place.
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=timezone.now() - datetime.timedelta(days=1)
        )
        meeting.refresh_from_db()
        meeting_services.meeting_share_with_parents(
            actor=world.senco_a, context=context, meeting=meeting
        )
    return meeting


def _meeting_url(path: str, *, shared: bool = False) -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        meeting = _fresh_meeting(ex, shared=shared)
        ex.known["meeting"] = meeting
        suffix = path.format(
            attendee=meeting.attendees.values_list("pk", flat=True).first(),
            step=meeting.next_steps.values_list("pk", flat=True).first(),
        )
        return f"/portal/meetings/{meeting.pk}/{suffix}"

    return url


def _fresh_response(ex: Example) -> str:
    from portal.audit.actors import AuditContext
    from portal.support.meetings import services as meeting_services

    meeting = _fresh_meeting(ex, shared=True)
    response = meeting_services.meeting_response_add(
        actor=ex.world.parent_1, context=AuditContext(), meeting=meeting, kind="add", text="Hi"
    )
    return f"/portal/meeting-responses/{response.pk}/answer/"


def _fresh_step(ex: Example) -> str:
    meeting = _fresh_meeting(ex, shared=True)
    return f"/portal/next-steps/{meeting.next_steps.get().pk}/"


def _fresh_views(ex: Example):
    from portal.audit.actors import AuditContext
    from portal.support.meetings import services as meeting_services

    return meeting_services.parent_views_request(
        actor=ex.world.senco_a,
        context=AuditContext(),
        meeting=_fresh_meeting(ex),
        answer_by=datetime.date.today() + datetime.timedelta(days=2),
    )


def _views_answer(ex: Example) -> str:
    return f"/portal/parent-views/{_fresh_views(ex).pk}/"


def _views_check(ex: Example) -> str:
    """A request answered as far as check-your-answers (the answers wait in the session)."""
    views = _fresh_views(ex)
    ex.client.post(f"/portal/parent-views/{views.pk}/", {"going_well": "Reading"})
    return f"/portal/parent-views/{views.pk}/check/"


def _meeting_text(*names: str) -> Callable[[Example], dict[str, st.SearchStrategy]]:
    return lambda ex: {
        name: st.one_of(st.just("Reading went well."), HOSTILE_TEXT) for name in names
    }


def _meeting_when(ex: Example) -> dict[str, st.SearchStrategy]:
    today = datetime.date.today()
    return {
        "date": _a_date(
            "date",
            st.dates(today - datetime.timedelta(days=3), today + datetime.timedelta(days=400)),
        ),
        "time": st.one_of(
            st.sampled_from(["14:30", "2:30pm", "9am", "25:00", "noon", ""]), HOSTILE_TEXT
        ),
        "location": st.one_of(st.just("Room 4"), NAMES),
    }


def _meeting_propose_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    return {"kind": _choice(["early", "planning", "review", "other", "none"]), **_meeting_when(ex)}


def _a_due_date(name: str) -> st.SearchStrategy[dict]:
    today = datetime.date.today()
    return _a_date(
        name, st.dates(today - datetime.timedelta(days=400), today + datetime.timedelta(days=800))
    )


MEETING_FORMS: dict[str, Form] = {
    "support:meeting_propose": Form(_pupil_a1("meetings/new/"), "senco_a", _meeting_propose_fields),
    "support:meeting_date_reply": Form(
        _meeting_url("date/"),
        "parent_1",
        lambda ex: {
            "answer": _choice(["accept", "another", "maybe"]),
            "note": st.one_of(st.just("Mornings suit me"), HOSTILE_TEXT),
        },
    ),
    "support:meeting_reschedule": Form(_meeting_url("new-date/"), "senco_a", _meeting_when),
    "support:meeting_cancel": Form(_meeting_url("cancel/"), "senco_a"),
    "support:meeting_record_edit": Form(
        _meeting_url("record/edit/"),
        "senco_a",
        _meeting_text("parent_views", "pupil_views", "discussion", "outcomes_agreed"),
    ),
    "support:meeting_attendee_add": Form(
        _meeting_url("attendees/new/"),
        "senco_a",
        lambda ex: {
            "kind": _choice(["parent", "pupil", "staff", "professional", "x"]),
            "name": NAMES,
            "role": st.one_of(st.just(""), st.just("Educational psychologist"), HOSTILE_TEXT),
        },
    ),
    "support:meeting_attendee_remove": Form(
        _meeting_url("attendees/{attendee}/remove/"), "senco_a"
    ),
    "support:meeting_step_add": Form(
        _meeting_url("steps/new/"),
        "senco_a",
        lambda ex: {
            "action": st.one_of(st.just("Read at bedtime"), HOSTILE_TEXT),
            "owner": _choice(["school", "parent", "pupil", "other", "nobody"]),
            "owner_name": st.one_of(st.just(""), NAMES),
            "due_on": _a_due_date("due_on"),
        },
    ),
    "support:meeting_step_remove": Form(_meeting_url("steps/{step}/remove/"), "senco_a"),
    # Sharing tells the parent (a notification and the record's email).
    "support:meeting_share": Form(_meeting_url("share/"), "senco_a"),
    "support:meeting_addendum_add": Form(
        _meeting_url("addenda/new/", shared=True), "senco_a", _meeting_text("text")
    ),
    "support:meeting_acknowledge": Form(_meeting_url("acknowledge/", shared=True), "parent_1"),
    "support:meeting_respond": Form(
        _meeting_url("respond/", shared=True),
        "parent_1",
        lambda ex: {"kind": _choice(["add", "disagree", "x"]), "text": HOSTILE_TEXT},
    ),
    "support:meeting_response_answer": Form(_fresh_response, "senco_a", _meeting_text("reply")),
    "support:next_step_mark": Form(
        _fresh_step, "parent_1", lambda ex: {"done": _choice(["yes", "no", "maybe"])}
    ),
    "support:parent_views_request": Form(
        _meeting_url("parent-views/new/"),
        "senco_a",
        lambda ex: {"answer_by": _a_due_date("answer_by")},
    ),
    # The answers wait in the session until check-your-answers: nothing is written.
    "support:parent_views_answer": Form(
        _views_answer,
        "parent_1",
        _meeting_text("going_well", "worries", "to_discuss", "from_home"),
        default_growth=0,
    ),
    "support:parent_views_check": Form(_views_check, "parent_1", grows={"files.Attachment": 5}),
}


# Support plans ---------------------------------------------------------------------------------


def _fresh_cycle(ex: Example, *, share: bool = False):
    """A new pupil of school A with a complete cycle 1, a draft unless shared."""
    from tests.factories import InterventionFactory, PupilFactory, make_plan

    pupil = PupilFactory(school=ex.world.school_a)
    link_parent(ex.world.parent_1, pupil)
    cycle = make_plan(pupil, ex.world.senco_a, share=share)
    ex.known["cycle"] = cycle
    ex.known["intervention"] = InterventionFactory(school=ex.world.school_a)
    return cycle


def _plan_page(path: str, *, share: bool = False) -> Callable[[Example], str]:
    return lambda ex: f"/portal/plans/{_fresh_cycle(ex, share=share).pk}/{path}"


def _plan_row(kind: str, suffix: str = "") -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        cycle = _fresh_cycle(ex)
        row = cycle.outcomes.get() if kind == "outcomes" else cycle.support_items.get()
        return f"/portal/plans/{kind}/{row.pk}/{suffix}"

    return url


def _fresh_plan_start(ex: Example) -> str:
    from tests.factories import PupilFactory

    return f"/portal/pupils/{PupilFactory(school=ex.world.school_a).pk}/plan/start/"


def _plan_text(*names: str) -> Callable[[Example], dict[str, st.SearchStrategy]]:
    return lambda ex: {
        name: st.one_of(st.just("Finds reading hard."), st.just(""), HOSTILE_TEXT) for name in names
    }


def _plan_days() -> st.SearchStrategy[datetime.date]:
    today = datetime.date.today()
    return st.dates(today - datetime.timedelta(days=60), today + datetime.timedelta(days=500))


def _plan_assessment_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    return _plan_text("needs", "strengths", "evidence", "outside_advice")(ex) | {
        "staff_only": st.sampled_from(["on", ""])
    }


def _plan_impact_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    return _plan_text("expected_impact", "staff_notes")(ex) | {
        "expected_impact_staff_only": st.sampled_from(["on", ""]),
        "review_date": _a_date("review_date", _plan_days()),
    }


def _plan_support_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    numbers = st.one_of(st.integers(-2, 600).map(str), st.just(""), HOSTILE_TEXT)
    intervention = ex.known["intervention"].pk
    return _plan_text("description", "frequency_note", "delivered_by")(ex) | {
        "provision_type": _choice(["core", "additional", "extra"]),
        "intervention": _choice(["", intervention, 0, -1, 10**12]),
        "sessions_per_week": numbers,
        "minutes_per_session": numbers,
        "starts_on": st.one_of(st.just({}), _a_date("starts_on", _plan_days())),
        "ends_on": st.one_of(st.just({}), _a_date("ends_on", _plan_days())),
    }


def _plan_review_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    outcome = ex.known["cycle"].outcomes.get().pk
    today = datetime.date.today()
    return {
        "held_on": _a_date("held_on", st.dates(today - datetime.timedelta(days=90), today)),
        f"score_{outcome}": _choice(["1", "3", "5", "0", "6"]),
        f"comment_{outcome}": st.one_of(st.just("Steady."), HOSTILE_TEXT),
        "assessment_still_holds": _choice(["yes", "partly", "no", "maybe"]),
        "assessment_note": st.one_of(st.just(""), st.just("Needs changed."), HOSTILE_TEXT),
        "summary": st.one_of(st.just("A good term."), HOSTILE_TEXT),
    }


def _voice_ask(ex: Example):
    from tests.voice.asking_helpers import ask

    return ask(ex.world.senco_a, ex.world.pupil_a1)


def _voice_code_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    from voice.asking.codes import ALPHABET

    code = _voice_ask(ex).code
    typed = st.sampled_from(
        [code, code.lower(), f"{code[:4]} {code[4:]}", f"{code[:4]}-{code[4:]}"]
    )
    return {"code": st.one_of(typed, st.text(alphabet=ALPHABET + "0OSB -", max_size=12))}


def _voice_request_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    from tests.factories import MeetingFactory
    from tests.voice.asking_helpers import built_in_set

    question_set = built_in_set()
    meeting = MeetingFactory(pupil=ex.world.pupil_a1)
    return {
        "question_set": st.just(str(question_set.pk)),
        "meeting": _choice(["none", meeting.pk]),
        "expires_in_days": st.sampled_from(["", "1", "14", "28"]),
        "symbols_on": _choice(["on", "off"]),
        "calm": _choice(["on", "off"]),
    }


def _voice_fresh_request(suffix: str) -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        return f"/portal/views-requests/{_voice_ask(ex).pk}/{suffix}"

    return url


# Question sets (voice): a fresh draft copy of "All about me" for school A in every example.


def _fresh_set(ex: Example):
    from portal.audit.actors import AuditContext
    from voice.models import QuestionSet, SetScope
    from voice.sets import services as set_services

    copy = set_services.question_set_copy(
        actor=ex.world.senco_a,
        context=AuditContext(),
        source=QuestionSet.objects.get(scope=SetScope.BUILT_IN, key="all_about_me"),
        school=ex.world.school_a,
    )
    sort = copy.questions.get(kind="sort")
    ex.known.update(set=copy, sort=sort, card=sort.options.first())
    return copy


def _set_page(suffix: str) -> Callable[[Example], str]:
    def url(ex: Example) -> str:
        copy = _fresh_set(ex)
        sort, card = ex.known["sort"], ex.known["card"]
        return f"/portal/question-sets/{copy.pk}/" + suffix.format(sort=sort.pk, card=card.pk)

    return url


def _set_fields(_ex) -> dict[str, st.SearchStrategy]:
    return {
        "title": st.one_of(st.just("About me"), st.just(""), st.text(max_size=130)),
        "introduction": st.one_of(st.just(""), st.text(max_size=310)),
        "purpose": _choice(["all_about_me", "before_review", "support_going", "other"]),
    }


def _symbols() -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), _choice(["1F600", "1F3EB", "26BD"]), st.text(max_size=45))


def _question_fields(_ex) -> dict[str, st.SearchStrategy]:
    return {
        "kind": _choice(
            ["feelings", "sort", "choice", "yes_no", "helps", "free_text", "who_helped"]
        ),
        "text": st.one_of(st.just("How do you feel?"), st.just(""), st.text(max_size=210)),
        "scale_size": st.sampled_from(["3", "5", "", "4", "x"]),
        "allow_audio": st.sampled_from(["on", ""]),
        "passport_heading": st.sampled_from(["", "My needs", "Not a heading"]),
        "symbol": _symbols(),
    }


def _card_fields(_ex) -> dict[str, st.SearchStrategy]:
    return {
        "text": st.one_of(st.just("Play games"), st.just(""), st.text(max_size=130)),
        "symbol": _symbols(),
    }


def _move_fields(_ex) -> dict[str, st.SearchStrategy]:
    return {"direction": st.sampled_from(["up", "down", "", "sideways"])}


def _copy_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    return {
        "target": st.sampled_from(
            [f"school-{ex.world.school_a.pk}", f"school-{ex.world.school_c.pk}", "trust-1", ""]
        )
    }


# A copy makes a set with its questions and cards.
_COPY_GROWTH = {"voice.Question": 30, "voice.QuestionOption": 400}
SET_FORMS = {
    "voice:set_copy": Form(_set_page("copy/"), "senco_a", _copy_fields, grows=_COPY_GROWTH),
    "voice:set_edit": Form(_set_page("edit/"), "senco_a", _set_fields),
    "voice:set_ready": Form(_set_page("ready/"), "senco_a", shows_errors=False),
    "voice:set_archive": Form(_set_page("archive/"), "senco_a", shows_errors=False),
    "voice:question_add": Form(_set_page("questions/add/"), "senco_a", _question_fields),
    "voice:question_edit": Form(
        _set_page("questions/{sort}/"),
        "senco_a",
        _question_fields,
        grows={"voice.QuestionOption": 0},
    ),
    "voice:question_delete": Form(
        _set_page("questions/{sort}/delete/"), "senco_a", shows_errors=False
    ),
    "voice:question_move": Form(
        _set_page("questions/{sort}/move/"), "senco_a", _move_fields, shows_errors=False
    ),
    "voice:card_add": Form(_set_page("questions/{sort}/cards/add/"), "senco_a", _card_fields),
    "voice:card_edit": Form(_set_page("questions/{sort}/cards/{card}/"), "senco_a", _card_fields),
    "voice:card_delete": Form(
        _set_page("questions/{sort}/cards/{card}/delete/"), "senco_a", shows_errors=False
    ),
    "voice:card_move": Form(
        _set_page("questions/{sort}/cards/{card}/move/"),
        "senco_a",
        _move_fields,
        shows_errors=False,
    ),
}


FORMS: dict[str, Form] = {
    "messaging:concern_start": Form(
        lambda ex: "/portal/concerns/new/",
        "parent_1",
        lambda ex: {
            "pupil": _choice(
                [ex.world.pupil_a1.pk, ex.world.pupil_b1.pk, ex.world.pupil_c1.pk, 0, -1]
            )
        },
    ),
    "messaging:concern_category": Form(
        _concern_question("about/"),
        "parent_1",
        lambda ex: {"category": _choice(["support", "wellbeing", "other", "none"])},
    ),
    "messaging:concern_what_happened": Form(
        _concern_question("what-happened/", *CONCERN_ANSWERS[:1]),
        "parent_1",
        _concern_text("what_happened"),
    ),
    "messaging:concern_would_like": Form(
        _concern_question("what-you-would-like/", *CONCERN_ANSWERS[:2]),
        "parent_1",
        _concern_text("would_like"),
    ),
    "messaging:concern_check": Form(
        _concern_question("check/", *CONCERN_ANSWERS), "parent_1", grows=RAISED
    ),
    **{
        f"messaging:concern_{action}": Form(
            _concern_step(action.replace("_", "-")), "senco_a", fields
        )
        for action, fields in [
            ("acknowledge", no_fields),
            ("in_progress", no_fields),
            ("close", no_fields),
            ("reply", _concern_text("body")),
            ("answer", _concern_text("body")),
            ("revise", _concern_revise_fields),
        ]
    },
    "messaging:concern_assign": Form(
        _concern_step("assign"),
        "senco_a",
        lambda ex: {"assignee": _choice(_school_a_staff(ex))},
        grows={"notifications.Notification": 2},
    ),
    "messaging:concern_parent_reply": Form(
        _concern_step("parent-reply"), "parent_1", _concern_text("body"), grows=RAISED
    ),
    "messaging:concern_not_resolved": Form(
        _concern_step("not-resolved", answered=True),
        "parent_1",
        _concern_text("body"),
        grows=RAISED,
    ),
    "messaging:concern_settings": Form(
        _school_a("concerns/settings/"),
        "head_a",
        _concern_policy_fields,
        grows={"concerns.ComplaintStage": 20},
    ),
    "voice:flag_acknowledge": Form(_fresh_flag("acknowledge/"), "dsl_a"),
    "voice:flag_note": Form(_fresh_flag("note/"), "dsl_a", _concern_text("note")),
    "voice:flag_resolve": Form(_fresh_flag("resolve/"), "dsl_a", _flag_resolve_fields),
    "voice:safeguarding_words": Form(
        _school_a("safeguarding/words/"), "dsl_a", _safeguarding_words_fields
    ),
    "portal:pupil_create": Form(
        _school_a("pupils/new/"), "senco_a", pupil_fields, grows={"pupils.PupilAreaOfNeed": 4}
    ),
    "portal:pupil_edit": Form(
        _pupil_a1("edit/"), "senco_a", pupil_fields, grows={"pupils.PupilAreaOfNeed": 4}
    ),
    "portal:pupil_teachers": Form(
        _pupil_a1("staff/"),
        "senco_a",
        lambda ex: {"teachers": st.lists(_choice(_school_a_staff(ex)), max_size=3)},
        grows={"pupils.TeachingAssignment": 3},
    ),
    "portal:invitation_create": Form(
        _pupil_a1("invite/"),
        "senco_a",
        lambda ex: {
            "email": st.emails(),
            "relationship": _choice(Relationship.values),
            "has_parental_responsibility": st.sampled_from(["yes", "no"]),
        },
    ),
    "portal:invitation_revoke": Form(_fresh_invitation, "senco_a"),
    "portal:link_revoke": Form(_fresh_link, "senco_a"),
    # Accepting tells the inviting SENCO and the parent: two notifications; a child on SEN
    # Support also brings the parent the formal notice (a third).
    "portal:invitation_accept": Form(
        _invitation_to_accept, None, grows={"notifications.Notification": 3}
    ),
    # Confirming an authenticator issues ten backup codes (stored hashed).
    "portal:otp_setup": Form(
        _otp_setup, "parent_1", otp_fields, grows={"portal_auth.HashedBackupCode": 10}
    ),
    "portal:otp_verify": Form(_otp_verify, "senco_a", otp_fields, unverified=True),
    "portal:otp_backup_codes": Form(
        lambda ex: "/portal/2fa/backup-codes/",
        "senco_a",
        grows={"portal_auth.HashedBackupCode": 10},
    ),
    "portal:notification_preferences": Form(
        lambda ex: "/portal/notifications/settings/",
        "parent_1",
        lambda ex: {"delivery": _choice(Delivery.values)},
    ),
    "portal:notification_list": Form(lambda ex: "/portal/notifications/", "parent_1"),
    "portal:calendar_term_create": Form(_school_a("calendar/terms/new/"), "admin_a", term_fields),
    "portal:calendar_term_remove": Form(_fresh_term, "admin_a"),
    "portal:calendar_closure_create": Form(
        _school_a("calendar/closures/new/"), "senco_a", closure_fields
    ),
    "portal:calendar_closure_remove": Form(_fresh_closure, "senco_a"),
    "portal:trust_term_dates": Form(
        lambda ex: f"/portal/trusts/{ex.world.trust.pk}/calendar/term-dates/",
        "trust_lead",
        trust_term_fields,
        grows={"schools.TermDate": 12},
    ),
    "portal:register_import_upload": Form(
        _school_a("pupils/import/"),
        "senco_a",
        upload_fields,
        default_growth=0,  # reading and checking a file saves nothing
        multipart_only=True,
    ),
    "portal:register_import_preview": Form(
        _checked_upload,
        "senco_a",
        preview_fields,
        grows={"pupils.Pupil": 1, "pupils.PupilAreaOfNeed": 1},
        # A tampered or stale check is answered with a notice banner, not a field error.
        shows_errors=False,
    ),
    "account_login": Form(
        lambda ex: "/accounts/login/",
        None,
        lambda ex: {
            "login": st.one_of(st.just(ex.world.parent_1.email), st.emails()),
            "password": st.one_of(st.just(PASSWORD), st.text(max_size=20)),
            "remember": st.sampled_from(["on", ""]),
        },
    ),
    # A conversation: its members (the parent and up to three staff), the first message, and a
    # notification to each member of staff.
    "messaging:conversation_start": Form(
        _pupil_a1("conversations/new/"),
        "parent_1",
        _conversation_start_fields,
        grows={"conversations.ConversationMember": 4, "notifications.Notification": 3},
    ),
    "messaging:conversation_detail": Form(
        _fresh_conversation,
        "parent_1",
        _message_fields,
        grows={"notifications.Notification": 2},
    ),
    "messaging:quiet_hours": Form(_school_a("quiet-hours/"), "senco_a", quiet_hours_fields),
    # The provision map: the SENCO's catalogue of interventions.
    "support:intervention_create": Form(
        _school_a("provision-map/new/"), "senco_a", _intervention_fields
    ),
    "support:intervention_edit": Form(_fresh_intervention("edit"), "senco_a", _intervention_fields),
    "support:intervention_archive": Form(_fresh_intervention("archive"), "senco_a"),
    # Consent: asking tells parent_1 (a notification and an outbox email); each step adds one
    # event and tells the other side.
    "support:consent_request_create": Form(
        _pupil_a1("consent/new/"), "senco_a", _consent_request_fields
    ),
    "support:consent_answer": Form(
        _consent_step("answer/"),
        "parent_1",
        lambda ex: {
            "answer": _choice(["give", "refuse", "yes", ""]),
            **_consent_text("reason")(ex),
        },
    ),
    "support:consent_answer_reason": Form(
        _consent_step("answer/reason/", answer="refuse"), "parent_1", _consent_text("reason")
    ),
    "support:consent_answer_check": Form(
        _consent_step("answer/check/", answer="refuse"), "parent_1"
    ),
    "support:consent_withdraw": Form(
        _consent_step("withdraw/", given=True), "parent_1", _consent_text("reason")
    ),
    "support:consent_cancel": Form(_consent_step("cancel/"), "senco_a"),
    "support:consent_pupil_view": Form(
        _consent_step("pupil-view/"), "senco_a", _consent_text("view")
    ),
    "support:consent_referral": Form(_consent_step("referral/", given=True), "senco_a"),
    # Sending the formal notice: the notice, parent_1's copy, its email and a notification.
    "support:notice_send": Form(_pupil_a1("notices/send/"), "senco_a"),
    # POSTs that carry no form but still answer one.
    "portal:dashboard": Form(lambda ex: "/portal/", "parent_1", shows_errors=False),
    "portal:school_overview": Form(_school_a(""), "senco_a", shows_errors=False),
    "portal:pupil_detail": Form(_pupil_a1(""), "parent_1", shows_errors=False),
    "wagtail_serve": Form(lambda ex: "/", None, shows_errors=False),
    # Wagtail's sign-in for private pages; the portal's redirect shadows it at the same path.
    "wagtail_login_redirect": Form(lambda ex: "/_util/login/", None, shows_errors=False),
    "wagtailcore_login": Form(lambda ex: "/_util/login/", None, shows_errors=False),
    # Wagtail's own templates, without the portal's error summary.
    "wagtailcore_authenticate_with_password": Form(
        _page_password, None, _shared_password_fields, shows_errors=False
    ),
    "wagtaildocs_authenticate_with_password": Form(
        _document_password, None, _shared_password_fields, shows_errors=False
    ),
    # Pupil passports: the SENCO's passport (the built-in headings' boxes b0-b4), and the
    # school's and the trust's headings (add-another rows; save is the default action).
    "support:passport_edit": Form(
        _pupil_a1("passport/edit/"),
        "senco_a",
        _passport_fields,
        grows={"support_passports.PassportEntry": 5},
    ),
    "support:school_passport_template": Form(
        _school_a("passport-headings/"),
        "senco_a",
        _heading_fields,
        grows={"support_passports.PassportHeading": 10},
    ),
    "support:trust_passport_template": Form(
        lambda ex: f"/portal/trusts/{ex.world.trust.pk}/passport-headings/",
        "trust_lead",
        _heading_fields,
        grows={"support_passports.PassportHeading": 10},
    ),
    **MEETING_FORMS,
    # Support plans: the SENCO's section pages, sharing and the review.
    "support:plan_start": Form(_fresh_plan_start, "senco_a", shows_errors=False),
    "support:plan_assessment": Form(_plan_page("assessment/"), "senco_a", _plan_assessment_fields),
    "support:plan_impact": Form(_plan_page("impact/"), "senco_a", _plan_impact_fields),
    "support:plan_visibility": Form(
        _plan_page("who-sees/"),
        "senco_a",
        lambda ex: {
            "staff_only": st.lists(
                _choice(["assessment", "outcomes", "support", "expected_impact", "notes"]),
                max_size=4,
            )
        },
    ),
    "support:plan_outcome_add": Form(
        _plan_page("outcomes/new/"),
        "senco_a",
        _plan_text("parent_wording", "child_wording", "success_looks_like"),
    ),
    "support:plan_outcome_edit": Form(
        _plan_row("outcomes"),
        "senco_a",
        _plan_text("parent_wording", "child_wording", "success_looks_like"),
    ),
    "support:plan_outcome_remove": Form(
        _plan_row("outcomes", "remove/"), "senco_a", shows_errors=False
    ),
    "support:plan_support_add": Form(_plan_page("support/new/"), "senco_a", _plan_support_fields),
    "support:plan_support_edit": Form(_plan_row("support"), "senco_a", _plan_support_fields),
    "support:plan_support_remove": Form(
        _plan_row("support", "remove/"), "senco_a", shows_errors=False
    ),
    "support:plan_share": Form(
        _plan_page("share/"), "senco_a", _plan_text("change_note"), shows_errors=True
    ),
    "support:plan_review": Form(_plan_page("review/", share=True), "senco_a", _plan_review_fields),
    # Pupil voice, asking: the code a pupil types (a real one is the good value), stopping for
    # now, a new request, and the supervise and cancel buttons on a fresh request.
    "voice:enter": Form(
        lambda ex: "/voice/",
        None,
        _voice_code_fields,
        grows={"voice.Response": 1},
    ),
    "voice:leave": Form(lambda ex: "/voice/stop/", None, shows_errors=False),
    "voice:request_new": Form(
        _pupil_a1("views/new/"), "senco_a", _voice_request_fields, grows={"voice.ViewsRequest": 1}
    ),
    "voice:request_supervise": Form(
        _voice_fresh_request("supervise/"), "senco_a", shows_errors=False
    ),
    "voice:request_cancel": Form(_voice_fresh_request("cancel/"), "senco_a", shows_errors=False),
    **SET_FORMS,
}


# Pupil voice, the pupil's own pages: a client holding a pupil's visit (the code typed), on a set
# with one question of every kind; each example fuzzes one kind's form.
def _voice_visit(ex: Example):
    import uuid

    from tests.voice.conftest import give_visit, make_question_set, make_views_request

    views_request = make_views_request(
        ex.world.pupil_a1,
        make_question_set(),
        created_by=ex.world.senco_a,
        code=uuid.uuid4().hex[:8].upper(),
    )
    give_visit(ex.client, views_request)
    ex.known["views_request"] = views_request
    return views_request


def _voice_question(ex: Example) -> str:
    views_request = _voice_visit(ex)
    questions = list(views_request.question_set.questions.order_by("order", "id"))
    number = ex.draw(st.integers(min_value=1, max_value=len(questions)), label="question")
    ex.known["question"] = questions[number - 1]
    return f"/voice/question/{number}/"


def _voice_answer_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    from voice.models import QuestionOption

    question = ex.known["question"]
    own = [str(pk) for pk in question.options.values_list("pk", flat=True)]
    other = [
        str(pk)
        for pk in QuestionOption.objects.exclude(question=question).values_list("pk", flat=True)[:2]
    ]
    fields = {
        "just_for_teacher": _choice(["on", ""]),
        "action": _choice(["next", "next", "back", "skip"]),
    }
    kind = question.kind
    if kind == "feelings":
        fields["answer"] = _choice(["1", "3", "5", "0", "6"])
    elif kind == "sort":
        for pk in own:
            fields[f"card_{pk}"] = _choice(["like", "not_sure", "dislike", "", "love"])
    elif kind == "choice":
        fields["answer"] = _choice(own + other)
    elif kind == "yes_no":
        fields["answer"] = _choice(["yes", "no", "not_sure", "dont_understand", "maybe"])
    elif kind == "helps":
        fields["answer"] = st.lists(_choice(own + other), max_size=4)
    elif kind == "who_helped":
        fields["answer"] = st.lists(
            _choice(["on_my_own", "teacher", "friend", "the cat"]), max_size=3
        )
    else:
        fields["answer"] = st.one_of(st.just("I like the library."), HOSTILE_TEXT)
    return fields


def _voice_targets(ex: Example) -> str:
    from portal.support.plans.models import Outcome
    from tests.factories import make_plan

    _voice_visit(ex)
    outcome = Outcome.objects.filter(cycle__pupil=ex.world.pupil_a1).first()
    if outcome is None:  # the examples share one database: the plan is made once
        outcome = make_plan(ex.world.pupil_a1, ex.world.senco_a).outcomes.get()
    ex.known["outcome"] = outcome.pk
    return "/voice/my-targets/"


FORMS |= {
    "voice:start": Form(
        lambda ex: _voice_visit(ex) and "/voice/start/",
        None,
        lambda ex: {
            "symbols_on": _choice(["on", ""]),
            "calm": _choice(["on", ""]),
            "back_to": _choice(["", "1", "7", "999", "-1"]),
        },
        shows_errors=False,
    ),
    "voice:question": Form(_voice_question, None, _voice_answer_fields),
    "voice:done": Form(lambda ex: _voice_visit(ex) and "/voice/done/", None, shows_errors=False),
    "voice:targets": Form(
        _voice_targets,
        None,
        lambda ex: {
            "outcome": _choice([ex.known["outcome"], 0, "x"]),
            "face": _choice(["1", "2", "3", "4", "x"]),
        },
    ),
}


# Pupil voice, the review: the SENCO's review of a fresh finished response (the checklist's
# record and parent_1's notification on success) and the "how I communicate" note.
def _fresh_voice_response(ex: Example) -> str:
    from tests.voice.factories import make_response

    response = make_response(pupil=ex.world.pupil_a1)
    ex.known["voice_answer"] = response.answers.get(question__kind="free_text").pk
    return f"/portal/pupil-views/{response.pk}/review/"


def _voice_review_fields(ex: Example) -> dict[str, st.SearchStrategy]:
    from voice.models import GatheredHow, Wording

    return {
        "gathered_how": _choice([*GatheredHow.values, "", "other"]),
        "helped_by": st.one_of(st.just("Mrs Patel"), st.just(""), HOSTILE_TEXT),
        f"wording_{ex.known['voice_answer']}": _choice([*Wording.values, ""]),
        "note": st.one_of(st.just(""), st.just("Answered in the library."), HOSTILE_TEXT),
        "confirm": st.just("1"),
    }


FORMS.update(
    {
        "voice:response_review": Form(_fresh_voice_response, "senco_a", _voice_review_fields),
        "voice:communication_edit": Form(
            _pupil_a1("communication/"),
            "senco_a",
            lambda ex: {"text": st.one_of(st.just("Uses symbols."), HOSTILE_TEXT)},
        ),
    }
)

# Vendor areas with their own forms and tests: Wagtail's and Django's admin, allauth's pages
# other than signing in (sign-up is closed; the rest are allauth's own), Wagtail documents.
VENDOR_PREFIXES = ("cms/", "django-admin/", "accounts/", "documents/")
FUZZED_VENDOR_ROUTES = {"account_login", "wagtaildocs_authenticate_with_password"}


def _school_a_staff(ex: Example) -> list[int]:
    world = ex.world
    return [world.teacher_a.pk, world.dsl_a.pk, world.senco_b.pk, 0, -1, 10**12]


# The run --------------------------------------------------------------------------------------


def _project_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith(("portal.", "messaging.", "voice."))
    ]


SNAPSHOT_SKIP = {
    "people.User",  # last_login moves on a successful sign-in
    "audit.AuditEvent",  # refusals are audited; the chain is checked instead
}


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of the domain tables whose change a refused form must not cause."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in _project_models()
        if model._meta.label not in SNAPSHOT_SKIP
    }


def _bad_text_columns() -> list[str]:
    """Text PostgreSQL would refuse (a NUL byte) or that would not fit its column. Read in
    Python: SQLite's LIKE stops at a NUL, so a query cannot ask for one."""
    problems = []
    for model in _project_models():
        columns = [
            column
            for column in model._meta.concrete_fields
            if isinstance(column, (models.CharField, models.TextField))
        ]
        if not columns:
            continue
        for row in model.objects.values_list("pk", *(column.attname for column in columns)):
            for column, value in zip(columns, row[1:], strict=True):
                if not isinstance(value, str):
                    continue
                where = f"{model._meta.label}.{column.name} of row {row[0]}"
                if "\x00" in value:
                    problems.append(f"{where} holds a NUL byte")
                limit = getattr(column, "max_length", None) or 0
                if isinstance(column, models.CharField) and limit and len(value) > limit:
                    problems.append(f"{where} is longer than its column")
    return problems


# Every name a person or school is shown by.
NAME_COLUMNS = {
    "pupils.Pupil": ("legal_first_name", "legal_last_name", "preferred_name"),
    "people.User": ("first_name", "last_name"),
    "schools.School": ("name", "senco_name"),
}


def names_with_direction_controls() -> list[str]:
    problems = []
    for label, columns in NAME_COLUMNS.items():
        for row in apps.get_model(label).objects.values_list("pk", *columns):
            for column, value in zip(columns, row[1:], strict=True):
                if has_text_direction_controls(value):
                    problems.append(f"{label}.{column} of row {row[0]} hides its direction")
    return problems


def _values(body: dict, name: str) -> list[str]:
    value = body.get(name)
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


@st.composite
def hostile_body(draw, fields: dict[str, st.SearchStrategy]) -> dict:
    """A good submission with some of it spoiled: fields dropped, made hostile or made lists,
    and hostile fields added."""
    body = {}
    for name, strategy in fields.items():
        value = draw(strategy)
        body |= value if isinstance(value, dict) else {name: value}  # a group of boxes
    spoiled = draw(st.sets(st.sampled_from(sorted(body)))) if body else set()
    for name in sorted(spoiled):
        how = draw(st.sampled_from(["drop", "hostile", "list"]))
        if how == "drop":
            body.pop(name)
        elif how == "hostile":
            body[name] = draw(HOSTILE_TEXT)
        else:
            body[name] = [body[name], draw(HOSTILE_TEXT)]
    extras = draw(st.dictionaries(EXTRA_KEYS, HOSTILE_VALUE, max_size=3))
    return {**extras, **body}


def _post(client, url: str, body: dict, how: str, raw: bytes):
    if how == "raw":
        return client.post(url, raw, content_type="application/x-www-form-urlencoded")
    if how == "raw-multipart":
        return client.post(url, raw, content_type="multipart/form-data; boundary=fuzz")
    if how == "urlencoded":
        flat = {key: value for key, value in body.items() if not hasattr(value, "read")}
        return client.post(
            url, urlencode(flat, doseq=True), content_type="application/x-www-form-urlencoded"
        )
    return client.post(url, body)  # multipart, as a browser sends a file


def _client_for(form: Form, ex: Example):
    ex.client.logout()
    if form.role is not None:
        sign_in(ex.client, getattr(ex.world, form.role), verified=not form.unverified)


def _allowed_growth(form: Form, label: str) -> int:
    return form.grows.get(label, form.default_growth)


def _check(name: str, form: Form, response, body: dict, before: dict, started) -> list[str]:
    problems = []
    status = response.status_code
    if status not in ANSWERS:
        problems.append(f"answered {status}")
    showed_summary = ERROR_SUMMARY in response.content.decode(errors="replace")
    if (
        status == 200
        and form.shows_errors
        and _was_submitted(response)
        and not showed_summary
        and not _is_check_step(response)
    ):
        problems.append("answered 200 without the error summary")
    after = _snapshot()
    if status != 302:
        changed = [label for label in before if before[label] != after[label]]
        if changed:
            problems.append(f"refused ({status}) but changed {changed}")
    else:
        for label in before:
            grew = len(after[label]) - len(before[label])
            if grew > _allowed_growth(form, label):
                problems.append(f"{label} grew by {grew}")
    problems += _pupils_whole(name, status, body, before, started)
    problems += _bad_text_columns()
    problems += names_with_direction_controls()
    chain = audit_verify_chain()
    if not chain.intact:
        problems.append(f"audit chain broken at {chain}")
    return problems


def _was_submitted(response) -> bool:
    """False when the page shows its form unfilled: views read a POST with an empty body as no
    submission at all (`request.POST or None`), which a browser never sends."""
    form = (response.context or {}).get("form")
    return form is None or form.is_bound


def _is_check_step(response) -> bool:
    """A valid post shown back on a "check your answers" page before it is confirmed (a
    post that dropped the confirming field): not an error, and nothing is saved yet."""
    form = (response.context or {}).get("form")
    on_check_page = any(
        "check" in (template.name or "").rsplit("/", 1)[-1] for template in response.templates
    )
    return on_check_page and form is not None and form.is_bound and not form.errors


def _pupils_whole(name, status, body, before, started) -> list[str]:
    """A pupil written by this post is valid and has exactly the areas of need posted."""
    problems = []
    touched = Pupil.objects.filter(updated_at__gte=started)
    for pupil in touched:
        try:
            pupil.full_clean()
        except Exception as error:  # noqa: BLE001 - report any way it is invalid
            problems.append(f"pupil {pupil.pk} saved invalid: {error}")
        if not re.fullmatch(r"([A-Z][0-9]{11}[0-9A-Z])?", pupil.upn):
            problems.append(f"pupil {pupil.pk} saved with UPN {pupil.upn!r}")
    if name in ("portal:pupil_create", "portal:pupil_edit") and status == 302:
        posted = set(_values(body, "areas_of_need"))
        for pupil in touched:
            areas = set(PupilAreaOfNeed.objects.filter(pupil=pupil).values_list("area", flat=True))
            if areas != posted:
                problems.append(f"pupil {pupil.pk} has areas {areas}, posted {posted}")
    if status != 302 and touched.exists():
        problems.append("a refused form wrote a pupil")
    return problems


# Mostly the encodings a browser sends; now and then bytes that are no form at all.
ENCODINGS = st.sampled_from(
    ["multipart", "multipart", "urlencoded", "urlencoded", "raw", "raw-multipart"]
)


@pytest.mark.parametrize("name", sorted(FORMS))
@FUZZ_SETTINGS
@given(data=st.data())
def test_hostile_posts_get_a_clear_answer_and_lose_nothing(name, world, client, data):
    from django.utils import timezone

    form = FORMS[name]
    cache.clear()
    ex = Example(world=world, client=client, draw=data.draw)
    _client_for(form, ex)
    url = form.url(ex)
    body = data.draw(hostile_body(form.fields(ex)), label="body")
    how = "multipart" if form.multipart_only else data.draw(ENCODINGS, label="encoding")
    raw = data.draw(st.binary(max_size=300), label="raw") if how.startswith("raw") else b""
    before = _snapshot()
    started = timezone.now()
    response = _post(client, url, body, how, raw)
    event(f"{how} answered {response.status_code}")
    problems = _check(name, form, response, body, before, started)
    assert problems == [], f"POST {url} ({how}): {problems}; body {body!r:.400}"


# Every form is in the table -------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield route, name, pattern.callback


def _allowed_methods(view) -> set[str] | None:
    """The methods a view accepts, read from its `require_http_methods` (or `require_GET`...)
    wrapper or its class; None when nothing restricts them, so it answers a POST."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {
            method.upper() for method in view_class.http_method_names if hasattr(view_class, method)
        }
    layer = view
    while layer is not None:
        code = getattr(layer, "__code__", None)
        for free_name, cell in zip(
            code.co_freevars if code else (), layer.__closure__ or (), strict=False
        ):
            if free_name == "request_method_list":
                return set(cell.cell_contents)
        layer = getattr(layer, "__wrapped__", None)
    return None


def _accepts_post(view) -> bool:
    methods = _allowed_methods(view)
    return methods is None or "POST" in methods


def _is_vendor(route: str, name: str) -> bool:
    return route.startswith(VENDOR_PREFIXES) and name not in FUZZED_VENDOR_ROUTES


def test_every_url_that_accepts_post_is_fuzzed():
    missing = sorted(
        {
            name or route
            for route, name, view in _walk(get_resolver().url_patterns)
            if _accepts_post(view) and not _is_vendor(route, name) and name not in FORMS
        }
    )
    assert missing == [], f"Add these POST-accepting URLs to FORMS in {__name__}: {missing}"


def test_the_table_names_only_urls_that_exist_and_accept_post():
    accepting = {
        name for _route, name, view in _walk(get_resolver().url_patterns) if _accepts_post(view)
    }
    assert sorted(set(FORMS) - accepting) == []


def test_urls_read_as_get_only_refuse_a_post(world, client):
    """The table's check reads each view's allowed methods; a real POST must agree with it."""
    sign_in(client, world.superuser)
    checked = 0
    for route, _name, view in _walk(get_resolver().url_patterns):
        if _accepts_post(view) or _is_vendor(route, _name) or not route.isascii():
            continue
        url = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m[1] == "int" else "x", route)
        response = client.post(url, {"x": "1"})
        assert response.status_code == 405, (url, response.status_code)
        checked += 1
    assert checked >= 5


# What the fuzzing found -----------------------------------------------------------------------


def test_a_upn_in_the_digits_of_another_script_is_refused(world, client):
    sign_in(client, world.senco_a)
    response = client.post(
        f"/portal/schools/{world.school_a.pk}/pupils/new/",
        {
            "legal_first_name": "Mia",
            "legal_last_name": "Jones",
            "date_of_birth_0": "3",
            "date_of_birth_1": "4",
            "date_of_birth_2": "2016",
            "year_group": "4",
            "upn": "A١٢٣٤٥٦٧٨٩٠١1",  # Arabic-Indic digits
            "sen_status": SenStatus.SEN_SUPPORT,
        },
    )
    assert response.status_code == 200
    assert ERROR_SUMMARY in response.content.decode()
    assert not Pupil.objects.filter(legal_first_name="Mia").exists()


@pytest.mark.parametrize("field", ["legal_first_name", "legal_last_name", "preferred_name"])
def test_a_name_with_a_right_to_left_override_is_refused_with_the_error_summary(
    world, client, field
):
    sign_in(client, world.senco_a)
    body = {
        "legal_first_name": "Mia",
        "legal_last_name": "Jones",
        "date_of_birth_0": "3",
        "date_of_birth_1": "4",
        "date_of_birth_2": "2016",
        "year_group": "4",
        "sen_status": SenStatus.SEN_SUPPORT,
        field: "\u202eseno",  # shows as "Jones" read backwards-forwards
    }
    response = client.post(f"/portal/schools/{world.school_a.pk}/pupils/new/", body)

    page = response.content.decode()
    assert response.status_code == 200
    assert ERROR_SUMMARY in page
    assert "must not contain hidden text-direction characters. Type the name again." in page
    assert names_with_direction_controls() == []
    assert not Pupil.objects.filter(legal_last_name__in=["Jones", "\u202eseno"]).exists()
