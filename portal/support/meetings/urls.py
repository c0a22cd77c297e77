from django.urls import path

from . import views

urlpatterns = [
    path("schools/<int:school_id>/meetings/", views.school_meetings, name="school_meetings"),
    path("pupils/<int:pupil_id>/meetings/new/", views.meeting_propose, name="meeting_propose"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/date/", views.meeting_date_reply, name="meeting_date_reply"),
    path(
        "meetings/<int:meeting_id>/new-date/", views.meeting_reschedule, name="meeting_reschedule"
    ),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:meeting_id>/record/", views.meeting_record, name="meeting_record"),
    path(
        "meetings/<int:meeting_id>/record/edit/",
        views.meeting_record_edit,
        name="meeting_record_edit",
    ),
    path(
        "meetings/<int:meeting_id>/attendees/new/",
        views.meeting_attendee_add,
        name="meeting_attendee_add",
    ),
    path(
        "meetings/<int:meeting_id>/attendees/<int:attendee_id>/remove/",
        views.meeting_attendee_remove,
        name="meeting_attendee_remove",
    ),
    path("meetings/<int:meeting_id>/steps/new/", views.meeting_step_add, name="meeting_step_add"),
    path(
        "meetings/<int:meeting_id>/steps/<int:step_id>/remove/",
        views.meeting_step_remove,
        name="meeting_step_remove",
    ),
    path("meetings/<int:meeting_id>/share/", views.meeting_share, name="meeting_share"),
    path(
        "meetings/<int:meeting_id>/addenda/new/",
        views.meeting_addendum_add,
        name="meeting_addendum_add",
    ),
    path(
        "meetings/<int:meeting_id>/acknowledge/",
        views.meeting_acknowledge,
        name="meeting_acknowledge",
    ),
    path("meetings/<int:meeting_id>/respond/", views.meeting_respond, name="meeting_respond"),
    path(
        "meeting-responses/<int:response_id>/answer/",
        views.meeting_response_answer,
        name="meeting_response_answer",
    ),
    path("next-steps/<int:step_id>/", views.next_step_mark, name="next_step_mark"),
    path(
        "meetings/<int:meeting_id>/parent-views/new/",
        views.parent_views_request,
        name="parent_views_request",
    ),
    path("parent-views/<int:views_id>/", views.parent_views_answer, name="parent_views_answer"),
    path("parent-views/<int:views_id>/check/", views.parent_views_check, name="parent_views_check"),
    path(
        "parent-views/<int:views_id>/attachments/<int:attachment_id>/",
        views.parent_views_attachment,
        name="parent_views_attachment",
    ),
]
