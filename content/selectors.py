"""Reads for public pages."""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import GroupPagePermission, Page, PageQuerySet

from content.models import GuidancePage, SchoolPage
from portal.people.models import User
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


def _under_any(paths) -> Q:
    """Pages at or below any of the tree `paths`; matches nothing when there are none."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def pages_choosable(*, user: User, pages: PageQuerySet) -> PageQuerySet:
    """The pages of `pages` that `user` may be shown in the CMS's page chooser (browsing and
    its search): every page of the sections they edit (drafts included, in every language),
    and published pages outside every school's section (the home page, guidance, the
    statutory pages) to link to. Another school's section, even published, is not shown.

    Superusers see every page.
    """
    if user.is_superuser:
        return pages
    permitted_keys = GroupPagePermission.objects.filter(group__user=user).values(
        "page__translation_key"
    )
    own_sections = set(
        Page.objects.filter(translation_key__in=permitted_keys).values_list("path", flat=True)
    )
    other_sections = [
        path
        for path in SchoolPage.objects.values_list("path", flat=True)
        if not any(path.startswith(own) for own in own_sections)
    ]
    return pages.filter(_under_any(own_sections) | (Q(live=True) & ~_under_any(other_sections)))
