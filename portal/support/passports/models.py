"""The pupil passport, or one-page profile (COP-6.49): what the staff who work with a pupil need
to know. Its headings come from a template that a school, or its trust for all its schools,
edits; a pupil's entries keep their heading's words, so editing a template loses nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PassportTemplate(models.Model):
    """The headings of a passport: a school's own, or a trust's for every school in it. A school
    without its own uses its trust's; one with neither uses the built-in headings."""

    school = models.OneToOneField(
        "schools.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="passport_template",
    )
    trust = models.OneToOneField(
        "schools.Trust",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="passport_template",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("passport template")
        constraints = [
            models.CheckConstraint(
                condition=(Q(school__isnull=False) & Q(trust__isnull=True))
                | (Q(school__isnull=True) & Q(trust__isnull=False)),
                name="passport_template_school_or_trust",
            )
        ]

    def __str__(self) -> str:
        return str(self.school or self.trust)


class PassportHeading(models.Model):
    template = models.ForeignKey(
        PassportTemplate, on_delete=models.CASCADE, related_name="headings"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("heading"), max_length=200)
    guidance = models.CharField(_("guidance for whoever fills it in"), max_length=300, blank=True)

    class Meta:
        ordering = ["template", "order", "id"]
        verbose_name = _("passport heading")

    def __str__(self) -> str:
        return self.title


class Passport(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.OneToOneField("pupils.Pupil", on_delete=models.CASCADE, related_name="passport")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pupil passport")

    def __str__(self) -> str:
        return str(self.pupil)


class PassportEntry(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="entries")
    heading = models.ForeignKey(
        PassportHeading, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The heading's words when the entry was written: kept if the template changes.
    title = models.CharField(_("heading"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["passport", "order", "id"]
        verbose_name = _("passport entry")

    def __str__(self) -> str:
        return self.title
