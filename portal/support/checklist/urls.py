from django.urls import path

from . import views

urlpatterns = [
    path("schools/<int:school_id>/provision-map/", views.provision_map, name="provision_map"),
    path(
        "schools/<int:school_id>/provision-map/new/",
        views.intervention_create,
        name="intervention_create",
    ),
    path(
        "interventions/<int:intervention_id>/",
        views.intervention_detail,
        name="intervention_detail",
    ),
    path(
        "interventions/<int:intervention_id>/edit/",
        views.intervention_edit,
        name="intervention_edit",
    ),
    path(
        "interventions/<int:intervention_id>/archive/",
        views.intervention_archive,
        name="intervention_archive",
    ),
    path("pupils/<int:pupil_id>/checklist/", views.pupil_checklist, name="pupil_checklist"),
    path("schools/<int:school_id>/checklist/", views.school_checklist, name="school_checklist"),
    path(
        "schools/<int:school_id>/checklist/governors/",
        views.governors_report,
        name="governors_report",
    ),
    path("trusts/<int:trust_id>/checklist/", views.trust_checklist, name="trust_checklist"),
]
