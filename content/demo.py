"""Demo public pages, loaded by `manage.py seed_demo`: each school's section and complete SEN
information report, the guidance pages, a Welsh translation of one report, and the statutory
pages. The text is data in content/fixtures/demo/; this module holds only the loader.
Idempotent."""

from __future__ import annotations

import datetime
from functools import cache

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from content import fixture_data
from content.models import GuidancePage, HomePage, SENInformationReportPage
from content.report import EDITABLE_SECTIONS
from content.services import school_editor_add, school_section_set_up, statutory_pages_set_up
from portal.people.models import StaffMembership, StaffRole
from portal.schools.models import School

WELSH_REPORT_URN = "100001"
REPORT_SLUG = "sen-information-report"
SECONDARY_URNS = {"100002": "secondary"}
PHASES = ("primary", "secondary")
DEMO_CONTACT_EMAIL = "dpo@portal.example.org"
DEMO_CONTACT_PHONE = "01632 960 450"


@cache
def _data(name: str):
    return fixture_data.load(f"demo/{name}.yaml")


def report_summary(school_name: str) -> str:
    """The report's plain-text summary for `school_name`."""
    return fixture_data.fill(_data("report")["summary"], {"school": school_name}, html=False)


def report_sections(school_name: str, phase: str) -> dict[str, list]:
    """The report's sections for a mainstream `phase` school, keyed by StreamField name."""
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {PHASES}, not {phase!r}")
    sections = _data("report")["sections"]
    return {
        section.field: fixture_data.stream(
            sections[section.field], variant=phase, placeholders={"school": school_name}
        )
        for section in EDITABLE_SECTIONS
    }


def guidance_pages() -> list[dict]:
    return [
        {**page, "body": fixture_data.stream(page["body"])} for page in _data("guidance")["pages"]
    ]


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _report_fields(school: School, phase: str) -> dict:
    sections = report_sections(school.name, phase)
    return {
        "summary": report_summary(school.name),
        # Reviewed two months ago: comfortably within the yearly review.
        "last_reviewed": timezone.localdate() - datetime.timedelta(days=60),
        **{section.field: sections[section.field] for section in EDITABLE_SECTIONS},
    }


def _upsert_child(parent: Page, model, slug: str, fields: dict) -> Page:
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    _publish(page)
    return page


@transaction.atomic
def seed(*, stdout) -> None:
    for code in ("cy", "ur"):
        Locale.objects.get_or_create(language_code=code)
    home = HomePage.objects.get(locale__language_code="en")
    for school in School.objects.order_by("urn"):
        school_page = school_section_set_up(school=school, home=home)
        phase = SECONDARY_URNS.get(school.urn, "primary")
        report = _upsert_child(
            school_page,
            SENInformationReportPage,
            REPORT_SLUG,
            {"title": "SEN information report", **_report_fields(school, phase)},
        )
        for membership in StaffMembership.objects.filter(
            school=school, role__in=[StaffRole.SENCO, StaffRole.HEADTEACHER]
        ).select_related("user"):
            school_editor_add(
                school=school,
                user=membership.user,
                approver=membership.role == StaffRole.HEADTEACHER,
            )
        if school.urn == WELSH_REPORT_URN:
            _translate_report_to_welsh(report)
    for guidance in guidance_pages():
        _upsert_child(
            home,
            GuidancePage,
            guidance["slug"],
            {"title": guidance["title"], "intro": guidance["intro"], "body": guidance["body"]},
        )
    statutory_pages_set_up(
        home=home, contact_email=DEMO_CONTACT_EMAIL, contact_phone=DEMO_CONTACT_PHONE
    )
    stdout.write("Public pages: each school's SEN information report, guidance, a Welsh report.")


def _translate_report_to_welsh(report: SENInformationReportPage) -> None:
    welsh = Locale.objects.get(language_code="cy")
    translation = report.get_translation_or_none(welsh)
    if translation is None:
        translation = report.copy_for_translation(welsh, copy_parents=True, alias=False)
    for ancestor in translation.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.live:
            _publish(ancestor)
    data = _data("report_cy")
    translation.title = data["title"]
    translation.summary = data["summary"]
    translation.last_reviewed = report.last_reviewed
    for section in EDITABLE_SECTIONS:
        setattr(translation, section.field, fixture_data.stream(data["sections"][section.field]))
    _publish(translation)
