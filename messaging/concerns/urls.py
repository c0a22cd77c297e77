from django.urls import path

from . import views

urlpatterns = [
    path("concerns/new/", views.concern_start, name="concern_start"),
    path(
        "pupils/<int:pupil_id>/concerns/new/",
        views.concern_start_for_pupil,
        name="concern_start_for_pupil",
    ),
    path(
        "concerns/new/about/",
        views.concern_question,
        {"step": "category"},
        name="concern_category",
    ),
    path(
        "concerns/new/what-happened/",
        views.concern_question,
        {"step": "what_happened"},
        name="concern_what_happened",
    ),
    path(
        "concerns/new/what-you-would-like/",
        views.concern_question,
        {"step": "would_like"},
        name="concern_would_like",
    ),
    path("concerns/new/check/", views.concern_check, name="concern_check"),
    path("concerns/<int:concern_id>/sent/", views.concern_sent, name="concern_sent"),
    path("concerns/<int:concern_id>/", views.concern_detail, name="concern_detail"),
    path(
        "concerns/<int:concern_id>/attachments/<int:attachment_id>/",
        views.concern_attachment,
        name="concern_attachment",
    ),
    *[
        path(
            f"concerns/<int:concern_id>/{action.replace('_', '-')}/",
            views.concern_action,
            {"action": action},
            name=f"concern_{action}",
        )
        for action in views.ACTIONS
    ],
    path(
        "schools/<int:school_id>/concerns/", views.school_concern_list, name="school_concern_list"
    ),
    path(
        "schools/<int:school_id>/concerns/report/",
        views.school_concern_report,
        name="school_concern_report",
    ),
    path(
        "schools/<int:school_id>/concerns/settings/",
        views.concern_settings,
        name="concern_settings",
    ),
    path(
        "trusts/<int:trust_id>/concerns/",
        views.trust_concern_counts,
        name="trust_concern_counts",
    ),
]
