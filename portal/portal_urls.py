from django.urls import path

from portal import calendar_views, views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("schools/<int:school_id>/", views.school_overview, name="school_overview"),
    path("schools/<int:school_id>/pupils/new/", views.pupil_create, name="pupil_create"),
    path(
        "schools/<int:school_id>/calendar/", calendar_views.school_calendar, name="school_calendar"
    ),
    path(
        "schools/<int:school_id>/calendar/terms/new/",
        calendar_views.term_create,
        name="calendar_term_create",
    ),
    path(
        "schools/<int:school_id>/calendar/terms/<int:term_id>/remove/",
        calendar_views.term_remove,
        name="calendar_term_remove",
    ),
    path(
        "schools/<int:school_id>/calendar/closures/new/",
        calendar_views.closure_create,
        name="calendar_closure_create",
    ),
    path(
        "schools/<int:school_id>/calendar/closures/<int:closure_id>/remove/",
        calendar_views.closure_remove,
        name="calendar_closure_remove",
    ),
    path("trusts/<int:trust_id>/calendar/", calendar_views.trust_calendar, name="trust_calendar"),
    path(
        "trusts/<int:trust_id>/calendar/term-dates/",
        calendar_views.trust_term_dates,
        name="trust_term_dates",
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
