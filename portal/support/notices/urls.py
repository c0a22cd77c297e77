from django.urls import path

from . import views

urlpatterns = [
    path("notices/<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("pupils/<int:pupil_id>/notices/", views.pupil_notice_list, name="pupil_notice_list"),
    path("pupils/<int:pupil_id>/notices/send/", views.notice_send, name="notice_send"),
]
