from django.urls import path

from . import views

urlpatterns = [
    path("pupils/<int:pupil_id>/evidence-pack/", views.evidence_pack, name="evidence_pack"),
    path(
        "pupils/<int:pupil_id>/evidence-pack.pdf",
        views.evidence_pack_pdf,
        name="evidence_pack_pdf",
    ),
]
