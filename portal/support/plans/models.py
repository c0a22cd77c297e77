"""A pupil's support plan, one Assess-Plan-Do-Review cycle at a time (COP-6.44), and the school's
catalogue of interventions (its provision map, COP-6.72-6.78).

What parents see of a cycle is a `PlanVersion`: a copy of the parent-visible parts made when the
SENCO shares the plan. Editing the cycle afterwards changes nothing a parent was shown until the
SENCO shares again, so nothing is ever silently changed (COP-6.39, 6.48).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.lib.text import NoTextDirectionControls


class Intervention(models.Model):
    """One entry of a school's provision map: an intervention it runs, with what it costs in
    staff time. Archived, never deleted, once a support item has used it."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="interventions"
    )
    name = models.CharField(
        _("name"), max_length=200, validators=[NoTextDirectionControls(_("Name"))]
    )
    description = models.TextField(_("what it is"), blank=True)
    evidence_base = models.TextField(_("evidence that it works"), blank=True)
    group_size = models.PositiveSmallIntegerField(
        _("pupils in a group"), help_text=_("1 for one-to-one.")
    )
    staff_minutes_per_week = models.PositiveIntegerField(_("staff time a week, in minutes"))
    cost_per_term = models.DecimalField(
        _("cost a term, in pounds"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("intervention")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"],
                name="unique_intervention_name_per_school",
                violation_error_message=_("This school already has an intervention of this name."),
            ),
            models.CheckConstraint(
                condition=Q(group_size__gte=1), name="intervention_group_size_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CycleStatus(models.TextChoices):
    # Assess and Plan: the SENCO is writing it; parents see none of it yet.
    DRAFT = "draft", _("Being planned")
    # Do: shared with the parents, support under way until the review.
    ACTIVE = "active", _("Support under way")
    # Review done: the next cycle starts from it.
    REVIEWED = "reviewed", _("Reviewed")


class Cycle(models.Model):
    """One Assess-Plan-Do-Review cycle of a pupil's support (COP-6.44). A pupil has at most one
    cycle that is not yet reviewed."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.CASCADE, related_name="support_cycles"
    )
    number = models.PositiveSmallIntegerField(_("cycle"))
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_cycle"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.DRAFT
    )
    # Assess (COP-6.45: evidence includes parents' and the pupil's views and outside advice).
    needs = models.TextField(_("needs"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    evidence = models.TextField(_("evidence, and who gave it"), blank=True)
    outside_advice = models.TextField(_("advice from outside professionals"), blank=True)
    assessment_staff_only = models.BooleanField(_("assessment for staff only"), default=False)
    outcomes_staff_only = models.BooleanField(_("outcomes for staff only"), default=False)
    support_staff_only = models.BooleanField(_("support for staff only"), default=False)
    # Plan (COP-6.48: expected impact and a review date agreed with the parents and pupil).
    expected_impact = models.TextField(_("expected impact"), blank=True)
    expected_impact_staff_only = models.BooleanField(
        _("expected impact for staff only"), default=False
    )
    staff_notes = models.TextField(_("notes for staff"), blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    started_on = models.DateField(_("support started"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pupil", "number"]
        verbose_name = _("support cycle")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "number"], name="unique_cycle_number"),
            models.UniqueConstraint(
                fields=["pupil"],
                condition=~Q(status="reviewed"),
                name="one_open_cycle_per_pupil",
                violation_error_message=_("This pupil already has a cycle under way."),
            ),
        ]
        indexes = [models.Index(fields=["school", "status", "review_date"])]

    def __str__(self) -> str:
        return f"{self.pupil} – {self.number}"


class Outcome(models.Model):
    """An outcome the plan works towards, in words for the parents and for the child."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    parent_wording = models.TextField(_("outcome"))
    child_wording = models.TextField(_("my target, in the child's words"), blank=True)
    success_looks_like = models.TextField(_("how we will know it is achieved"), blank=True)
    # The same outcome in the cycle before, so progress can be followed across reviews.
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )

    class Meta:
        ordering = ["cycle", "order", "id"]
        verbose_name = _("outcome")

    def __str__(self) -> str:
        return self.parent_wording[:80]


class ProvisionType(models.TextChoices):
    """COP-6.40: parents are told whether support is the school's core offer or additional."""

    CORE = "core", _("Core offer (for every pupil who needs it)")
    ADDITIONAL = "additional", _("Additional to or different from the core offer")


class SupportItem(models.Model):
    """One piece of support in the plan: what, who, how often, from when to when."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="support_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("what the support is"))
    provision_type = models.CharField(
        _("core offer or additional"), max_length=10, choices=ProvisionType.choices
    )
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_items",
        verbose_name=_("intervention"),
    )
    sessions_per_week = models.PositiveSmallIntegerField(
        _("sessions a week"), null=True, blank=True
    )
    minutes_per_session = models.PositiveSmallIntegerField(
        _("minutes a session"), null=True, blank=True
    )
    frequency_note = models.CharField(_("how often, in words"), max_length=200, blank=True)
    delivered_by = models.CharField(_("who gives it"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    outcomes = models.ManyToManyField(
        Outcome, blank=True, related_name="support_items", verbose_name=_("outcomes it serves")
    )

    class Meta:
        ordering = ["cycle", "order", "id"]
        verbose_name = _("support item")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="support_item_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]


class PlanVersion(models.Model):
    """What the parents were shown of a cycle, as shared on a date: a copy, never edited."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("what parents were shown"))
    change_note = models.TextField(_("what changed, in the SENCO's words"), blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shared_at = models.DateTimeField()

    class Meta:
        ordering = ["cycle", "number"]
        verbose_name = _("shared plan")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="unique_plan_version")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} v{self.number}"


class AssessmentStillHolds(models.TextChoices):
    YES = "yes", _("Yes, the assessment still holds")
    PARTLY = "partly", _("Partly: some needs have changed")
    NO = "no", _("No: the needs should be assessed again")


class Review(models.Model):
    """The Review of a cycle: progress on each outcome, and whether the assessment itself still
    holds (COP-6.46). Closes the cycle; the next one starts from it."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="review")
    held_on = models.DateField(_("date of the review"))
    assessment_still_holds = models.CharField(
        _("does the assessment still hold?"), max_length=10, choices=AssessmentStillHolds.choices
    )
    assessment_note = models.TextField(_("what has changed in the needs"), blank=True)
    summary = models.TextField(_("summary of the review"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review")

    def __str__(self) -> str:
        return f"{self.cycle} – {self.held_on}"


class ProgressScore(models.IntegerChoices):
    NONE = 1, _("No progress yet")
    LITTLE = 2, _("A little progress")
    SOME = 3, _("Good progress")
    NEARLY = 4, _("Nearly achieved")
    ACHIEVED = 5, _("Achieved")


class OutcomeProgress(models.Model):
    """Progress on one outcome at a review, on a five-point scale, with a comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="progress")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="progress")
    score = models.PositiveSmallIntegerField(_("progress"), choices=ProgressScore.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["review", "outcome__order", "outcome_id"]
        verbose_name = _("progress on an outcome")
        constraints = [
            models.UniqueConstraint(fields=["review", "outcome"], name="unique_progress"),
            models.CheckConstraint(condition=Q(score__range=(1, 5)), name="progress_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} – {self.score}"
