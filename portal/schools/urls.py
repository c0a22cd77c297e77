from django.urls import path

from portal.schools import views

urlpatterns = [
    path("schools/<int:school_id>/calendar/", views.school_calendar, name="school_calendar"),
    path(
        "schools/<int:school_id>/calendar/terms/new/",
        views.term_create,
        name="calendar_term_create",
    ),
    path(
        "schools/<int:school_id>/calendar/terms/<int:term_id>/remove/",
        views.term_remove,
        name="calendar_term_remove",
    ),
    path(
        "schools/<int:school_id>/calendar/closures/new/",
        views.closure_create,
        name="calendar_closure_create",
    ),
    path(
        "schools/<int:school_id>/calendar/closures/<int:closure_id>/remove/",
        views.closure_remove,
        name="calendar_closure_remove",
    ),
    path("trusts/<int:trust_id>/calendar/", views.trust_calendar, name="trust_calendar"),
    path(
        "trusts/<int:trust_id>/calendar/term-dates/",
        views.trust_term_dates,
        name="trust_term_dates",
    ),
]
