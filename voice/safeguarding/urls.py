"""URLs of this part of pupil voice (see voice/urls.py): the DSL's pages."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "portal/schools/<int:school_id>/safeguarding/",
        views.safeguarding_queue,
        name="safeguarding_queue",
    ),
    path(
        "portal/schools/<int:school_id>/safeguarding/words/",
        views.safeguarding_words,
        name="safeguarding_words",
    ),
    path("portal/safeguarding/<int:flag_id>/", views.flag_detail, name="flag_detail"),
    path(
        "portal/safeguarding/<int:flag_id>/acknowledge/",
        views.flag_acknowledge,
        name="flag_acknowledge",
    ),
    path("portal/safeguarding/<int:flag_id>/note/", views.flag_note, name="flag_note"),
    path("portal/safeguarding/<int:flag_id>/resolve/", views.flag_resolve, name="flag_resolve"),
]
