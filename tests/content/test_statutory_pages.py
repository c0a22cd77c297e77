"""The accessibility statement and privacy notices exist on any database, not only the demo:
`manage.py setup_statutory_pages` makes them from editable default text kept as data files."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from content.models import GuidancePage
from content.services import STATUTORY_SLUGS
from tests.conftest import ensure_home_page


def _set_up(**options) -> str:
    out = StringIO()
    call_command(
        "setup_statutory_pages",
        contact_email=options.pop("contact_email", "privacy@school.example.org"),
        stdout=out,
        **options,
    )
    return out.getvalue()


def test_footer_links_reach_every_statutory_page_on_a_fresh_database(
    db, client, django_capture_on_commit_callbacks
):
    ensure_home_page()
    assert "Accessibility statement" not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _set_up(contact_phone="01632 960 999")
    home = client.get("/").content.decode()
    for title, path in (
        ("Accessibility statement", "/accessibility-statement/"),
        ("Privacy notice", "/privacy-notice/"),
        ("Your information: a guide for children and young people", "/privacy-for-children/"),
    ):
        assert f'href="{path}">{title}</a>' in home
        page = client.get(path)
        assert page.status_code == 200
        assert title in page.content.decode()
    statement = client.get("/accessibility-statement/").content.decode()
    assert "privacy@school.example.org" in statement
    assert "01632 960 999" in statement
    assert "{contact_email}" not in statement and "{site_url}" not in statement


def test_the_child_friendly_notice_speaks_to_children(db, client):
    ensure_home_page()
    _set_up()
    page = client.get("/privacy-for-children/").content.decode()
    assert "Do I have to answer every question?" in page
    assert "We keep it until you are 25." in page


def test_setting_up_twice_changes_nothing(db):
    ensure_home_page()
    assert "created" in _set_up()
    revisions = {page.slug: page.revisions.count() for page in GuidancePage.objects.all()}
    output = _set_up()
    assert output.count("unchanged") == len(STATUTORY_SLUGS)
    assert {page.slug: page.revisions.count() for page in GuidancePage.objects.all()} == revisions


def test_a_page_an_editor_changed_is_never_overwritten(db, world):
    ensure_home_page()
    _set_up()
    page = GuidancePage.objects.get(slug="privacy-notice")
    page.intro = "Our own privacy notice, written by the trust's data protection officer."
    page.save_revision(user=world.superuser).publish(user=world.superuser)
    assert "privacy-notice: kept" in _set_up(contact_email="someone@else.example.org")
    page.refresh_from_db()
    assert page.intro.startswith("Our own privacy notice")


def test_a_page_an_editor_unpublished_stays_unpublished(db, world):
    ensure_home_page()
    _set_up()
    page = GuidancePage.objects.get(slug="accessibility-statement")
    page.unpublish(user=world.superuser)
    _set_up()
    page.refresh_from_db()
    assert not page.live


def test_a_deleted_statutory_page_is_made_again(db):
    ensure_home_page()
    _set_up()
    GuidancePage.objects.get(slug="privacy-for-children").delete()
    assert "privacy-for-children: created" in _set_up()
    assert GuidancePage.objects.get(slug="privacy-for-children").live


def test_the_contact_email_is_required(db):
    ensure_home_page()
    with pytest.raises(CommandError):
        call_command("setup_statutory_pages", stdout=StringIO())
