from django import template

from portal import i18n

register = template.Library()


@register.filter
def babel_date(value, fmt: str = "long") -> str:
    """A date in the reader's language, e.g. 3 Mawrth 2016 in Welsh."""
    return i18n.format_date(value, fmt)


@register.filter
def language_name(code: str) -> str:
    return i18n.language_name(code)


@register.filter
def babel_datetime(value, fmt: str = "medium") -> str:
    """A date and time in the reader's language and the school's time zone."""
    return i18n.format_datetime(value, fmt)
