from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.lib.text import NoTextDirectionControls

# [0-9], not \d: \d also matches the digits of other scripts (Arabic-Indic, Devanagari...).
upn_validator = RegexValidator(
    r"^[A-Z][0-9]{11}[0-9A-Z]\Z",
    _("A UPN is 13 characters: a capital letter, 11 digits, then a digit or capital letter."),
)


class SenStatus(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring")
    SEN_SUPPORT = "sen_support", _("SEN Support")
    EHC_PLAN = "ehc_plan", _("EHC plan")


class AreaOfNeed(models.TextChoices):
    """The four broad areas of need (CoP 6.28-6.35)."""

    COMMUNICATION = "communication", _("Communication and interaction")
    COGNITION = "cognition", _("Cognition and learning")
    SEMH = "semh", _("Social, emotional and mental health")
    SENSORY_PHYSICAL = "sensory_physical", _("Sensory and/or physical")


class YearGroup(models.IntegerChoices):
    NURSERY = -1, _("Nursery")
    RECEPTION = 0, _("Reception")
    Y1 = 1, _("Year 1")
    Y2 = 2, _("Year 2")
    Y3 = 3, _("Year 3")
    Y4 = 4, _("Year 4")
    Y5 = 5, _("Year 5")
    Y6 = 6, _("Year 6")
    Y7 = 7, _("Year 7")
    Y8 = 8, _("Year 8")
    Y9 = 9, _("Year 9")
    Y10 = 10, _("Year 10")
    Y11 = 11, _("Year 11")
    Y12 = 12, _("Year 12")
    Y13 = 13, _("Year 13")


class Pupil(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="pupils")
    legal_first_name = models.CharField(
        _("legal first name"),
        max_length=100,
        validators=[NoTextDirectionControls(_("Legal first name"))],
    )
    legal_last_name = models.CharField(
        _("legal last name"),
        max_length=100,
        validators=[NoTextDirectionControls(_("Legal last name"))],
    )
    preferred_name = models.CharField(
        _("preferred name"),
        max_length=100,
        blank=True,
        help_text=_("The name the pupil likes to be called, if different."),
        validators=[NoTextDirectionControls(_("Preferred name"))],
    )
    date_of_birth = models.DateField(_("date of birth"))
    year_group = models.SmallIntegerField(_("year group"), choices=YearGroup.choices)
    upn = models.CharField(
        _("unique pupil number (UPN)"),
        max_length=13,
        blank=True,
        validators=[upn_validator],
    )
    sen_status = models.CharField(_("SEN status"), max_length=20, choices=SenStatus.choices)
    # Blank when the school does not know it: never a language nobody chose.
    home_language = models.CharField(_("home language"), max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name", "id"]
        verbose_name = _("pupil")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "upn"],
                condition=~Q(upn=""),
                name="unique_upn_per_school",
                violation_error_message=_("Another pupil at this school has this UPN."),
            )
        ]
        indexes = [models.Index(fields=["school", "sen_status"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"


class PupilAreaOfNeed(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="areas_of_need")
    area = models.CharField(_("area of need"), max_length=20, choices=AreaOfNeed.choices)

    class Meta:
        ordering = ["area"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "area"], name="unique_area_per_pupil")
        ]

    def __str__(self) -> str:
        return self.get_area_display()


class TeachingAssignment(models.Model):
    """A member of staff who works with a pupil, and so sees the pupil's record (CoP 6.49)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="assignments")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teaching_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pupil", "teacher"], name="unique_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.teacher} – {self.pupil}"
