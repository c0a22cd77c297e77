from django.urls import path

from . import views

urlpatterns = [
    path("pupils/<int:pupil_id>/passport/", views.passport_detail, name="passport_detail"),
    path("pupils/<int:pupil_id>/passport/print/", views.passport_print, name="passport_print"),
    path("pupils/<int:pupil_id>/passport/edit/", views.passport_edit, name="passport_edit"),
    path(
        "schools/<int:school_id>/passport-headings/",
        views.school_passport_template,
        name="school_passport_template",
    ),
    path(
        "trusts/<int:trust_id>/passport-headings/",
        views.trust_passport_template,
        name="trust_passport_template",
    ),
]
