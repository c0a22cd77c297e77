from django.urls import path

from . import views

Q = "portal/question-sets/<int:set_id>/questions/<int:question_id>/"

urlpatterns = [
    path("portal/schools/<int:school_id>/question-sets/", views.set_list, name="set_list"),
    path(
        "portal/trusts/<int:trust_id>/question-sets/",
        views.trust_set_list,
        name="trust_set_list",
    ),
    path("portal/question-sets/<int:set_id>/", views.set_detail, name="set_detail"),
    path("portal/question-sets/<int:set_id>/copy/", views.set_copy, name="set_copy"),
    path("portal/question-sets/<int:set_id>/edit/", views.set_edit, name="set_edit"),
    path("portal/question-sets/<int:set_id>/ready/", views.set_ready, name="set_ready"),
    path("portal/question-sets/<int:set_id>/archive/", views.set_archive, name="set_archive"),
    path(
        "portal/question-sets/<int:set_id>/questions/add/",
        views.question_add,
        name="question_add",
    ),
    path(Q, views.question_edit, name="question_edit"),
    path(f"{Q}delete/", views.question_delete, name="question_delete"),
    path(f"{Q}move/", views.question_move, name="question_move"),
    path(f"{Q}cards/add/", views.card_add, name="card_add"),
    path(f"{Q}cards/<int:card_id>/", views.card_edit, name="card_edit"),
    path(f"{Q}cards/<int:card_id>/delete/", views.card_delete, name="card_delete"),
    path(f"{Q}cards/<int:card_id>/move/", views.card_move, name="card_move"),
]
