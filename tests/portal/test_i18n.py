"""Languages: prefixed URLs, names in their own language, right-to-left scripts, dates."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from portal.i18n import format_date, is_rtl, native_name
from tests.conftest import sign_in


def test_the_switcher_names_each_language_in_itself(db, client):
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="cy" hreflang="cy">Cymraeg</a>' in page
    assert 'lang="ur" hreflang="ur">اردو</a>' in page
    assert 'href="/cy/accounts/login/"' in page


def test_welsh_pages_are_served_under_their_prefix_in_welsh(db, client):
    response = client.get("/cy/accounts/login/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy" dir="ltr"' in page
    assert "Mewngofnodi" in page  # "Sign in"


def test_urdu_pages_read_right_to_left(world, client):
    response = sign_in(client, world.parent_1).get("/ur/portal/")
    page = response.content.decode()
    assert '<html lang="ur" dir="rtl"' in page
    assert "آزاد مشورہ" in page  # "Independent advice"


def test_english_stays_unprefixed(db, client):
    assert (
        client.get("/accounts/login/")
        .content.decode()
        .startswith('<!DOCTYPE html>\n<html lang="en"')
    )


def test_babel_knows_which_scripts_are_right_to_left():
    assert is_rtl("ur") and is_rtl("ar")
    assert not is_rtl("cy") and not is_rtl("en")
    assert native_name("cy") == "Cymraeg"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "4 March 2016"), ("cy", "4 Mawrth 2016")],
)
def test_dates_are_written_in_the_readers_language(language, expected):
    with translation.override(language):
        assert format_date(datetime.date(2016, 3, 4)) == expected


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalogue) -> set:
    return {message.id for message in catalogue if message.id}


def test_the_message_template_is_up_to_date_with_the_code(tmp_path):
    """A string added to the code without `make messages` would reach readers untranslated."""
    output = tmp_path / "fresh.pot"
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "extract",
            "--mapping=babel.cfg",
            "--keywords=_ gettext gettext_lazy gettext_noop ngettext:1,2 ngettext_lazy:1,2 "
            "pgettext:1c,2 pgettext_lazy:1c,2 npgettext:1c,2,3",
            f"--output={output}",
            "portal",
            "content",
            "voice",
            "messaging",
            "templates",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "PYTHONPATH": str(settings.BASE_DIR)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    fresh = _ids(_read(output))
    stored = _ids(_read(settings.BASE_DIR / "locale" / "django.pot"))
    assert fresh == stored, {"not in catalogues": fresh - stored, "stale": stored - fresh}


@pytest.mark.parametrize("language", ["cy", "ur"])
def test_the_catalogue_translates_every_string(language):
    catalogue = _read(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po")
    template = _read(settings.BASE_DIR / "locale" / "django.pot")
    untranslated = [
        message.id
        for message in catalogue
        if message.id
        and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]
    fuzzy = [message.id for message in catalogue if message.id and message.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert _ids(template) - _ids(catalogue) == set()
