"""The signed-in area at /portal/: each domain's pages, under the one `portal:` namespace."""

from django.urls import path

from portal import views
from portal.auth import urls as auth_urls
from portal.notifications import urls as notification_urls
from portal.people import urls as people_urls
from portal.pupils import urls as pupil_urls
from portal.schools import urls as school_urls

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *pupil_urls.urlpatterns,
    *people_urls.urlpatterns,
    *school_urls.urlpatterns,
    *notification_urls.urlpatterns,
    *auth_urls.urlpatterns,
]
