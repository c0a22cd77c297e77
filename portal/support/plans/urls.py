"""Support plan pages, under /portal/ in the `support:` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("pupils/<int:pupil_id>/plan/", views.plan, name="plan"),
    path("pupils/<int:pupil_id>/plan/start/", views.plan_start, name="plan_start"),
    path("plans/<int:cycle_id>/assessment/", views.plan_assessment, name="plan_assessment"),
    path("plans/<int:cycle_id>/impact/", views.plan_impact, name="plan_impact"),
    path("plans/<int:cycle_id>/who-sees/", views.plan_visibility, name="plan_visibility"),
    path("plans/<int:cycle_id>/outcomes/new/", views.plan_outcome_add, name="plan_outcome_add"),
    path("plans/outcomes/<int:outcome_id>/", views.plan_outcome_edit, name="plan_outcome_edit"),
    path(
        "plans/outcomes/<int:outcome_id>/remove/",
        views.plan_outcome_remove,
        name="plan_outcome_remove",
    ),
    path("plans/<int:cycle_id>/support/new/", views.plan_support_add, name="plan_support_add"),
    path("plans/support/<int:item_id>/", views.plan_support_edit, name="plan_support_edit"),
    path(
        "plans/support/<int:item_id>/remove/",
        views.plan_support_remove,
        name="plan_support_remove",
    ),
    path("plans/<int:cycle_id>/share/", views.plan_share, name="plan_share"),
    path("plans/<int:cycle_id>/review/", views.plan_review, name="plan_review"),
]
