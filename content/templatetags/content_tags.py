from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from content import selectors
from content.cache import cached_until_pages_change
from portal.i18n import is_rtl, language_name, native_name

register = template.Library()


@register.simple_tag
def page_language_links(page) -> list[dict]:
    """The languages this page exists in, each named in itself, linking to that translation."""
    links = [
        {
            "code": translation.locale.language_code,
            "name": native_name(translation.locale.language_code),
            "url": translation.url,
            "current": translation.pk == page.pk,
        }
        for translation in page.get_translations(inclusive=True).live().select_related("locale")
    ]
    return sorted(links, key=lambda link: link["code"] != "en")


@register.simple_tag
def local_authorities() -> list:
    return selectors.signposted_local_authorities()


@register.simple_tag(takes_context=True)
def footer_pages(context) -> list[tuple[str, str]]:
    """(address, title) of each footer page in the reader's language: the same on every page
    of a site, so kept in the cache until pages change, not queried on every request."""
    request = context.get("request")
    language = get_language() or "en"
    host = request.get_host() if request is not None else ""

    def links() -> list[tuple[str, str]]:
        return [
            (page.get_url(request), page.title)
            for page in selectors.footer_pages(language=language)
        ]

    return cached_until_pages_change(f"footer:{host}:{language}", links)


@register.simple_tag
def page_language(page) -> dict:
    """The language a page is written in, and whether it differs from the reader's language
    (an untranslated page served under another language's prefix)."""
    code = page.locale.language_code
    direction = "rtl" if is_rtl(code) else "ltr"
    untranslated = code != (get_language() or "en")
    return {
        "code": code,
        "dir": direction,
        "name": language_name(code),
        "reader_language": language_name(get_language() or "en"),
        "untranslated": untranslated,
        # For the elements that hold the page's own words (title, intro, body), so that a
        # passage in another language than the page's chrome is marked as such.
        "attrs": format_html(' lang="{}" dir="{}"', code, direction) if untranslated else "",
    }
