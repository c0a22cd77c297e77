from django.urls import path

from . import views

urlpatterns = [
    path("pupils/<int:pupil_id>/consent/", views.pupil_consent_list, name="pupil_consent_list"),
    path(
        "pupils/<int:pupil_id>/consent/new/",
        views.consent_request_create,
        name="consent_request_create",
    ),
    path("schools/<int:school_id>/consent/", views.school_consent_list, name="school_consent_list"),
    path("consent/<int:request_id>/", views.consent_detail, name="consent_detail"),
    path("consent/<int:request_id>/answer/", views.consent_answer, name="consent_answer"),
    path(
        "consent/<int:request_id>/answer/reason/",
        views.consent_answer_reason,
        name="consent_answer_reason",
    ),
    path(
        "consent/<int:request_id>/answer/check/",
        views.consent_answer_check,
        name="consent_answer_check",
    ),
    path(
        "consent/<int:request_id>/answer/done/",
        views.consent_answered,
        name="consent_answered",
    ),
    *[
        path(
            f"consent/<int:request_id>/{step.replace('_', '-')}/",
            views.consent_step,
            {"step": step},
            name=f"consent_{step}",
        )
        for step in views.STEPS
    ],
]
