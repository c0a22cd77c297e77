"""`{{ text|shown }}`: a question set's words in the page's language (voice.sets.wording)."""

from django import template

from voice.sets.wording import shown as shown_text

register = template.Library()


@register.filter
def shown(text: str) -> str:
    return shown_text(text)
