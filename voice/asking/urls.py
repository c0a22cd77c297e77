from django.urls import path

from . import views

urlpatterns = [
    path("voice/", views.enter, name="enter"),
    path("voice/stop/", views.leave, name="leave"),
    path("portal/pupils/<int:pupil_id>/views/", views.pupil_views, name="pupil_views"),
    path("portal/pupils/<int:pupil_id>/views/new/", views.request_new, name="request_new"),
    path("portal/views-requests/<int:request_id>/card/", views.request_card, name="request_card"),
    path(
        "portal/views-requests/<int:request_id>/supervise/",
        views.request_supervise,
        name="request_supervise",
    ),
    path(
        "portal/views-requests/<int:request_id>/cancel/",
        views.request_cancel,
        name="request_cancel",
    ),
]
