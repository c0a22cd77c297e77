from django.conf import settings

from portal.access import roles_for
from portal.i18n import current_language, is_rtl, language_links


def portal(request):
    language = current_language()
    return {
        "text_direction": "rtl" if is_rtl(language) else "ltr",
        "language_links": language_links(request.path),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "portal_roles": roles_for(request.user) if hasattr(request, "user") else None,
    }
