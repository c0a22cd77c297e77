"""The page listing's bulk "Publish" refuses an incomplete SEN information report, as the edit
form does, and still publishes the complete ones."""

from django.contrib.messages import get_messages

from content.models import SENInformationReportPage
from tests.conftest import sign_in

BULK_PUBLISH = "/cms/bulk/wagtailcore/page/publish/"


def _draft(report, **fields):
    report = SENInformationReportPage.objects.get(pk=report.pk)
    for name, value in fields.items():
        setattr(report, name, value)
    report.save_revision()
    return report


def _query(*pages) -> str:
    return "?" + "&".join(f"id={page.pk}" for page in pages) + "&next=/cms/"


def test_bulk_publish_refuses_an_incomplete_report_and_publishes_a_complete_one(
    site, world, client
):
    _draft(site.report_a, title="Incomplete report", sir_1=[], access_plan=[])
    _draft(site.report_b, title="Reviewed report")
    client = sign_in(client, world.superuser)
    response = client.post(BULK_PUBLISH + _query(site.report_a, site.report_b), {})
    assert response.status_code == 302
    errors = [str(message) for message in get_messages(response.wsgi_request)]
    refusal = next(message for message in errors if "was not published" in message)
    assert "“Incomplete report”" in refusal
    assert world.school_a.name in refusal
    assert "SIR-1 The kinds of special educational needs we provide for" in refusal
    assert "S69-d Our accessibility plan" in refusal
    assert "SIR-2" not in refusal
    site.report_a.refresh_from_db()
    site.report_b.refresh_from_db()
    assert site.report_a.title == "SEN information report" and site.report_a.sir_1
    assert site.report_b.title == "Reviewed report"


def test_the_confirmation_page_names_the_report_that_will_not_be_published(site, world, client):
    _draft(site.report_a, sir_3g=[])
    client = sign_in(client, world.head_a)
    page = client.get(BULK_PUBLISH + _query(site.report_a)).content.decode()
    assert "Reports that cannot be published yet" in page
    assert "SIR-3g Support for emotional, mental and social development" in page
    assert "Yes, publish" not in page


def test_the_headteacher_bulk_publishes_a_complete_report(site, world, client):
    _draft(site.report_a, title="Reviewed this term")
    client = sign_in(client, world.head_a)
    client.post(BULK_PUBLISH + _query(site.report_a), {})
    site.report_a.refresh_from_db()
    assert site.report_a.title == "Reviewed this term"


def test_publishing_a_section_with_its_subpages_leaves_an_incomplete_report_a_draft(
    site, world, client
):
    site.report_a.unpublish()
    _draft(site.report_a, sir_9=[])
    client = sign_in(client, world.superuser)
    client.post(BULK_PUBLISH + _query(site.page_a), {"include_descendants": "on"})
    site.report_a.refresh_from_db()
    assert not site.report_a.live
