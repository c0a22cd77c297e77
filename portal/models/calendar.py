"""A school's calendar: its terms and the days it is closed. Bank holidays are not stored:
they come from the `holidays` package for the region the school's local authority is in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TermDate(models.Model):
    """One term (or half-term) of a school, its first and last day inclusive. The holidays are
    the gaps between terms."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["school", "starts_on"]
        verbose_name = _("term")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_on_or_after_it_starts",
            ),
            models.UniqueConstraint(fields=["school", "starts_on"], name="unique_term_start"),
            models.UniqueConstraint(fields=["school", "ends_on"], name="unique_term_end"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} to {self.ends_on})"


class ClosureKind(models.TextChoices):
    INSET = "inset", _("INSET day (staff training)")
    OTHER = "other", _("Other closure")


class SchoolClosure(models.Model):
    """A weekday in term when the school is shut to pupils: an INSET day or another closure."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=ClosureKind.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["school", "date"]
        verbose_name = _("school closure")
        constraints = [
            models.UniqueConstraint(fields=["school", "date"], name="unique_closure_per_day"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ClosureKind.values), name="closure_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"
