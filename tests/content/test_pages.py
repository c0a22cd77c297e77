"""Public pages: each school's SEN information report, signposting, guidance, search, cache."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from content.models import SchoolPage, SENInformationReportPage
from content.report import EDITABLE_SECTIONS, SECTIONS
from portal.schools.models import School
from tests.conftest import count_queries, sign_in
from tests.content.conftest import complete_sections, publish


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_every_page_type_renders(site, client):
    assert "Riverside Primary" in _text(client.get("/"))
    assert "What SEN Support is" in _text(client.get("/"))
    assert "Contact our SENCO" in _text(client.get(site.page_a.url))
    assert "In short" in _text(client.get(site.report_a.url))
    assert "Do I need a diagnosis?" in _text(client.get(site.guidance.url))
    results = _text(client.get(site.page_a.url + "search/", {"q": "learn"}))
    assert "1 result" in results
    assert f'href="{site.report_a.url}"' in results


def test_the_report_has_every_schedule_1_item_with_anchors_in_order(site, client):
    page = _text(client.get(site.report_a.url))
    positions = [page.index(f'id="{section.code.lower()}"') for section in SECTIONS]
    assert positions == sorted(positions)
    for section in SECTIONS:
        assert f'href="#{section.code.lower()}"' in page  # the contents list
    assert "Content for SIR-3g." in page
    assert "Content for S69-d." in page


def test_senco_iass_and_local_offer_come_from_their_records(site, world, client):
    world.school_a.senco_name = "Priya Shah"
    world.school_a.save()
    world.authority.iass_phone = "01632 960 999"
    world.authority.save()
    page = _text(client.get(site.report_a.url))
    assert "Priya Shah" in page
    assert world.school_a.senco_email in page
    assert "01632 960 999" in page
    assert world.authority.local_offer_url in page
    assert world.authority.iass_name in page


def test_every_public_page_of_a_school_signposts_independent_advice(site, world, client):
    for url in (site.page_a.url, site.report_a.url, site.page_a.url + "search/?q=x", "/"):
        page = _text(client.get(url))
        assert "Independent advice" in page, url
        assert world.authority.iass_name in page, url
        assert world.authority.local_offer_url in page, url


def test_the_last_reviewed_date_is_shown_to_readers(site, client):
    site.report_a.last_reviewed = datetime.date(2026, 3, 4)
    publish(site.report_a)
    assert "Last reviewed: 4 March 2026" in _text(client.get(site.report_a.url))


def test_an_overdue_review_shows_nothing_wrong_to_readers(site, client):
    site.report_a.last_reviewed = datetime.date(2020, 1, 1)
    publish(site.report_a)
    assert "overdue" not in _text(client.get(site.report_a.url)).lower()


def test_overdue_exactly_after_12_months_and_one_day():
    school = School(sen_report_reviewed_on=datetime.date(2025, 11, 22))
    assert not school.sen_report_review_overdue(today=datetime.date(2026, 11, 22))
    assert school.sen_report_review_overdue(today=datetime.date(2026, 11, 23))
    leap = School(sen_report_reviewed_on=datetime.date(2024, 2, 29))
    assert not leap.sen_report_review_overdue(today=datetime.date(2025, 2, 28))
    assert leap.sen_report_review_overdue(today=datetime.date(2025, 3, 1))


def test_publishing_a_report_records_its_review_date_for_the_dashboards(site, world):
    world.school_a.refresh_from_db()
    assert world.school_a.sen_report_reviewed_on == site.report_a.last_reviewed
    assert world.school_a.sen_report_url == site.report_a.url


def _report_reviewed(site, day):
    site.report_a.last_reviewed = day
    publish(site.report_a)


def test_dashboards_flag_an_overdue_report_at_12_months_and_one_day(site, world, client):
    today = datetime.date.today()
    from portal.schools.models import add_months

    _report_reviewed(site, add_months(today, -12))
    senco = _text(sign_in(client, world.senco_a).get("/portal/"))
    assert "SEN information report review overdue" not in senco
    _report_reviewed(site, add_months(today, -12) - datetime.timedelta(days=1))
    assert "SEN information report review overdue" in _text(client.get("/portal/"))
    lead = _text(sign_in(Client(), world.trust_lead).get("/portal/"))
    assert "SEN information report review overdue" in lead
    cms = _text(sign_in(Client(), world.senco_a).get("/cms/"))
    assert "SEN information report review overdue" in cms
    assert world.school_a.name in cms


def _edit_post_data(page, **overrides):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "last_reviewed": page.last_reviewed.isoformat(),
    }
    for section in EDITABLE_SECTIONS:
        data[f"{section.field}-count"] = "0"
    data.update(overrides)
    return data


def test_publishing_an_incomplete_report_is_refused_naming_the_missing_items(site, world, client):
    client = sign_in(client, world.head_a)
    url = f"/cms/pages/{site.report_a.pk}/edit/"
    response = client.post(url, _edit_post_data(site.report_a, **{"action-publish": "1"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot be published until every required item has content" in page
    assert "SIR-1 The kinds of special educational needs we provide for" in page
    assert "S69-d Our accessibility plan" in page
    site.report_a.refresh_from_db()
    assert site.report_a.sir_1  # the live report keeps its content


def test_an_incomplete_draft_can_be_saved(site, world, client):
    client = sign_in(client, world.senco_a)
    url = f"/cms/pages/{site.report_a.pk}/edit/"
    response = client.post(url, _edit_post_data(site.report_a, title="Draft report"))
    assert response.status_code == 302
    site.report_a.refresh_from_db()
    assert site.report_a.has_unpublished_changes
    assert site.report_a.get_latest_revision_as_object().title == "Draft report"


def test_the_senco_cannot_publish_but_submits_to_the_headteacher_who_approves(site, world, client):
    from wagtail.models import WorkflowState

    senco = sign_in(client, world.senco_a)
    url = f"/cms/pages/{site.report_a.pk}/edit/"
    data = _edit_post_data(site.report_a, title="Reviewed report", **{"action-publish": "1"})
    data.update(
        nested_form_data(
            {
                section.field: streamfield(
                    [("paragraph", rich_text(f"<p>Updated {section.code}</p>"))]
                )
                for section in EDITABLE_SECTIONS
            }
        )
    )
    senco.post(url, data)
    site.report_a.refresh_from_db()
    assert site.report_a.title == "SEN information report"  # not published by the SENCO
    data.pop("action-publish")
    data["action-submit"] = "1"
    senco.post(url, data)
    state = WorkflowState.objects.get(object_id=str(site.report_a.pk))
    assert state.status == "in_progress"
    head = sign_in(Client(), world.head_a)
    task_state = state.current_task_state
    response = head.post(
        f"/cms/pages/workflow/action/{site.report_a.pk}/approve/{task_state.pk}/",
        {"comment": "Looks right"},
    )
    assert response.status_code in (200, 302)
    site.report_a.refresh_from_db()
    assert site.report_a.title == "Reviewed report"
    assert site.report_a.live
    assert site.report_a.revisions.count() >= 3  # revisions are kept


def test_an_editor_of_one_school_cannot_edit_another_schools_pages(site, world, client):
    client = sign_in(client, world.senco_a)
    assert client.get(f"/cms/pages/{site.report_a.pk}/edit/").status_code == 200
    response = client.get(f"/cms/pages/{site.report_b.pk}/edit/")
    assert response.status_code in (302, 403)
    before = site.report_b.title
    client.post(f"/cms/pages/{site.report_b.pk}/edit/", _edit_post_data(site.report_b, title="X"))
    site.report_b.refresh_from_db()
    assert site.report_b.title == before
    assert site.report_b.get_latest_revision_as_object().title == before


def test_the_welsh_report_is_served_under_its_prefix(site, client):
    from wagtail.models import Locale

    welsh = site.report_a.copy_for_translation(
        Locale.objects.get(language_code="cy"), copy_parents=True, alias=False
    )
    for ancestor in welsh.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.alias_of_id:
            publish(ancestor)
    welsh.title = "Adroddiad gwybodaeth AAA"
    welsh.summary = "Rydym yn cefnogi pob plentyn."
    publish(welsh)
    assert welsh.url.startswith("/cy/")
    page = _text(client.get(welsh.url))
    assert '<html lang="cy"' in page
    assert "Adroddiad gwybodaeth AAA" in page
    english = _text(client.get(site.report_a.url))
    assert f'href="{welsh.url}"' in english  # the switcher offers the Welsh version
    assert 'href="/ur/' not in english  # and not a language the page does not exist in


def test_anonymous_readers_get_cached_pages_purged_on_publish(
    site, client, django_capture_on_commit_callbacks
):
    first = client.get(site.report_a.url)
    assert first["X-Cache"] == "miss"
    assert "public" in first["Cache-Control"]
    assert first["ETag"]
    second = client.get(site.report_a.url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert client.get(site.report_a.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    site.report_a.summary = "A new summary after the annual review."
    with django_capture_on_commit_callbacks(execute=True):
        publish(site.report_a)
    third = client.get(site.report_a.url)
    assert third["X-Cache"] == "miss"
    assert "A new summary after the annual review." in third.content.decode()


def test_signed_in_readers_are_not_served_from_the_cache(site, world, client):
    client.get(site.report_a.url)
    signed_in = sign_in(Client(), world.parent_1).get(site.report_a.url)
    assert "X-Cache" not in signed_in
    assert "Sign out" in signed_in.content.decode()


def _report_queries(client, url) -> int:
    return count_queries(lambda: client.get(url))


def test_report_page_queries_do_not_grow_with_sections_or_schools(site, world, client):
    from tests.factories import SchoolFactory

    client.cookies["bypass"] = "1"  # a cookie keeps the reader out of the public cache
    client.get(site.report_a.url)  # the footer's links, kept until pages change
    baseline = _report_queries(client, site.report_a.url)
    site.report_a.sir_1 = [("paragraph", f"<p>Paragraph {n}</p>") for n in range(30)]
    publish(site.report_a)
    for _ in range(5):
        SchoolFactory(local_authority=world.authority)
    client.get(site.report_a.url)
    assert _report_queries(client, site.report_a.url) == baseline


def test_search_finds_a_schools_pages_and_not_another_schools(site, client):
    site.report_b.sir_1 = [("paragraph", "<p>Hydrotherapy pool</p>")]
    publish(site.report_b)
    assert "0 results" in _text(client.get(site.page_a.url + "search/", {"q": "Hydrotherapy"}))
    assert "1 result" in _text(client.get(site.page_b.url + "search/", {"q": "Hydrotherapy"}))


def test_new_report_pages_start_from_the_school_section(site):
    assert SENInformationReportPage.parent_page_types == ["content.SchoolPage"]
    assert SchoolPage.objects.count() == 2
    assert complete_sections()


def test_every_page_footer_links_the_accessibility_statement(site, client):
    from content.models import GuidancePage

    statement = site.home.add_child(
        instance=GuidancePage(title="Accessibility statement", slug="accessibility-statement")
    )
    publish(statement)
    for url in ("/accounts/login/", site.report_a.url):
        assert 'href="/accessibility-statement/">Accessibility statement' in _text(client.get(url))


def test_restricting_a_page_removes_it_from_the_public_cache(
    site, client, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    assert client.get(site.report_a.url).status_code == 200
    assert client.get(site.report_a.url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=site.page_a, restriction_type="login")
    response = client.get(site.report_a.url)
    assert response.status_code == 302  # now sign-in only
    search = _text(client.get(site.page_b.url + "search/", {"q": "learn"}))
    assert site.report_a.url not in search


def test_pages_with_a_query_string_are_not_cached(site, client):
    client.get(site.report_a.url + "?junk=1")
    assert "X-Cache" not in client.get(site.report_a.url + "?junk=1")


def test_unpublishing_the_report_flags_it_as_missing_on_the_dashboard(site, world, client):
    site.report_a.unpublish()
    world.school_a.refresh_from_db()
    assert world.school_a.sen_report_reviewed_on is None
    page = _text(sign_in(client, world.senco_a).get("/portal/"))
    assert "SEN information report review overdue" in page


def test_a_review_date_in_the_future_is_refused(site, world, client):
    client = sign_in(client, world.senco_a)
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        f"/cms/pages/{site.report_a.pk}/edit/",
        _edit_post_data(site.report_a, last_reviewed=future),
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()


def test_an_editor_cannot_move_a_school_section_to_another_school(site, world, client):
    client = sign_in(client, world.senco_a)
    page = client.get(f"/cms/pages/{site.page_a.pk}/edit/").content.decode()
    assert 'name="school"' not in page


def _public_urls(site) -> list[str]:
    return [site.home.url, site.page_a.url, site.report_a.url, site.guidance.url]


def test_readers_with_only_a_csrf_cookie_are_served_cached_pages(site, client):
    client.get("/accounts/login/")  # the sign-in page sets the CSRF cookie
    assert set(client.cookies) == {settings.CSRF_COOKIE_NAME}
    for url in _public_urls(site):
        first = client.get(url)
        second = client.get(url)
        assert first["X-Cache"] == "miss", url
        assert second["X-Cache"] == "hit", url
        assert second.content == first.content
        assert not second.cookies, url  # a cached page never sets a cookie
        assert "Cookie" in second["Vary"]


def test_the_language_and_known_device_cookies_do_not_keep_readers_from_the_cache(site):
    from portal.auth.sign_in_limits import KNOWN_DEVICE_COOKIE

    Client().get(site.report_a.url)
    reader = Client()
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    reader.cookies[KNOWN_DEVICE_COOKIE] = "signed-value"
    reader.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    response = reader.get(site.report_a.url)
    assert response["X-Cache"] == "hit"
    assert '<html lang="en"' in response.content.decode()  # the address chooses the language


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "anything_else"])
def test_a_session_or_unknown_cookie_is_never_served_or_stored_in_the_cache(site, cookie):
    reader = Client()
    reader.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    reader.cookies[settings.SESSION_COOKIE_NAME if cookie == "sessionid" else cookie] = "1"
    for _ in range(2):
        assert "X-Cache" not in reader.get(site.report_a.url)
    assert Client().get(site.report_a.url)["X-Cache"] == "miss"  # nothing was stored


def test_a_cached_page_carries_no_csrf_token(site, client):
    client.get("/accounts/login/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    for url in [*_public_urls(site), site.page_a.url + "search/?q=support"]:
        client.get(url)
        page = client.get(url)
        assert "csrfmiddlewaretoken" not in page.content.decode(), url
        assert token not in page.content.decode(), url
    # The sign-in form holds a token: it is never cached, for any reader.
    assert "X-Cache" not in client.get("/accounts/login/")
    assert "X-Cache" not in Client().get("/accounts/login/")


def test_the_footer_links_are_kept_until_a_page_is_published(
    site, world, client, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from content.models import GuidancePage

    client = sign_in(client, world.parent_1)
    assert "Privacy notice" not in _text(client.get("/portal/"))
    with django_capture_on_commit_callbacks(execute=True):
        notice = GuidancePage(title="Privacy notice", slug="privacy-notice")
        publish(site.home.add_child(instance=notice))
    assert 'href="/privacy-notice/">Privacy notice' in _text(client.get("/portal/"))
    # Signed-in pages do not ask the database for the footer on every request.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/portal/").status_code == 200
    assert not [q["sql"] for q in queries if "wagtailcore_page" in q["sql"]]
