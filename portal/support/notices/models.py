"""The formal notice to parents that their child is on SEN Support (COP-6.43, 6.48): what it
said, with the contacts as they were that day, and per parent its email and first reading."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormalNotice(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.CASCADE, related_name="formal_notices"
    )
    sen_status = models.CharField(_("SEN status"), max_length=20)
    # The contacts as they were when the notice was sent: a notice is a record, never re-rendered.
    senco_name = models.CharField(max_length=200)
    senco_email = models.EmailField()
    senco_phone = models.CharField(max_length=40)
    iass_name = models.CharField(max_length=200)
    iass_phone = models.CharField(max_length=40)
    iass_email = models.EmailField()
    iass_website = models.URLField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("formal notice")

    def __str__(self) -> str:
        return f"{self.pupil} – {self.sent_at:%Y-%m-%d}"


class NoticeRecipient(models.Model):
    """One parent's copy: the outbox email that carried it, and when they first read it."""

    notice = models.ForeignKey(FormalNotice, on_delete=models.CASCADE, related_name="recipients")
    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey(
        "notifications.OutboundEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    first_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("formal notice recipient")
        constraints = [
            models.UniqueConstraint(fields=["notice", "parent"], name="unique_notice_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.notice} – {self.parent}"
