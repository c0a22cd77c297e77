from django import template

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
