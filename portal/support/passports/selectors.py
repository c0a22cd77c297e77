"""Reads of passport templates and pupils' passports. Each query count is fixed: it does not grow
with the number of headings, entries or pupils."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.pupils.models import Pupil
from portal.schools.models import School, Trust

from .models import Passport, PassportEntry, PassportHeading, PassportTemplate

# The one-page profile's usual headings (COP-6.49), used by a school whose trust has no template
# and that has none of its own. Kept in English and translated when shown, so an entry written
# under one of them matches it in any language.
BUILT_IN_HEADINGS: list[tuple[str, str]] = [
    (
        N_("What people like and admire about me"),
        N_("Strengths, interests and qualities that people who know the pupil value."),
    ),
    (
        N_("What is important to me"),
        N_("People, routines, things and activities that matter to the pupil."),
    ),
    (
        N_("How best to support me"),
        N_("What helps the pupil to learn, feel safe and take part."),
    ),
    (N_("My needs"), N_("The pupil's special educational needs, in plain words.")),
    (N_("Strategies that help"), N_("What staff should do, and avoid, in lessons and around.")),
]

# One page of A4: more headings or longer entries would not fit.
MAX_HEADINGS = 10
MAX_ENTRY_CHARACTERS = 1200


class Source:
    SCHOOL = "school"
    TRUST = "trust"
    BUILT_IN = "built_in"


@dataclass(frozen=True)
class Heading:
    """A heading of the template in force: `pk` is None for the built-in headings."""

    pk: int | None
    title: str
    guidance: str

    @property
    def shown_title(self) -> str:
        return gettext(self.title) if self.pk is None else self.title

    @property
    def shown_guidance(self) -> str:
        return gettext(self.guidance) if self.pk is None and self.guidance else self.guidance


@dataclass(frozen=True)
class Headings:
    """The headings a school's passports use, and where they come from."""

    source: str
    template: PassportTemplate | None
    headings: list[Heading]


def _as_headings(template: PassportTemplate) -> list[Heading]:
    return [Heading(pk=h.pk, title=h.title, guidance=h.guidance) for h in template.headings.all()]


def built_in_headings() -> list[Heading]:
    return [
        Heading(pk=None, title=title, guidance=guidance) for title, guidance in BUILT_IN_HEADINGS
    ]


def headings_for_school(*, school: School) -> Headings:
    """The school's own template, else its trust's, else the built-in headings. Two queries."""
    filters = Q(school_id=school.pk)
    if school.trust_id:
        filters |= Q(trust_id=school.trust_id)
    templates = list(
        PassportTemplate.objects.filter(filters).prefetch_related(
            Prefetch("headings", queryset=PassportHeading.objects.order_by("order", "id"))
        )
    )
    own = next((t for t in templates if t.school_id == school.pk), None)
    if own is not None:
        return Headings(source=Source.SCHOOL, template=own, headings=_as_headings(own))
    trusts = next((t for t in templates if t.trust_id), None)
    if trusts is not None:
        return Headings(source=Source.TRUST, template=trusts, headings=_as_headings(trusts))
    return Headings(source=Source.BUILT_IN, template=None, headings=built_in_headings())


def headings_for_trust(*, trust: Trust) -> Headings:
    """The trust's template, else the built-in headings. Two queries."""
    template = (
        PassportTemplate.objects.filter(trust=trust)
        .prefetch_related(
            Prefetch("headings", queryset=PassportHeading.objects.order_by("order", "id"))
        )
        .first()
    )
    if template is not None:
        return Headings(source=Source.TRUST, template=template, headings=_as_headings(template))
    return Headings(source=Source.BUILT_IN, template=None, headings=built_in_headings())


@dataclass
class Section:
    """One passage of a passport: a heading in force with its entry (if written), or an entry
    under a heading the template no longer has, kept with its own words until emptied."""

    key: str
    title: str
    guidance: str
    text: str
    current: bool
    heading: Heading | None = None
    entry: PassportEntry | None = field(default=None, repr=False)


def passport_sections(*, passport: Passport | None, headings: list[Heading]) -> list[Section]:
    """The headings in force, in order, each with its entry; then the entries under headings no
    longer in force that still have text. An entry belongs to a heading by the heading's row,
    or else by the same words (a school that copies its trust's headings keeps its entries)."""
    entries = list(passport.entries.all()) if passport is not None else []
    by_heading = {e.heading_id: e for e in entries if e.heading_id is not None}
    by_title: dict[str, PassportEntry] = {}
    for entry in entries:
        by_title.setdefault(entry.title, entry)
    used: set[int] = set()
    sections = []
    for index, heading in enumerate(headings):
        entry = by_heading.get(heading.pk) if heading.pk is not None else None
        if entry is None or entry.pk in used:
            entry = by_title.get(heading.title)
        if entry is not None and entry.pk in used:
            entry = None
        if entry is not None:
            used.add(entry.pk)
        sections.append(
            Section(
                key=f"h{heading.pk}" if heading.pk is not None else f"b{index}",
                title=heading.shown_title,
                guidance=heading.shown_guidance,
                text=entry.text if entry is not None else "",
                current=True,
                heading=heading,
                entry=entry,
            )
        )
    for entry in entries:
        if entry.pk in used or not entry.text.strip():
            continue
        sections.append(
            Section(
                key=f"e{entry.pk}",
                title=gettext(entry.title),
                guidance="",
                text=entry.text,
                current=False,
                entry=entry,
            )
        )
    return sections


def passport_of(*, pupil: Pupil) -> Passport | None:
    """The pupil's passport with its entries, or None before anyone writes one. Two queries."""
    return (
        Passport.objects.filter(pupil=pupil)
        .select_related("updated_by")
        .prefetch_related(Prefetch("entries", queryset=PassportEntry.objects.order_by("order")))
        .first()
    )


@dataclass(frozen=True)
class PassportPage:
    pupil: Pupil
    passport: Passport | None
    sections: list[Section]
    source: str

    @property
    def written(self) -> list[Section]:
        return [section for section in self.sections if section.text.strip()]


def passport_page(*, pupil: Pupil) -> PassportPage:
    """A pupil's passport under the template in force, not audited (for services and for
    selectors that audit the read themselves)."""
    headings = headings_for_school(school=pupil.school)
    passport = passport_of(pupil=pupil)
    return PassportPage(
        pupil=pupil,
        passport=passport,
        sections=passport_sections(passport=passport, headings=headings.headings),
        source=headings.source,
    )


def passport_page_audited(
    *, actor, context: AuditContext, pupil: Pupil, detail: str = "passport"
) -> PassportPage:
    """A pupil's passport for someone the access check let through. Audited: each read is
    written to the audit trail (SUPPORT_VIEWED, detail `passport`), since it tells the pupil's
    needs (COP-6.49). Five queries however long the passport."""
    page = passport_page(pupil=pupil)
    audit_record(
        action=AuditAction.SUPPORT_VIEWED, actor=actor, context=context, obj=pupil, detail=detail
    )
    return page
