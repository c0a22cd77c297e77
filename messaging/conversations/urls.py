"""Conversations between a parent and named staff about one pupil, and each school's quiet
hours (included under /portal/ in the `messaging:` namespace)."""

from django.urls import path

from messaging.conversations import views

urlpatterns = [
    path("conversations/", views.conversation_list, name="conversation_list"),
    path(
        "conversations/<int:conversation_id>/",
        views.conversation_detail,
        name="conversation_detail",
    ),
    path(
        "conversations/<int:conversation_id>/attachments/<int:attachment_id>/",
        views.conversation_attachment,
        name="conversation_attachment",
    ),
    path(
        "pupils/<int:pupil_id>/conversations/new/",
        views.conversation_start,
        name="conversation_start",
    ),
    path("schools/<int:school_id>/quiet-hours/", views.quiet_hours_edit, name="quiet_hours"),
]
