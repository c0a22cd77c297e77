from django import template
from django.utils.translation import get_language

from content import selectors
from portal.i18n import native_name

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


@register.simple_tag
def footer_pages() -> list:
    return selectors.footer_pages(language=get_language() or "en")
