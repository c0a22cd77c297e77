from django.urls import path

from portal import register_import_views, views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
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
    path("pupils/<int:pupil_id>/invite/", views.invitation_create, name="invitation_create"),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/accept/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("links/<int:link_id>/remove/", views.link_revoke, name="link_revoke"),
    path("2fa/setup/", views.otp_setup, name="otp_setup"),
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
    path("2fa/backup-codes/", views.otp_backup_codes, name="otp_backup_codes"),
]
