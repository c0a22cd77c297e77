"""Meetings with parents (COP-6.39, 6.55, 6.64-6.69): arranging a date, the record of who came,
whose views were weighed, the outcomes agreed and the next steps, shared with the parents; and the
parents' own views asked for before a review.

A shared record is read-only: corrections are addenda, and the parents' acknowledgement and
responses hang off it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.lib.text import NoTextDirectionControls


class MeetingKind(models.TextChoices):
    EARLY_DISCUSSION = "early", _("Early discussion")
    PLANNING = "planning", _("Planning meeting")
    REVIEW = "review", _("Review meeting")
    OTHER = "other", _("Other meeting")


class DateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Date proposed")
    ACCEPTED = "accepted", _("Date agreed")
    NEW_DATE_ASKED = "new_date", _("Parent asked for another date")
    CANCELLED = "cancelled", _("Cancelled")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SHARED = "shared", _("Shared with parents")


class Meeting(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="meetings")
    cycle = models.ForeignKey(
        "support_plans.Cycle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    kind = models.CharField(_("kind of meeting"), max_length=10, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(
        _("where"), max_length=200, blank=True, validators=[NoTextDirectionControls(_("Where"))]
    )
    date_status = models.CharField(
        _("date"), max_length=10, choices=DateStatus.choices, default=DateStatus.PROPOSED
    )
    parent_date_note = models.TextField(_("what the parent said about the date"), blank=True)
    # Who wrote the note: only that parent (and the staff) read it; parents may live apart.
    parent_date_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The record (COP-6.55: the parents' and the pupil's views weighed).
    parent_views = models.TextField(_("parents' views considered"), blank=True)
    pupil_views = models.TextField(_("the pupil's views considered"), blank=True)
    discussion = models.TextField(_("what was discussed"), blank=True)
    outcomes_agreed = models.TextField(_("outcomes agreed"), blank=True)
    record_status = models.CharField(
        _("record"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        constraints = [
            models.CheckConstraint(
                condition=Q(record_status="draft") | Q(shared_at__isnull=False),
                name="shared_meeting_has_shared_at",
            )
        ]
        indexes = [models.Index(fields=["school", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.pupil}"

    @property
    def is_shared(self) -> bool:
        return self.record_status == RecordStatus.SHARED


class AttendeeKind(models.TextChoices):
    PARENT = "parent", _("Parent or carer")
    PUPIL = "pupil", _("Pupil")
    STAFF = "staff", _("School staff")
    PROFESSIONAL = "professional", _("Outside professional")


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(_("who"), max_length=12, choices=AttendeeKind.choices)
    name = models.CharField(
        _("name"), max_length=200, validators=[NoTextDirectionControls(_("Name"))]
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "kind", "id"]
        verbose_name = _("attendee")

    def __str__(self) -> str:
        return self.name


class StepOwner(models.TextChoices):
    SCHOOL = "school", _("School")
    PARENT = "parent", _("Parent or carer")
    PUPIL = "pupil", _("Pupil")
    OTHER = "other", _("Someone else")


class NextStep(models.Model):
    """An action agreed at a meeting: who does it and by when (COP-6.39, 6.43)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="next_steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    action = models.TextField(_("action"))
    owner = models.CharField(_("who will do it"), max_length=10, choices=StepOwner.choices)
    owner_name = models.CharField(_("name of who will do it"), max_length=200, blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("next step")
        indexes = [
            models.Index(fields=["due_on"], condition=Q(done_at__isnull=True), name="step_open")
        ]

    def __str__(self) -> str:
        return self.action[:80]


class Addendum(models.Model):
    """A correction or addition to a shared record: the record itself never changes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="addenda")
    text = models.TextField(_("addendum"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "id"]
        verbose_name = _("addendum")

    def __str__(self) -> str:
        return self.text[:80]


class Acknowledgement(models.Model):
    """A parent saying they have read a shared record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="acknowledgements")
    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField()

    class Meta:
        verbose_name = _("acknowledgement")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "parent"], name="unique_acknowledgement")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.parent}"


class ResponseKind(models.TextChoices):
    ADD = "add", _("I would like to add something")
    DISAGREE = "disagree", _("I disagree with something")


class ParentResponse(models.Model):
    """A parent's response to a shared record, and the SENCO's answer to it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="responses")
    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind of response"), max_length=10, choices=ResponseKind.choices)
    text = models.TextField(_("your response"))
    created_at = models.DateTimeField(auto_now_add=True)
    reply = models.TextField(_("the school's answer"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "created_at", "id"]
        verbose_name = _("parent's response")

    def __str__(self) -> str:
        return self.text[:80]


class ParentViews(models.Model):
    """The SENCO asking the parents for their views before a meeting, and their answers."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="parent_views")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="parent_views_asked"
    )
    cycle = models.ForeignKey(
        "support_plans.Cycle", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answer_by = models.DateField(_("answer by"), null=True, blank=True)
    going_well = models.TextField(_("what is going well"), blank=True)
    worries = models.TextField(_("what worries you"), blank=True)
    to_discuss = models.TextField(_("what you would like discussed"), blank=True)
    from_home = models.TextField(_("anything from home you want to share"), blank=True)
    attachments = models.ManyToManyField("files.Attachment", blank=True, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("parents' views")

    def __str__(self) -> str:
        return f"{self.pupil} – {self.requested_at:%Y-%m-%d}"
