from django.urls import path

from . import views

urlpatterns = [
    path(
        "portal/pupil-views/<int:response_id>/",
        views.response_detail,
        name="response_detail",
    ),
    path(
        "portal/pupil-views/<int:response_id>/review/",
        views.response_review,
        name="response_review",
    ),
    path(
        "portal/schools/<int:school_id>/pupil-views/",
        views.school_responses,
        name="school_responses",
    ),
    path(
        "portal/pupils/<int:pupil_id>/communication/",
        views.communication_edit,
        name="communication_edit",
    ),
    path(
        "portal/pupils/<int:pupil_id>/pupil-views/",
        views.parent_views,
        name="parent_views",
    ),
]
