from django import template
from django.utils.html import format_html

from portal.support.evidence.text import passage_language

register = template.Library()


@register.simple_tag
def passage_attrs(text) -> str:
    """` lang="…" dir="…"` for a passage of someone's own words."""
    lang, direction = passage_language(str(text or ""))
    return format_html(' lang="{}" dir="{}"', lang, direction)
