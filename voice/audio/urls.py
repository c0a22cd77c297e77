"""URLs of this part of pupil voice (see voice/urls.py)."""

from django.urls import path

from voice.audio import views

urlpatterns: list = [
    path(
        "portal/pupil-views/answers/<int:answer_id>/audio/",
        views.answer_audio,
        name="answer_audio",
    ),
]
