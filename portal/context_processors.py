from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal.auth.rules import second_factor_passed
from portal.i18n import current_language, is_rtl, language_links
from portal.notifications.selectors import unread_count
from portal.people.roles import roles_for


def portal(request):
    language = current_language()
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "text_direction": "rtl" if is_rtl(language) else "ltr",
        "language_links": language_links(request.path),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "portal_roles": roles_for(user) if user is not None else None,
        # Evaluated only by pages that show it; nothing before the second factor is passed.
        "portal_ready": SimpleLazyObject(lambda: signed_in and second_factor_passed(user)),
        "unread_notifications": SimpleLazyObject(
            lambda: unread_count(user_id=user.pk) if signed_in else 0
        ),
    }
