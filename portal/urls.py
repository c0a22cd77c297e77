"""The root URLconf: the only module, with asgi.py and the settings, that names every app."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from content import views as content_views
from portal import views
from portal.admin_site import restrict_django_admin
from portal.auth.redirects import (
    vendor_password_change_redirect,
    vendor_sign_in_redirect,
    vendor_sign_out_redirect,
)

restrict_django_admin(admin.site)

# Wagtail's and Django's own sign-in and password reset pages would bypass the portal's rate
# limits, audit trail and email verification: each leads to the portal's sign-in instead. They
# come before the vendors' own patterns, which they shadow.
vendor_sign_in_patterns = [
    path("django-admin/login/", vendor_sign_in_redirect, name="vendor_admin_login"),
    path("cms/login/", vendor_sign_in_redirect, name="vendor_cms_login"),
    path("cms/password_reset/", vendor_sign_in_redirect, name="vendor_cms_password_reset"),
    path(
        "cms/password_reset/done/",
        vendor_sign_in_redirect,
        name="vendor_cms_password_reset_done",
    ),
    path(
        "cms/password_reset/confirm/<uidb64>/<token>/",
        vendor_sign_in_redirect,
        name="vendor_cms_password_reset_confirm",
    ),
    path(
        "cms/password_reset/complete/",
        vendor_sign_in_redirect,
        name="vendor_cms_password_reset_complete",
    ),
    # Signing out and changing a password likewise go through the portal's own pages.
    path("cms/logout/", vendor_sign_out_redirect, name="vendor_cms_logout"),
    path("django-admin/logout/", vendor_sign_out_redirect, name="vendor_admin_logout"),
    path(
        "django-admin/password_change/",
        vendor_password_change_redirect,
        name="vendor_admin_password_change",
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    *vendor_sign_in_patterns,
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    # Before Wagtail's own: the same address, limited against guessing and with its return
    # address made safe.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        content_views.authenticate_with_document_password_safely,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("portal/", include("portal.signed_in_urls")),
    path("portal/", include("portal.support.urls")),
    path("portal/", include("messaging.urls")),
    path("", include("voice.urls")),
    # Wagtail's own sign-in form for private pages, shadowed like the ones above.
    path("_util/login/", vendor_sign_in_redirect, name="wagtail_login_redirect"),
    # Before Wagtail's own: the same address, limited against guessing and with its return
    # address made safe.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        content_views.authenticate_with_password_safely,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
