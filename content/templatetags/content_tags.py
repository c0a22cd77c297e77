from django import template
from django.utils.translation import get_language

from portal.i18n import native_name
from portal.models import LocalAuthority

register = template.Library()


@register.simple_tag
def page_language_links(page) -> list[dict]:
    """The languages this page exists in, each named in itself, linking to that translation."""
    links = []
    for translation in page.get_translations(inclusive=True).live().select_related("locale"):
        code = translation.locale.language_code
        links.append(
            {
                "code": code,
                "name": native_name(code),
                "url": translation.url,
                "current": translation.pk == page.pk,
            }
        )
    return sorted(links, key=lambda link: link["code"] != "en")


@register.simple_tag
def local_authorities() -> list[LocalAuthority]:
    """Every local authority with a school here: whose IASS a site-wide page signposts."""
    return list(LocalAuthority.objects.filter(schools__isnull=False).distinct())


# Site-wide pages every footer links to, by their slug under the home page.
FOOTER_SLUGS = ("accessibility-statement", "privacy-notice", "privacy-for-children")


@register.simple_tag
def footer_pages() -> list:
    """The accessibility statement and privacy notices, in the reader's language if translated."""
    from content.models import GuidancePage

    language = get_language() or "en"
    chosen: dict = {}
    for page in (
        GuidancePage.objects.live()
        .public()
        .filter(depth=3, slug__in=FOOTER_SLUGS, locale__language_code__in={language, "en"})
        .select_related("locale")
    ):
        if page.slug not in chosen or page.locale.language_code == language:
            chosen[page.slug] = page
    return [chosen[slug] for slug in FOOTER_SLUGS if slug in chosen]
