"""Reads for public pages."""

from __future__ import annotations

from content.models import GuidancePage
from portal.schools.models import LocalAuthority

# Site-wide pages every footer links to, by their slug under the home page.
FOOTER_SLUGS = ("accessibility-statement", "privacy-notice", "privacy-for-children")


def footer_pages(*, language: str) -> list[GuidancePage]:
    """The accessibility statement and privacy notices, in `language` where translated."""
    chosen: dict[str, GuidancePage] = {}
    for page in (
        GuidancePage.objects.live()
        .public()
        .filter(depth=3, slug__in=FOOTER_SLUGS, locale__language_code__in={language, "en"})
        .select_related("locale")
    ):
        if page.slug not in chosen or page.locale.language_code == language:
            chosen[page.slug] = page
    return [chosen[slug] for slug in FOOTER_SLUGS if slug in chosen]


def signposted_local_authorities() -> list[LocalAuthority]:
    """Every local authority with a school here: whose IASS a site-wide page signposts."""
    return list(LocalAuthority.objects.filter(schools__isnull=False).distinct())
