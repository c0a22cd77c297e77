"""Public pages for readers of other languages, the report's title, search results and the
Urdu fonts."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale

from content.models import SENInformationReportPage
from tests.content.conftest import URDU_SUMMARY, publish, translate_report_to_urdu


@pytest.fixture
def urdu(db):
    Locale.objects.get_or_create(language_code="ur")


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_an_untranslated_report_under_ur_says_it_is_shown_in_english(site, urdu, client):
    page = _html(client.get("/ur" + site.report_a.url))
    assert '<html lang="ur" dir="rtl"' in page
    with translation.override("ur"):
        notice = gettext(
            "This page is not yet available in %(language)s; it is shown in %(page_language)s."
        )
    assert (
        notice
        != "This page is not yet available in %(language)s; it is shown in %(page_language)s."
    )
    assert notice.split("%")[0].strip() in page and "app-untranslated" in page
    # The page's own words are marked as English; the portal's headings stay Urdu.
    assert '<h1 class="govuk-heading-xl" lang="en" dir="ltr">' in page
    assert 'lang="en" dir="ltr">' in page.split('id="sir-9"')[1].split("</section>")[0]
    assert "Content for SIR-9." in page
    with translation.override("ur"):
        assert gettext("Contents") in page


def test_a_page_in_the_readers_language_has_no_notice(site, client):
    page = _html(client.get(site.report_a.url))
    assert "app-untranslated" not in page
    assert 'lang="en" dir="ltr"' not in page.split("<main")[1].split("</main>")[0]


def test_the_switcher_offers_urdu_only_where_the_page_is_translated(
    site, urdu, client, django_capture_on_commit_callbacks
):
    untranslated = _html(client.get(site.report_a.url))
    assert 'hreflang="ur"' not in untranslated
    assert 'hreflang="ur"' not in _html(client.get("/ur" + site.report_a.url))
    with django_capture_on_commit_callbacks(execute=True):
        urdu_report = translate_report_to_urdu(site.report_a)
    assert urdu_report.url.startswith("/ur/")
    english = _html(client.get(site.report_a.url))
    assert f'href="{urdu_report.url}" rel="alternate" lang="ur" hreflang="ur"' in english
    translated = _html(client.get(urdu_report.url))
    assert URDU_SUMMARY in translated
    assert "app-untranslated" not in translated
    assert 'lang="en" dir="ltr"' not in translated.split("<main")[1].split("</main>")[0]


def test_the_urdu_stylesheet_with_its_fonts_is_linked_only_on_urdu_pages(site, urdu, client):
    assert "css/urdu.css" in _html(client.get("/ur" + site.report_a.url))
    assert "css/urdu.css" not in _html(client.get(site.report_a.url))
    assert "css/urdu.css" not in _html(client.get("/cy" + site.guidance.url))


def test_names_in_the_report_are_isolated_from_right_to_left_text(site, world, urdu, client):
    page = _html(client.get("/ur" + site.report_a.url))
    assert f"<bdi>{world.school_a.name}</bdi>" in page
    assert f"<bdi>{world.school_a.senco_name}</bdi>" in page
    assert f'dir="ltr" href="mailto:{world.school_a.senco_email}"' in page


def test_the_reports_browser_title_names_the_school(site, world, client):
    page = _html(client.get(site.report_a.url))
    title = page.split("<title>")[1].split("</title>")[0]
    assert world.school_a.name in title
    assert "SEN information report" in title


def test_report_text_is_styled_as_the_sites_body_text(site, client):
    page = _html(client.get(site.report_a.url))
    section = page.split('id="sir-1"')[1].split("</section>")[0]
    rich_text = section.split('<div class="app-rich-text">')[1]
    assert "<p>Content for SIR-1.</p>" in rich_text


def test_search_shows_the_matching_passage_and_links_to_the_section(site, client):
    report = SENInformationReportPage.objects.get(pk=site.report_a.pk)
    report.sir_9 = [
        ("paragraph", "<p>Tell us first. Our complaints procedure has three stages.</p>")
    ]
    publish(report)
    page = _html(client.get(site.page_a.url + "search/?q=complaints"))
    assert f'href="{site.report_a.url}#sir-9"' in page
    assert "Our <mark>complaints</mark> procedure has three stages." in page
    assert "SEN information report: Complaints" in page


def test_the_matching_passage_ignores_letter_case(site, client):
    page = _html(client.get(site.page_a.url + "search/?q=SUPPORT"))
    assert "<mark>support</mark>" in page
