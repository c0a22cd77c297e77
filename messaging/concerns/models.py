"""Parents' concerns, the school's limits for answering them in school days, and the append-only
timeline of each concern."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_ACKNOWLEDGE_DAYS = 2
DEFAULT_ANSWER_DAYS = 10
MAX_LIMIT_DAYS = 40


class ConcernPolicy(models.Model):
    """A school's limits for concerns, in school days, and its complaints procedure. Made with
    the defaults the first time the school needs it."""

    school = models.OneToOneField(
        "schools.School", on_delete=models.CASCADE, related_name="concern_policy"
    )
    acknowledge_within_days = models.PositiveSmallIntegerField(
        _("acknowledge within (school days)"), default=DEFAULT_ACKNOWLEDGE_DAYS
    )
    answer_within_days = models.PositiveSmallIntegerField(
        _("answer within (school days)"), default=DEFAULT_ANSWER_DAYS
    )
    complaints_procedure_url = models.URLField(_("complaints procedure web address"), blank=True)

    class Meta:
        verbose_name = _("concerns procedure")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(acknowledge_within_days__range=(1, MAX_LIMIT_DAYS))
                & models.Q(answer_within_days__range=(1, MAX_LIMIT_DAYS)),
                name="concern_policy_limits_in_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.school)


class ComplaintStage(models.Model):
    """One named stage of a school's complaints procedure, in order."""

    policy = models.ForeignKey(ConcernPolicy, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    how_to_start = models.TextField(_("how to start it"), blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)

    class Meta:
        ordering = ["policy", "order"]
        verbose_name = _("complaints stage")
        constraints = [
            models.UniqueConstraint(fields=["policy", "order"], name="unique_stage_order")
        ]

    def __str__(self) -> str:
        return self.name


class ConcernCategory(models.TextChoices):
    LEARNING = "learning", _("Learning and progress")
    SUPPORT = "support", _("Support not happening")
    WELLBEING = "wellbeing", _("Wellbeing")
    COMMUNICATION = "communication", _("Communication")
    OTHER = "other", _("Something else")


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    ESCALATED = "escalated", _("Not resolved")


# Statuses in which the school still owes an acknowledgement or an answer.
OPEN_STATUSES = frozenset(
    {ConcernStatus.RECEIVED, ConcernStatus.ACKNOWLEDGED, ConcernStatus.IN_PROGRESS}
)


class Concern(models.Model):
    """A concern a parent raised about their child, followed to an answer in school days."""

    # PROTECT: deleting a school, pupil or parent must not silently take the concern and its
    # append-only timeline with it; erasure is a deliberate, audited step.
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="concerns")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_raised"
    )
    category = models.CharField(_("what it is about"), max_length=20, choices=ConcernCategory)
    what_happened = models.TextField(_("what happened"), max_length=5000)
    would_like = models.TextField(_("what you would like to happen"), max_length=5000)
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ConcernStatus, default=ConcernStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    counts_from = models.DateField(_("counts from"))
    acknowledge_by = models.DateField(_("acknowledge by"))
    answer_by = models.DateField(_("answer by"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns_assigned",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    in_progress_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # The due date for which the parent was last told a step was overdue: a task that runs
    # twice, or one for a date since revised, finds it already set and does nothing.
    acknowledge_overdue_for = models.DateField(null=True, blank=True)
    answer_overdue_for = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("concern")
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["pupil", "raised_by"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(acknowledge_by__gte=models.F("counts_from"))
                & models.Q(answer_by__gte=models.F("counts_from")),
                name="concern_due_dates_after_counting_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ConcernStatus.values), name="concern_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("messaging:concern_detail", kwargs={"concern_id": self.pk})

    def acknowledge_overdue(self, today) -> bool:
        return self.acknowledged_at is None and self.is_open and today > self.acknowledge_by

    def answer_overdue(self, today) -> bool:
        return self.answered_at is None and self.is_open and today > self.answer_by

    def overdue(self, today) -> bool:
        return self.acknowledge_overdue(today) or self.answer_overdue(today)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ConcernEventKind(models.TextChoices):
    RAISED = "raised", _("Concern raised")
    ACKNOWLEDGED = "acknowledged", _("Concern acknowledged")
    ASSIGNED = "assigned", _("Concern assigned")
    IN_PROGRESS = "in_progress", _("The school is looking into the concern")
    REPLY = "reply", _("Reply from the school")
    ANSWERED = "answered", _("Answer from the school")
    CLOSED = "closed", _("Concern closed")
    ESCALATED = "escalated", _("The parent said this did not resolve the concern")
    DEADLINE_REVISED = "deadline_revised", _("Date revised")
    ACKNOWLEDGE_OVERDUE = "acknowledge_overdue", _("Not acknowledged in time")
    ANSWER_OVERDUE = "answer_overdue", _("Not answered in time")
    PARENT_REPLY = "parent_reply", _("Reply from the parent")


class Deadline(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Date to acknowledge by")
    ANSWER = "answer", _("Date to answer by")


class AppendOnly(PermissionError):
    pass


class ConcernEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("A concern's timeline is append-only.")

    def delete(self):
        raise AppendOnly("A concern's timeline is append-only.")


class ConcernEvent(models.Model):
    """One entry of a concern's timeline. Append-only: a saved entry is never changed or removed.

    The fixed text of an entry is its kind's label, translated when it is shown, so each reader
    sees it in their own language; `body` is what a person typed and is shown as typed."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=ConcernEventKind)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("text"), blank=True, max_length=5000)
    # For a revised date: which date, the new date and why.
    deadline = models.CharField(max_length=20, choices=Deadline, blank=True)
    new_date = models.DateField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    # For an assignment: who the concern was given to.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Files given with the entry (the concern itself, a reply), stored through portal.files and
    # served only through the concern's access check. Linked once, when the entry is added.
    attachments = models.ManyToManyField(
        "files.Attachment", blank=True, related_name="concern_events"
    )

    objects = ConcernEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("concern timeline entry")

    def __str__(self) -> str:
        return f"{self.concern_id} {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("A concern's timeline is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("A concern's timeline is append-only.")
