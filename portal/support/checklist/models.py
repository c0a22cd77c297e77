"""What the checklist needs to know that another part records: that a pupil's own views were
gathered (COP-6.45, 6.55, 6.64-6.69). The pupil-voice journey records it through
`services.pupil_views_record`; the core never reaches up to ask."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PupilViewsRecord(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.CASCADE, related_name="views_records"
    )
    cycle = models.ForeignKey(
        "support_plans.Cycle", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gathered_on = models.DateField(_("gathered on"))
    # What recorded it ("voice" for the pupil-voice forms, "meeting" for views weighed at one).
    source = models.CharField(_("source"), max_length=40)
    source_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-gathered_on", "-id"]
        verbose_name = _("pupil's views gathered")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source_id=""),
                name="unique_views_record_source",
            )
        ]
        indexes = [models.Index(fields=["pupil", "gathered_on"])]

    def __str__(self) -> str:
        return f"{self.pupil} – {self.gathered_on}"
