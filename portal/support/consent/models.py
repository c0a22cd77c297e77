"""Consent for outside professionals (COP-6.47): the SENCO asks, the parent gives or refuses,
may withdraw later, and the pupil's own view may be recorded. A referral can be marked sent only
while consent is given; the full history is kept as events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProfessionalService(models.TextChoices):
    EDUCATIONAL_PSYCHOLOGY = "ep", _("Educational psychology")
    SPEECH_AND_LANGUAGE = "salt", _("Speech and language therapy")
    OCCUPATIONAL_THERAPY = "ot", _("Occupational therapy")
    CAMHS = "camhs", _("Child and adolescent mental health services (CAMHS)")
    OTHER = "other", _("Another service")


class ConsentStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for an answer")
    GIVEN = "given", _("Consent given")
    REFUSED = "refused", _("Consent refused")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")
    CANCELLED = "cancelled", _("Request withdrawn by the school")


class ConsentRequest(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.CASCADE, related_name="consent_requests"
    )
    service = models.CharField(_("service"), max_length=10, choices=ProfessionalService.choices)
    service_other = models.CharField(_("name of the service"), max_length=200, blank=True)
    purpose = models.TextField(_("why the school wants to involve them"))
    information_shared = models.TextField(_("what will be shared with them"))
    answer_needed_by = models.DateField(_("answer needed by"))
    status = models.CharField(
        _("status"), max_length=10, choices=ConsentStatus.choices, default=ConsentStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("reason (optional)"), blank=True)
    pupil_view = models.TextField(_("the pupil's own view"), blank=True)
    referral_sent_at = models.DateTimeField(null=True, blank=True)
    referral_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("consent request")
        constraints = [
            # COP-6.47: a referral is sent only with consent (it may be withdrawn afterwards).
            models.CheckConstraint(
                condition=Q(referral_sent_at__isnull=True) | Q(status__in=["given", "withdrawn"]),
                name="referral_only_with_consent",
            ),
            models.CheckConstraint(
                condition=~Q(service="other") | ~Q(service_other=""),
                name="other_service_is_named",
            ),
        ]
        indexes = [models.Index(fields=["status", "answer_needed_by"])]

    def __str__(self) -> str:
        return f"{self.pupil} – {self.service_name}"

    @property
    def service_name(self) -> str:
        if self.service == ProfessionalService.OTHER:
            return self.service_other
        return str(self.get_service_display())


class ConsentEventKind(models.TextChoices):
    REQUESTED = "requested", _("Consent asked for")
    REMINDED = "reminded", _("Reminder sent")
    GIVEN = "given", _("Consent given")
    REFUSED = "refused", _("Consent refused")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")
    CANCELLED = "cancelled", _("Request withdrawn by the school")
    PUPIL_VIEW = "pupil_view", _("The pupil's view recorded")
    REFERRAL_SENT = "referral_sent", _("Referral sent")


class ConsentEvent(models.Model):
    """One step in a consent request's history, never changed or removed."""

    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=15, choices=ConsentEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "created_at", "id"]
        verbose_name = _("consent event")

    def __str__(self) -> str:
        return f"{self.request} – {self.kind}"
