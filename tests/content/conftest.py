import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from wagtail.models import Locale

from content.models import GuidancePage, SENInformationReportPage
from content.report import EDITABLE_SECTIONS
from content.services import school_editor_add, school_section_set_up
from tests.conftest import ensure_home_page


def complete_sections(prefix: str = "") -> dict:
    return {
        section.field: [("paragraph", f"<p>{prefix}Content for {section.code}.</p>")]
        for section in EDITABLE_SECTIONS
    }


def publish(page):
    page.save_revision().publish()
    return page


@dataclass
class Site:
    home: object
    page_a: object
    page_b: object
    report_a: object
    report_b: object
    guidance: object


@pytest.fixture
def site(world) -> Site:
    Locale.objects.get_or_create(language_code="cy")
    home = ensure_home_page()
    page_a = school_section_set_up(school=world.school_a, home=home)
    page_b = school_section_set_up(school=world.school_b, home=home)
    reports = []
    for page in (page_a, page_b):
        report = page.add_child(
            instance=SENInformationReportPage(
                title="SEN information report",
                slug="sen-information-report",
                summary="We support every child to learn and join in.",
                last_reviewed=timezone.localdate() - datetime.timedelta(days=30),
                **complete_sections(),
            )
        )
        reports.append(publish(report))
    guidance = home.add_child(
        instance=GuidancePage(
            title="What SEN Support is",
            slug="what-is-sen-support",
            intro="Help in school for children who need more.",
            body=[
                ("heading", "Who it is for"),
                ("paragraph", "<p>Children who need support that is extra to or different.</p>"),
                ("question", {"question": "Do I need a diagnosis?", "answer": "<p>No.</p>"}),
            ],
        )
    )
    publish(guidance)
    school_editor_add(school=world.school_a, user=world.senco_a)
    school_editor_add(school=world.school_a, user=world.head_a, approver=True)
    school_editor_add(school=world.school_b, user=world.senco_b)
    return Site(home, page_a, page_b, reports[0], reports[1], guidance)


URDU_SUMMARY = "ہم ہر بچے کی سیکھنے اور شامل ہونے میں مدد کرتے ہیں۔"


def translate_report_to_urdu(report) -> SENInformationReportPage:
    """An Urdu translation of `report`, published with its parents, as an editor would make."""
    urdu, _ = Locale.objects.get_or_create(language_code="ur")
    translation = report.copy_for_translation(urdu, copy_parents=True, alias=False)
    for ancestor in translation.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.alias_of_id and not ancestor.live:
            publish(ancestor)
    translation.title = "ایس ای این معلوماتی رپورٹ"
    translation.summary = URDU_SUMMARY
    for section in EDITABLE_SECTIONS:
        setattr(
            translation,
            section.field,
            [("paragraph", f"<p>{section.code} کے لیے مواد۔ رابطہ: senco@example.org</p>")],
        )
    return publish(translation)
