"""Conversations about one pupil between one parent and named staff, and each school's quiet
hours. Messages are an append-only record: never edited, never deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.people.models import StaffRole


class MemberRole(models.TextChoices):
    """What a member is in the conversation, shown beside their name."""

    PARENT = "parent", _("Parent or carer")
    SENCO = "senco", _("SENCO")
    HEADTEACHER = "headteacher", _("Headteacher")
    DSL = "dsl", _("Designated Safeguarding Lead")
    TEACHER = "teacher", _("Teacher or support staff")
    SCHOOL_ADMIN = "school_admin", _("School administrator")


# The role a member of staff is shown with when they hold several: the first they hold.
STAFF_ROLE_ORDER = [
    (StaffRole.SENCO, MemberRole.SENCO),
    (StaffRole.HEADTEACHER, MemberRole.HEADTEACHER),
    (StaffRole.DSL, MemberRole.DSL),
    (StaffRole.TEACHER, MemberRole.TEACHER),
    (StaffRole.SCHOOL_ADMIN, MemberRole.SCHOOL_ADMIN),
]


def member_role_for(staff_roles: set[str]) -> MemberRole:
    for staff_role, member_role in STAFF_ROLE_ORDER:
        if staff_role in staff_roles:
            return member_role
    return MemberRole.TEACHER


class QuietHours(models.Model):
    """When a school's staff are not alerted to new messages. No row: no quiet hours."""

    school = models.OneToOneField(
        "schools.School", on_delete=models.CASCADE, related_name="quiet_hours"
    )
    enabled = models.BooleanField(_("quiet hours on"), default=False)
    starts_at = models.TimeField(_("quiet hours start"), null=True, blank=True)
    ends_at = models.TimeField(_("quiet hours end"), null=True, blank=True)
    weekends = models.BooleanField(_("weekends and school holidays are quiet"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("quiet hours")
        verbose_name_plural = _("quiet hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enabled=False)
                | models.Q(starts_at__isnull=False, ends_at__isnull=False),
                name="quiet_hours_on_have_times",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_id}: {self.starts_at}-{self.ends_at}"


class Conversation(models.Model):
    """A thread about one pupil between one linked parent and named staff of the pupil's
    school. Another parent linked to the same child never sees it."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="conversations"
    )
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=150)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("conversation")
        indexes = [models.Index(fields=["school", "last_message_at"])]

    def __str__(self) -> str:
        return self.subject

    def save(self, *args, **kwargs):
        from portal.pupils.models import Pupil

        if (
            self._state.adding
            and not Pupil.objects.filter(pk=self.pupil_id, school_id=self.school_id).exists()
        ):
            raise ValueError("A conversation's pupil must be at the conversation's school.")
        super().save(*args, **kwargs)


class ConversationMember(models.Model):
    """The parent or a member of staff in a conversation, and when they last read it."""

    conversation = models.ForeignKey(Conversation, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conversation_members"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("conversation member")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_membership_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


# The only columns a message may gain after it is written: when its recipients were told, and
# when someone else in the thread wrote after it.
MESSAGE_STAMPS = frozenset({"notified_at", "answered_at"})


class MessageQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if not set(kwargs) <= MESSAGE_STAMPS:
            raise PermissionError("Messages are never edited.")
        return super().update(**kwargs)

    def delete(self):
        raise PermissionError("Messages are never deleted.")


class Message(models.Model):
    """One message in a conversation: an append-only record."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.PROTECT, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)
    reply_needed_by = models.DateField(_("reply needed by"), null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Added with the message, in the same transaction; read only through the conversation.
    attachments = models.ManyToManyField(
        "files.Attachment", blank=True, related_name="conversation_messages"
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        indexes = [
            models.Index(
                fields=["reply_needed_by"],
                condition=models.Q(reply_needed_by__isnull=False, answered_at__isnull=True),
                name="message_reply_needed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Messages are never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Messages are never deleted.")
