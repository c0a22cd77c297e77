from django.urls import path

from portal.people import views

urlpatterns = [
    path("pupils/<int:pupil_id>/invite/", views.invitation_create, name="invitation_create"),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/accept/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("links/<int:link_id>/remove/", views.link_revoke, name="link_revoke"),
]
