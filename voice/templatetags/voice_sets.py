"""A question set's words as the pupil sees them (voice.sets.wording), and people's own words:

`{{ question.text|shown:question_set }}` is the text in the page's language for a built-in set
and as written for a school's or trust's; `<p{{ question_set|set_lang }}>` marks a school's
English words on a page in another language (` lang="en" dir="ltr"`); `set_words` does both
for inline words, `in_lang` marks words whose language is known, and `own_words` puts words a
person typed in a `dir="auto"` span inside a translated sentence."""

from django import template
from django.utils.html import format_html

from voice.sets import wording

register = template.Library()


@register.filter
def shown(text: str, question_set) -> str:
    return wording.shown(text, question_set)


@register.filter
def set_lang(question_set) -> str:
    return lang_attrs(wording.set_lang(question_set))


@register.filter
def lang_attrs(lang: str) -> str:
    """` lang="en" dir="ltr"` for words in `lang` (a set's words on a page in another language),
    "" when they are in the page's."""
    return format_html(' lang="{}" dir="ltr"', lang) if lang else ""


@register.filter
def own_words(text: str) -> str:
    """Words a person typed, in an element that takes its direction from them (English words
    on an Urdu page keep their full stop at the end): for inside a translated sentence."""
    return format_html('<span dir="auto">{}</span>', text)


@register.filter
def in_lang(text, lang: str) -> str:
    """`text`, in a `<span lang dir>` when it is in `lang` rather than the page's language."""
    return format_html('<span lang="{}" dir="ltr">{}</span>', lang, text) if lang else text


@register.filter
def set_words(text: str, question_set) -> str:
    """A question set's `text` as the pupil sees it, marked English where it is a school's
    words on a page in another language: `{{ question.text|set_words:question_set }}`."""
    return in_lang(wording.shown(text, question_set), wording.set_lang(question_set))
