from django.urls import path

from . import views

urlpatterns = [
    path("voice/start/", views.start, name="start"),
    path("voice/question/<int:number>/", views.question, name="question"),
    path("voice/done/", views.done, name="done"),
    path("voice/my-targets/", views.targets, name="targets"),
    path("voice/symbols/", views.symbols, name="symbols"),
]
