import calendar
import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.lib.colour import validate_brand_colour
from portal.lib.text import NoTextDirectionControls

urn_validator = RegexValidator(r"^\d{6,7}$", _("A URN is six or seven digits."))


class BankHolidayRegion(models.TextChoices):
    """The UK subdivision whose bank holidays a school keeps (codes of the `holidays` package)."""

    ENGLAND = "ENG", _("England")
    WALES = "WLS", _("Wales")


class LocalAuthority(models.Model):
    """A local authority, its Information, Advice and Support Service (IASS) and Local Offer."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    iass_name = models.CharField(_("IASS name"), max_length=200)
    iass_phone = models.CharField(_("IASS phone"), max_length=40)
    iass_email = models.EmailField(_("IASS email"))
    iass_website = models.URLField(_("IASS website"))
    iass_opening_hours = models.CharField(_("IASS opening hours"), max_length=200)
    local_offer_url = models.URLField(_("Local Offer web address"))
    # The independent disagreement resolution service the authority arranges (SEND Code of
    # Practice 11.37): the next stage shown to a parent whose concern was not resolved.
    disagreement_resolution_name = models.CharField(
        _("disagreement resolution service name"), max_length=200, blank=True
    )
    disagreement_resolution_phone = models.CharField(
        _("disagreement resolution service phone"), max_length=40, blank=True
    )
    disagreement_resolution_email = models.EmailField(
        _("disagreement resolution service email"), blank=True
    )
    disagreement_resolution_website = models.URLField(
        _("disagreement resolution service website"), blank=True
    )
    bank_holiday_region = models.CharField(
        _("bank holidays of"),
        max_length=3,
        choices=BankHolidayRegion.choices,
        default=BankHolidayRegion.ENGLAND,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("local authority")
        verbose_name_plural = _("local authorities")

    def __str__(self) -> str:
        return self.name


class Trust(models.Model):
    """A multi-academy trust: a group of schools with a shared SEND lead."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trust")

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """The tenant: every pupil-owned row reaches its school through a non-null foreign key."""

    name = models.CharField(
        _("name"), max_length=200, validators=[NoTextDirectionControls(_("School name"))]
    )
    urn = models.CharField(_("URN"), max_length=7, unique=True, validators=[urn_validator])
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="schools"
    )
    trust = models.ForeignKey(
        Trust, on_delete=models.PROTECT, related_name="schools", null=True, blank=True
    )
    senco_name = models.CharField(
        _("SENCO name"), max_length=200, validators=[NoTextDirectionControls(_("SENCO name"))]
    )
    senco_email = models.EmailField(_("SENCO email"))
    senco_phone = models.CharField(_("SENCO phone"), max_length=40)
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#1d5b6b",
        validators=[validate_brand_colour],
        help_text=_("A dark colour, as #rrggbb, that white text can be read on."),
    )
    # Recorded by the public pages when the school's SEN information report is published.
    sen_report_reviewed_on = models.DateField(
        _("SEN information report last reviewed"), null=True, blank=True
    )
    sen_report_url = models.CharField(
        _("SEN information report address"), max_length=255, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")

    def __str__(self) -> str:
        return self.name

    def sen_report_review_overdue(self, today: datetime.date | None = None) -> bool:
        """True when no report is published or its last review is over 12 months old (COP-6.79)."""
        if self.sen_report_reviewed_on is None:
            return True
        return (today or timezone.localdate()) > add_months(self.sen_report_reviewed_on, 12)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# A school's calendar: its terms and the days it is closed. Bank holidays are not stored:
# they come from the `holidays` package for the region of the school's local authority.
class TermDate(models.Model):
    """One term (or half-term) of a school, its first and last day inclusive. The holidays are
    the gaps between terms."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="terms")
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

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="closures")
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
