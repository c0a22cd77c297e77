"""The SEN information report's required contents: SEND Regulations 2014, Schedule 1 (SIR-1 to
SIR-13, item 3 in its parts a to g) and the Children and Families Act 2014 s.69 accessibility
arrangements. SIR-4 (the SENCO), SIR-11 (the IASS) and SIR-13 (the Local Offer) come from the
school and local authority records, so nobody types them twice."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    field: str  # the page's StreamField, or "" when the content comes from a record
    code: str  # the requirement id used in code and tests
    title: str
    hint: str = ""
    from_record: bool = False


SECTIONS: tuple[Section, ...] = (
    Section("sir_1", "SIR-1", _("The kinds of special educational needs we provide for")),
    Section("sir_2", "SIR-2", _("How we identify and assess pupils with SEN")),
    Section("sir_3a", "SIR-3a", _("How we evaluate whether our provision works")),
    Section("sir_3b", "SIR-3b", _("How we assess and review pupils' progress")),
    Section("sir_3c", "SIR-3c", _("Our approach to teaching pupils with SEN")),
    Section("sir_3d", "SIR-3d", _("How we adapt the curriculum and learning environment")),
    Section("sir_3e", "SIR-3e", _("Additional support for learning")),
    Section("sir_3f", "SIR-3f", _("Taking part in all activities with other pupils")),
    Section("sir_3g", "SIR-3g", _("Support for emotional, mental and social development")),
    Section("", "SIR-4", _("Our SENCO and how to contact them"), from_record=True),
    Section("sir_5", "SIR-5", _("Staff expertise and training")),
    Section("sir_6", "SIR-6", _("Equipment and facilities")),
    Section("sir_7", "SIR-7", _("How we consult and involve parents and carers")),
    Section("sir_8", "SIR-8", _("How we consult and involve pupils")),
    Section("sir_9", "SIR-9", _("Complaints")),
    Section(
        "sir_10",
        "SIR-10",
        _("Working with health, social care, local authority services and voluntary bodies"),
    ),
    Section("", "SIR-11", _("Support services for parents, including the IASS"), from_record=True),
    Section("sir_12", "SIR-12", _("Moving between phases and preparing for adulthood")),
    Section("", "SIR-13", _("The local authority's Local Offer"), from_record=True),
    Section("access_admissions", "S69-a", _("Admission arrangements for disabled pupils")),
    Section(
        "access_equal_treatment",
        "S69-b",
        _("How we prevent disabled pupils being treated less favourably"),
    ),
    Section("access_facilities", "S69-c", _("Facilities that help disabled pupils")),
    Section("access_plan", "S69-d", _("Our accessibility plan")),
)

EDITABLE_SECTIONS = tuple(section for section in SECTIONS if not section.from_record)


def missing_sections(values: dict) -> list[Section]:
    """The required sections with no content in `values` (field name -> StreamValue or list)."""
    return [section for section in EDITABLE_SECTIONS if not values.get(section.field)]
