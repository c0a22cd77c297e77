"""Pages leave compressed when the browser accepts it; static files are pre-compressed."""

from __future__ import annotations

import gzip

import brotli
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from tests.conftest import sign_in
from tests.content.conftest import site  # noqa: F401 - the public pages


def test_the_report_is_sent_gzipped_to_a_browser_that_accepts_it(site):  # noqa: F811
    plain = Client().get(site.report_a.url)
    assert "Content-Encoding" not in plain
    squeezed = Client().get(site.report_a.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert squeezed["X-Cache"] == "hit"
    assert squeezed["Content-Encoding"] == "gzip"
    assert len(squeezed.content) < len(plain.content) / 3, (
        len(squeezed.content),
        len(plain.content),
    )
    assert gzip.decompress(squeezed.content) == plain.content
    assert {"Accept-Encoding", "Cookie"} <= {part.strip() for part in squeezed["Vary"].split(",")}
    # The cache keeps the page as it was made: the next reader without gzip gets it plain.
    again = Client().get(site.report_a.url)
    assert again["X-Cache"] == "hit"
    assert again.content == plain.content


def test_signed_in_pages_are_sent_gzipped_with_a_weak_etag_or_none(world, client):
    response = sign_in(client, world.senco_a).get("/portal/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Khan, Aisha" in gzip.decompress(response.content).decode()
    assert not response.get("ETag", "W/").startswith('"')


def test_collectstatic_writes_brotli_and_gzip_copies_of_the_css(tmp_path):
    # Only the portal's own assets (Wagtail's admin files would take half a minute), with the
    # production storage.
    with override_settings(
        STATIC_ROOT=tmp_path,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    [css] = [
        path
        for path in (tmp_path / "css").glob("main.*.css")
        if path.name.count(".") == 2  # the hashed name, not the .br or .gz copies
    ]
    original = css.read_bytes()
    compressed = css.with_name(css.name + ".br").read_bytes()
    assert brotli.decompress(compressed) == original
    assert len(compressed) < len(css.with_name(css.name + ".gz").read_bytes())
