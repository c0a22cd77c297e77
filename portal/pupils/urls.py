from django.urls import path

from portal.pupils import register_import_views, views

urlpatterns = [
    path("schools/<int:school_id>/", views.school_overview, name="school_overview"),
    path("schools/<int:school_id>/pupils/new/", views.pupil_create, name="pupil_create"),
    path(
        "schools/<int:school_id>/pupils/import/",
        register_import_views.register_import_upload,
        name="register_import_upload",
    ),
    path(
        "schools/<int:school_id>/pupils/import/template.csv",
        register_import_views.register_import_template,
        name="register_import_template",
    ),
    path(
        "schools/<int:school_id>/pupils/import/check/",
        register_import_views.register_import_preview,
        name="register_import_preview",
    ),
    path("pupils/<int:pupil_id>/", views.pupil_detail, name="pupil_detail"),
    path("pupils/<int:pupil_id>/edit/", views.pupil_edit, name="pupil_edit"),
    path("pupils/<int:pupil_id>/staff/", views.pupil_teachers, name="pupil_teachers"),
]
