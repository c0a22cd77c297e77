"""Demo public pages, loaded by `manage.py seed_demo`: each school's section and complete SEN
information report, the guidance pages, and a Welsh translation of one report. Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from content import demo_content
from content.models import GuidancePage, HomePage, SENInformationReportPage
from content.report import EDITABLE_SECTIONS
from content.services import school_editor_add, school_section_set_up
from portal.people.models import StaffMembership, StaffRole
from portal.schools.models import School

WELSH_REPORT_URN = "100001"
REPORT_SLUG = "sen-information-report"
SECONDARY_URNS = {"100002": "secondary"}


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _report_fields(school: School, phase: str) -> dict:
    sections = demo_content.report_sections(school.name, phase)
    return {
        "summary": demo_content.report_summary(school.name),
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
    for guidance in demo_content.GUIDANCE_PAGES:
        _upsert_child(
            home,
            GuidancePage,
            guidance["slug"],
            {"title": guidance["title"], "intro": guidance["intro"], "body": guidance["body"]},
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
    translation.title = demo_content.REPORT_TITLE_CY
    translation.summary = demo_content.REPORT_SUMMARY_CY
    translation.last_reviewed = report.last_reviewed
    for section in EDITABLE_SECTIONS:
        setattr(translation, section.field, demo_content.REPORT_SECTIONS_CY[section.field])
    _publish(translation)
