from django.urls import path

from portal.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/unread/", views.notification_unread, name="notification_unread"),
    path(
        "notifications/settings/",
        views.notification_preferences,
        name="notification_preferences",
    ),
]
