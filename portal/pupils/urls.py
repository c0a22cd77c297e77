from django.urls import path

from portal.pupils import views

urlpatterns = [
    path("schools/<int:school_id>/", views.school_overview, name="school_overview"),
    path("schools/<int:school_id>/pupils/new/", views.pupil_create, name="pupil_create"),
    path("pupils/<int:pupil_id>/", views.pupil_detail, name="pupil_detail"),
    path("pupils/<int:pupil_id>/edit/", views.pupil_edit, name="pupil_edit"),
    path("pupils/<int:pupil_id>/staff/", views.pupil_teachers, name="pupil_teachers"),
]
