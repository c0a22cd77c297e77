from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    INVITATION_ACCEPTED = "invitation.accepted", _("A parent accepted an invitation")
    CHILD_LINKED = "child.linked", _("You were linked to a child")
    EMAIL_NOT_DELIVERED = "email.not_delivered", _("An email could not be delivered")
    CONCERN = "concern", _("A concern you follow has changed")
    MESSAGE_RECEIVED = "conversation.message", _("A new message in a conversation")
    SUPPORT_PLAN = "support.plan", _("A support plan was shared or reviewed")
    MEETING = "meeting", _("A meeting was arranged, recorded or answered")
    PARENT_VIEWS = "meeting.parent_views", _("Your views were asked for, or given")
    CONSENT = "consent", _("Consent was asked for or answered")
    FORMAL_NOTICE = "support.notice", _("A formal notice about SEN Support")
    PUPIL_VIEWS = "voice.views", _("A pupil gave their views, or they were shared")
    SAFEGUARDING = "safeguarding", _("A pupil's words were flagged for safeguarding")


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("Only in the portal")
    EMAIL_AT_ONCE = "email", _("In the portal, and by email straight away")
    DAILY_DIGEST = "digest", _("In the portal, and one email a day when there is something new")


class Notification(models.Model):
    """One notification for one person: the source of truth for what they were told.

    The text is written in the recipient's language when it is made, so it reads the same in
    the list, the live update and the digest.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            )
        ]

    def __str__(self) -> str:
        return self.text


class NotificationPreference(models.Model):
    """How a person wants to hear of new notifications. No row means in the portal only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        _("how to tell you"), max_length=10, choices=Delivery.choices, default=Delivery.IN_APP
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_delivery_display()}"


class EmailStatus(models.TextChoices):
    READY = "ready", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be delivered")


class OutboundEmail(models.Model):
    """An email the portal must send: written in the same transaction as the change that needs it,
    sent by the background worker, retried with backoff until it goes or is given up on."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.READY
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Who asked for it: told in the portal when it cannot be delivered.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outbound email")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject} ({self.status})"

    @property
    def delayed(self) -> bool:
        """Tried and failed at least three times, and not sent: the sender should know."""
        return self.status != EmailStatus.SENT and self.attempts >= 3
