"""Languages through Babel: names in their own language, script direction, dates."""

from __future__ import annotations

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_time as babel_format_time
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

# Home languages offered for a pupil's record: the commonest in English schools.
HOME_LANGUAGE_CODES = [
    "en", "ar", "bn", "cy", "es", "fa", "fr", "gu", "hi", "it", "ku", "lt", "pa", "pl",
    "ps", "pt", "ro", "ru", "so", "sq", "ta", "ti", "tr", "uk", "ur", "zh",
]  # fmt: skip


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale:
    # The portal's English is British English.
    return Locale.parse("en_GB" if code == "en" else code.replace("-", "_"))


def current_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def native_name(code: str) -> str:
    """A language named in itself: Cymraeg, اردو, English."""
    locale = Locale.parse(code.replace("-", "_"))
    name = locale.get_language_name(locale) or code
    return name[:1].upper() + name[1:]


def language_name(code: str, in_language: str | None = None) -> str:
    """A language named in the reader's language."""
    try:
        name = _locale(code).get_display_name(_locale(in_language or current_language()))
    except (ValueError, LookupError):
        return code
    return (name[:1].upper() + name[1:]) if name else code


def is_rtl(code: str) -> bool:
    return _locale(code).character_order == "right-to-left"


def format_date(value: datetime.date | None, fmt: str = "long") -> str:
    if value is None:
        return ""
    return babel_format_date(value, format=fmt, locale=_locale(current_language()))


def format_datetime(value: datetime.datetime | None, fmt: str = "medium") -> str:
    """A moment in the reader's language, in the school's time zone: the date in the `fmt`
    length ("short", "medium", "long" or "full") and the time as hours and minutes on the 24-hour
    clock, without seconds or a time zone's name, joined as the language joins them."""
    if value is None:
        return ""
    if not isinstance(value, datetime.datetime):
        return format_date(value, fmt)
    locale = _locale(current_language())
    zone = ZoneInfo(settings.TIME_ZONE)
    if fmt not in ("short", "medium", "long", "full"):
        # A pattern of the caller's own ("d MMM, HH:mm"), used as it is.
        return babel_format_datetime(value, format=fmt, tzinfo=zone, locale=locale)
    day = babel_format_date(value.astimezone(zone), format=fmt, locale=locale)
    time = babel_format_time(value, format="HH:mm", tzinfo=zone, locale=locale)
    return str(locale.datetime_formats[fmt]).replace("{1}", day).replace("{0}", time)


def language_links(path: str) -> list[dict]:
    """One link per language to the same page in that language."""
    current = current_language()
    return [
        {
            "code": code,
            "name": native_name(code),
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _ in settings.LANGUAGES
    ]


def home_language_choices() -> list[tuple[str, str]]:
    return sorted(((code, language_name(code)) for code in HOME_LANGUAGE_CODES), key=lambda c: c[1])
