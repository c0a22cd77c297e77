"""The Code of Practice checklist: each check, the COP paragraph it cites, and how it is decided
from a pupil's facts. No database here: `selectors.py` reads the facts for a whole school in a
fixed number of queries and hands them to `evaluate`.

Each check is met, not met, or not applicable, with a plain reason a SENCO can act on.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.lib.school_days import (
    SchoolCalendar,
    add_school_days,
    school_year_bounds,
    school_year_of,
)
from portal.support.consent.models import ConsentStatus, ProfessionalService
from portal.support.meetings.models import MeetingKind
from portal.support.plans.models import CycleStatus

# A meeting record is shared with the parents within this many school days (COP-6.39).
SHARE_WITHIN_SCHOOL_DAYS = 5
# Meetings with parents a school year (COP-6.64).
MEETINGS_A_YEAR = 3


class CheckState(models.TextChoices):
    MET = "met", gettext_lazy("Met")
    NOT_MET = "not_met", gettext_lazy("Not met")
    NOT_APPLICABLE = "not_applicable", gettext_lazy("Does not apply")


@dataclass(frozen=True)
class Check:
    key: str
    cop: str  # the paragraphs cited, as in DOMAIN.md
    title: str  # lazy
    short_title: str  # lazy, for a table's column
    fix_label: str  # lazy: what to do when it is not met
    # The page where it is done, a URL name taking the pupil's id.
    fix_url_name: str = "portal:pupil_detail"


CHECKS: tuple[Check, ...] = (
    Check(
        "notified",
        "COP-6.43, 6.48",
        gettext_lazy("Parents formally notified of SEN support"),
        gettext_lazy("Parents notified"),
        gettext_lazy("Send the formal notice"),
        "support:pupil_notice_list",
    ),
    Check(
        "early_discussion",
        "COP-6.39",
        gettext_lazy("Early discussion with the parents and pupil recorded"),
        gettext_lazy("Early discussion"),
        gettext_lazy("Record the early discussion and share it"),
        "support:meeting_propose",
    ),
    Check(
        "plan",
        "COP-6.40, 6.44, 6.48",
        gettext_lazy(
            "Current plan with outcomes, support marked core or additional, and a review date"
        ),
        gettext_lazy("Current plan"),
        gettext_lazy("Complete and share the plan"),
        "support:plan",
    ),
    Check(
        "review_on_time",
        "COP-6.43",
        gettext_lazy("Review not overdue"),
        gettext_lazy("Review on time"),
        gettext_lazy("Hold the review"),
        "support:plan",
    ),
    Check(
        "assessment_reviewed",
        "COP-6.46",
        gettext_lazy("Assessment reviewed at the last review"),
        gettext_lazy("Assessment reviewed"),
        gettext_lazy("Record whether the assessment still holds"),
        "support:plan",
    ),
    Check(
        "parent_views",
        "COP-6.45, 6.55",
        gettext_lazy("Parents' views gathered this cycle"),
        gettext_lazy("Parents' views"),
        gettext_lazy("Ask the parents for their views"),
    ),
    Check(
        "pupil_views",
        "COP-6.45, 6.55, 6.64-6.69",
        gettext_lazy("Pupil's views gathered this cycle"),
        gettext_lazy("Pupil's views"),
        gettext_lazy("Gather the pupil's views"),
    ),
    Check(
        "record_shared",
        "COP-6.39, 6.64-6.69",
        gettext_lazy("Meeting records shared with parents within 5 school days"),
        gettext_lazy("Records shared"),
        gettext_lazy("Share the meeting record"),
    ),
    Check(
        "consent",
        "COP-6.47",
        gettext_lazy("Consent held for every outside professional involved"),
        gettext_lazy("Consent held"),
        gettext_lazy("Ask the parents for consent"),
        "support:pupil_consent_list",
    ),
    Check(
        "three_meetings",
        "COP-6.64",
        gettext_lazy("At least three meetings with parents this school year"),
        gettext_lazy("Three meetings"),
        gettext_lazy("Arrange a meeting with the parents"),
        "support:meeting_propose",
    ),
)
CHECKS_BY_KEY = {check.key: check for check in CHECKS}


@dataclass(frozen=True)
class MeetingFact:
    kind: str
    on: datetime.date
    cycle_id: int | None
    held: bool  # the date has come and the meeting took place (agreed, or its record shared)
    shared_on: datetime.date | None
    has_parent_views: bool


@dataclass(frozen=True)
class ConsentFact:
    service: str
    service_other: str
    status: str
    referral_sent: bool


@dataclass(frozen=True)
class CycleFact:
    id: int
    number: int
    status: str
    started_on: datetime.date
    review_date: datetime.date | None
    outcomes: int
    support_items: int
    unmarked_support_items: int
    previous_id: int | None
    # The previous cycle's review: when it was held and what it said of the assessment.
    previous_review_on: datetime.date | None
    previous_assessment: str


@dataclass
class PupilFacts:
    """What the checklist needs to know about one pupil, read in bulk by the selectors."""

    notified: bool = False
    cycle: CycleFact | None = None
    meetings: list[MeetingFact] = field(default_factory=list)
    # (cycle id, day answered) of each answered request for the parents' views.
    parent_views: list[tuple[int | None, datetime.date]] = field(default_factory=list)
    # (cycle id, day gathered) of each record of the pupil's views.
    pupil_views: list[tuple[int | None, datetime.date]] = field(default_factory=list)
    consents: list[ConsentFact] = field(default_factory=list)
    # (name, role) of each outside professional who came to a meeting.
    professionals: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class CheckResult:
    check: Check
    state: str
    reason: str

    @property
    def met(self) -> bool:
        return self.state == CheckState.MET

    @property
    def not_met(self) -> bool:
        return self.state == CheckState.NOT_MET


def _result(key: str, state: CheckState, reason: str) -> CheckResult:
    return CheckResult(check=CHECKS_BY_KEY[key], state=state, reason=reason)


# Words in an outside professional's name or role that say which service they are from, matched
# as whole words ("SaLT" is speech therapy, "Mr Saltmarsh" is not); a stem in STEMS may run on
# ("psycholog" matches "psychologist" and "psychology").
SERVICE_WORDS: dict[str, tuple[str, ...]] = {
    ProfessionalService.EDUCATIONAL_PSYCHOLOGY: ("psycholog",),
    ProfessionalService.SPEECH_AND_LANGUAGE: ("speech", "language therap", "salt"),
    ProfessionalService.OCCUPATIONAL_THERAPY: ("occupational",),
    ProfessionalService.CAMHS: ("camhs", "mental health"),
}
# Stems: the rest of the word may follow.
STEMS = frozenset({"psycholog", "language therap"})


def _word_pattern(words: str, *, stem: bool = False) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(word) for word in words.casefold().split())
    return re.compile(rf"(?<!\w){body}" + ("" if stem else r"(?!\w)"))


SERVICE_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    service: tuple(_word_pattern(word, stem=word in STEMS) for word in words)
    for service, words in SERVICE_WORDS.items()
}


def services_named(text: str) -> set[str]:
    """The services a professional's name or role identifies, matched on whole words (none
    when it says nothing)."""
    lowered = text.casefold()
    return {
        service
        for service, patterns in SERVICE_PATTERNS.items()
        if any(pattern.search(lowered) for pattern in patterns)
    }


def names_the_same_service(name: str, role: str, service_other: str) -> bool:
    """Whether a consent for another service (named in `service_other`) is for this
    professional, in whole words: the consent's name appears in their name or role ("School
    nursing team" for "Ms Cole, School nursing team"), or their role appears in the consent's
    name ("Physiotherapist" for a consent to the "NHS Physiotherapist")."""
    other = service_other.strip()
    if not other:
        return False
    if _word_pattern(other).search(f"{name} {role}".casefold()):
        return True
    return bool(role.strip()) and bool(_word_pattern(role).search(other.casefold()))


def evaluate(
    facts: PupilFacts,
    *,
    today: datetime.date,
    calendar: SchoolCalendar,
    date_format,
) -> list[CheckResult]:
    """Every check for one pupil, in the order of CHECKS. `date_format` renders a date for a
    reason (the page's locale)."""
    cycle = facts.cycle
    year_start, _year_end = school_year_bounds(school_year_of(today))
    held_this_year = [m for m in facts.meetings if m.held and year_start <= m.on <= today]
    results = [
        _notified(facts),
        _early_discussion(facts),
        _plan(cycle, date_format),
        _review_on_time(cycle, today, date_format),
        _assessment_reviewed(cycle, date_format),
        _parent_views(facts, cycle, date_format),
        _pupil_views(facts, cycle, date_format),
        _record_shared(held_this_year, today, calendar, date_format),
        _consent(facts),
        _three_meetings(held_this_year, facts.meetings, today),
    ]
    return results


def _notified(facts: PupilFacts) -> CheckResult:
    if facts.notified:
        return _result(
            "notified", CheckState.MET, _("The parents have been sent the formal notice.")
        )
    return _result(
        "notified",
        CheckState.NOT_MET,
        _("No formal notice has been sent to the parents."),
    )


def _early_discussion(facts: PupilFacts) -> CheckResult:
    early = [m for m in facts.meetings if m.kind == MeetingKind.EARLY_DISCUSSION]
    if any(m.shared_on for m in early):
        return _result(
            "early_discussion",
            CheckState.MET,
            _("An early discussion is recorded and shared with the parents."),
        )
    if early:
        return _result(
            "early_discussion",
            CheckState.NOT_MET,
            _("An early discussion is arranged but its record has not been shared yet."),
        )
    return _result(
        "early_discussion",
        CheckState.NOT_MET,
        _("No early discussion with the parents and pupil is recorded."),
    )


def _plan(cycle: CycleFact | None, date_format) -> CheckResult:
    if cycle is None:
        return _result("plan", CheckState.NOT_MET, _("There is no plan under way."))
    if cycle.status != CycleStatus.ACTIVE:
        return _result(
            "plan",
            CheckState.NOT_MET,
            _("The plan for cycle %(number)s is still being planned: share it with the parents.")
            % {"number": cycle.number},
        )
    missing = []
    if not cycle.outcomes:
        missing.append(_("it has no outcomes"))
    if not cycle.support_items:
        missing.append(_("it has no support"))
    elif cycle.unmarked_support_items:
        missing.append(_("some support is not marked core offer or additional"))
    if cycle.review_date is None:
        missing.append(_("it has no review date"))
    if missing:
        return _result(
            "plan",
            CheckState.NOT_MET,
            _("Cycle %(number)s: %(missing)s.")
            % {"number": cycle.number, "missing": "; ".join(missing)},
        )
    return _result(
        "plan",
        CheckState.MET,
        ngettext(
            "Cycle %(number)s: %(outcomes)s outcome and %(support)s support, review on %(date)s.",
            "Cycle %(number)s: %(outcomes)s outcomes and %(support)s support, review on %(date)s.",
            cycle.outcomes,
        )
        % {
            "number": cycle.number,
            "outcomes": cycle.outcomes,
            "support": cycle.support_items,
            "date": date_format(cycle.review_date),
        },
    )


def _review_on_time(cycle: CycleFact | None, today: datetime.date, date_format) -> CheckResult:
    if cycle is None or cycle.review_date is None:
        return _result(
            "review_on_time", CheckState.NOT_APPLICABLE, _("There is no review date to keep yet.")
        )
    if cycle.review_date < today:
        return _result(
            "review_on_time",
            CheckState.NOT_MET,
            _("The review was due on %(date)s and has not been recorded.")
            % {"date": date_format(cycle.review_date)},
        )
    return _result(
        "review_on_time",
        CheckState.MET,
        _("The review is due on %(date)s.") % {"date": date_format(cycle.review_date)},
    )


def _assessment_reviewed(cycle: CycleFact | None, date_format) -> CheckResult:
    if cycle is None:
        return _result(
            "assessment_reviewed", CheckState.NOT_APPLICABLE, _("There is no plan under way.")
        )
    if cycle.previous_id is None:
        return _result(
            "assessment_reviewed",
            CheckState.NOT_APPLICABLE,
            _("This is the first cycle: its assessment is new."),
        )
    if cycle.previous_review_on is not None and cycle.previous_assessment:
        return _result(
            "assessment_reviewed",
            CheckState.MET,
            _("The review on %(date)s recorded whether the assessment still holds.")
            % {"date": date_format(cycle.previous_review_on)},
        )
    return _result(
        "assessment_reviewed",
        CheckState.NOT_MET,
        _("The last review did not record whether the assessment still holds."),
    )


def _since_cycle(entries, cycle: CycleFact) -> list[datetime.date]:
    return [on for cycle_id, on in entries if cycle_id == cycle.id or on >= cycle.started_on]


def _parent_views(facts: PupilFacts, cycle: CycleFact | None, date_format) -> CheckResult:
    if cycle is None:
        return _result("parent_views", CheckState.NOT_APPLICABLE, _("There is no plan under way."))
    gathered = _since_cycle(facts.parent_views, cycle) + [
        m.on
        for m in facts.meetings
        if m.shared_on
        and m.has_parent_views
        and (m.cycle_id == cycle.id or m.on >= cycle.started_on)
    ]
    if gathered:
        return _result(
            "parent_views",
            CheckState.MET,
            _("Gathered on %(date)s.") % {"date": date_format(max(gathered))},
        )
    return _result(
        "parent_views",
        CheckState.NOT_MET,
        _("The parents' views have not been gathered since cycle %(number)s began on %(date)s.")
        % {"number": cycle.number, "date": date_format(cycle.started_on)},
    )


def _pupil_views(facts: PupilFacts, cycle: CycleFact | None, date_format) -> CheckResult:
    if cycle is None:
        return _result("pupil_views", CheckState.NOT_APPLICABLE, _("There is no plan under way."))
    gathered = _since_cycle(facts.pupil_views, cycle)
    if gathered:
        return _result(
            "pupil_views",
            CheckState.MET,
            _("Gathered on %(date)s.") % {"date": date_format(max(gathered))},
        )
    return _result(
        "pupil_views",
        CheckState.NOT_MET,
        _("Not yet gathered this cycle."),
    )


def _record_shared(
    held: list[MeetingFact], today: datetime.date, calendar: SchoolCalendar, date_format
) -> CheckResult:
    if not held:
        return _result(
            "record_shared",
            CheckState.NOT_APPLICABLE,
            _("No meeting has been held this school year."),
        )
    late = []
    waiting = 0
    for meeting in held:
        due = add_school_days(calendar, meeting.on, SHARE_WITHIN_SCHOOL_DAYS)
        if meeting.shared_on is not None:
            if meeting.shared_on > due:
                late.append(meeting)
        elif today > due:
            late.append(meeting)
        else:
            waiting += 1
    if late:
        latest = max(m.on for m in late)
        return _result(
            "record_shared",
            CheckState.NOT_MET,
            ngettext(
                "%(count)s meeting record was not shared within 5 school days (the meeting on "
                "%(date)s).",
                "%(count)s meeting records were not shared within 5 school days (the latest "
                "on %(date)s).",
                len(late),
            )
            % {"count": len(late), "date": date_format(latest)},
        )
    reason = ngettext(
        "The record of the %(count)s meeting held this year was shared in time.",
        "The records of the %(count)s meetings held this year were shared in time.",
        len(held) - waiting,
    ) % {"count": len(held) - waiting}
    if waiting:
        reason = (
            reason
            + " "
            + ngettext(
                "%(count)s is still within its 5 school days.",
                "%(count)s are still within their 5 school days.",
                waiting,
            )
            % {"count": waiting}
        )
    return _result("record_shared", CheckState.MET, reason)


def _consent(facts: PupilFacts) -> CheckResult:
    """COP-6.47. An outside professional at a meeting counts as covered only when a consent the
    parents GAVE matches them: by the service their name or role names, or, for another
    service, by the name the consent gives it. Anyone no given consent matches makes the check
    not met, named, so the SENCO can ask for the consent (or see the record is wrong)."""
    given = [c for c in facts.consents if c.status == ConsentStatus.GIVEN]
    given_services = {c.service for c in given}
    given_others = [c.service_other for c in given if c.service == ProfessionalService.OTHER]
    problems = []
    labels = dict(ProfessionalService.choices)
    for consent in facts.consents:
        if consent.referral_sent and consent.status != ConsentStatus.GIVEN:
            name = consent.service_other or str(labels.get(consent.service, consent.service))
            problems.append(
                _("A referral to %(service)s was sent but consent is no longer given.")
                % {"service": name}
            )
    for name, role in facts.professionals:
        if any(names_the_same_service(name, role, other) for other in given_others):
            continue
        named = services_named(f"{name} {role}")
        if not named:
            problems.append(
                _(
                    "%(name)s came to a meeting, but no consent given matches them: record the "
                    "parents' consent for their service, named as in their role."
                )
                % {"name": f"{name} ({role})" if role.strip() else name}
            )
            continue
        for service in sorted(named - given_services):
            problems.append(
                _("%(name)s (%(service)s) came to a meeting without consent given.")
                % {"name": name, "service": labels[service]}
            )
    if problems:
        return _result("consent", CheckState.NOT_MET, " ".join(problems))
    if not facts.professionals and not any(c.referral_sent for c in facts.consents):
        return _result(
            "consent",
            CheckState.NOT_APPLICABLE,
            _("No outside professional is involved."),
        )
    return _result(
        "consent",
        CheckState.MET,
        _("Consent is given for every outside professional involved."),
    )


def _three_meetings(
    held: list[MeetingFact], meetings: list[MeetingFact], today: datetime.date
) -> CheckResult:
    count = len(held)
    if count >= MEETINGS_A_YEAR:
        return _result(
            "three_meetings",
            CheckState.MET,
            _("%(count)s meetings with the parents held this school year.") % {"count": count},
        )
    planned = sum(1 for m in meetings if m.on > today)
    reason = _("%(count)s of 3 meetings with the parents held this school year.") % {"count": count}
    if planned:
        reason += " " + ngettext(
            "%(count)s more is arranged.", "%(count)s more are arranged.", planned
        ) % {"count": planned}
    return _result("three_meetings", CheckState.NOT_MET, reason)
