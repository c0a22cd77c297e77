import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    SIGN_IN = "auth.sign_in", _("Signed in")
    SIGN_IN_FAILED = "auth.sign_in_failed", _("Sign-in failed")
    SIGN_IN_THROTTLED = "auth.sign_in_throttled", _("Sign-in slowed down after failures")
    SIGN_OUT = "auth.sign_out", _("Signed out")
    SESSION_EXPIRED = "auth.session_expired", _("Session expired")
    OTP_ENROLLED = "otp.enrolled", _("Two-factor authentication set up")
    OTP_VERIFIED = "otp.verified", _("Second factor verified")
    OTP_FAILED = "otp.failed", _("Second factor failed")
    OTP_BACKUP_CODES_ISSUED = "otp.backup_codes_issued", _("Backup codes issued")
    ACCESS_REFUSED = "access.refused", _("Access refused")
    PUPIL_VIEWED = "pupil.viewed", _("Pupil record viewed")
    PUPIL_LISTED = "pupil.listed", _("Pupil shown in a list")
    REGISTER_VIEWED = "register.viewed", _("SEN register viewed")
    PUPIL_CREATED = "pupil.created", _("Pupil added")
    PUPIL_UPDATED = "pupil.updated", _("Pupil updated")
    REGISTER_IMPORTED = "register.imported", _("SEN register imported from a file")
    TEACHERS_ASSIGNED = "pupil.teachers_assigned", _("Teachers assigned")
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    LINK_REVOKED = "link.revoked", _("Parent link revoked")
    TERM_DATES_CHANGED = "calendar.terms_changed", _("Term dates changed")
    CLOSURE_ADDED = "calendar.closure_added", _("School closure added")
    CLOSURE_REMOVED = "calendar.closure_removed", _("School closure removed")
    ATTACHMENT_STORED = "attachment.stored", _("Attachment stored")
    ATTACHMENT_DOWNLOADED = "attachment.downloaded", _("Attachment downloaded")
    CONCERN_VIEWED = "concern.viewed", _("Concern viewed")
    CONCERN_RAISED = "concern.raised", _("Concern raised")
    CONCERN_UPDATED = "concern.updated", _("Concern updated")
    CONCERN_POLICY_CHANGED = "concern.policy_changed", _("Concerns procedure changed")
    CONVERSATION_STARTED = "conversation.started", _("Conversation started")
    MESSAGE_SENT = "conversation.message_sent", _("Message sent")
    QUIET_HOURS_CHANGED = "school.quiet_hours_changed", _("Quiet hours changed")
    SUPPORT_VIEWED = "support.viewed", _("Support record viewed")
    PLAN_CHANGED = "support.plan_changed", _("Support plan changed")
    PLAN_SHARED = "support.plan_shared", _("Support plan shared with parents")
    REVIEW_RECORDED = "support.review_recorded", _("Review recorded")
    INTERVENTION_CHANGED = "support.intervention_changed", _("Provision map changed")
    MEETING_CHANGED = "meeting.changed", _("Meeting changed")
    MEETING_SHARED = "meeting.shared", _("Meeting record shared with parents")
    MEETING_ACKNOWLEDGED = "meeting.acknowledged", _("Meeting record acknowledged")
    MEETING_RESPONDED = "meeting.responded", _("Response to a meeting record")
    PARENT_VIEWS_CHANGED = "meeting.parent_views", _("Parents' views asked for or given")
    CONSENT_CHANGED = "consent.changed", _("Consent asked for, given, refused or withdrawn")
    REFERRAL_SENT = "consent.referral_sent", _("Referral to an outside professional sent")
    NOTICE_SENT = "notice.sent", _("Formal notice sent")
    NOTICE_READ = "notice.read", _("Formal notice read")
    PASSPORT_CHANGED = "passport.changed", _("Pupil passport changed")
    PASSPORT_TEMPLATE_CHANGED = "passport.template_changed", _("Passport headings changed")
    PUPIL_VIEWS_RECORDED = "support.pupil_views", _("Pupil's views recorded")
    EVIDENCE_PACK_MADE = "support.evidence_pack", _("Evidence pack made")
    CHECKLIST_VIEWED = "support.checklist_viewed", _("Code of Practice report viewed")
    VOICE_SET_CHANGED = "voice.set_changed", _("Question set changed")
    VOICE_SET_PUBLISHED = "voice.set_published", _("Question set published to the trust")
    VOICE_REQUESTED = "voice.requested", _("Pupil's views asked for")
    VOICE_REQUEST_CANCELLED = "voice.request_cancelled", _("Request for a pupil's views cancelled")
    VOICE_CODE_REFUSED = "voice.code_refused", _("Pupil's code refused")
    VOICE_STARTED = "voice.started", _("Pupil started giving their views")
    VOICE_ANSWERED = "voice.answered", _("Pupil answered a question")
    VOICE_FINISHED = "voice.finished", _("Pupil finished giving their views")
    VOICE_VIEWED = "voice.viewed", _("Pupil's views read")
    VOICE_REVIEWED = "voice.reviewed", _("Pupil's views reviewed")
    VOICE_AUDIO_PLAYED = "voice.audio_played", _("Pupil's recorded answer played")
    VOICE_COMMUNICATION_CHANGED = "voice.communication", _("How the pupil communicates changed")
    VOICE_TARGET_CHECK_IN = "voice.target_check_in", _("Pupil said how a target is going")
    SAFEGUARDING_FLAGGED = "safeguarding.flagged", _("Pupil's words flagged for safeguarding")
    SAFEGUARDING_VIEWED = "safeguarding.viewed", _("Safeguarding flag read")
    SAFEGUARDING_ACKNOWLEDGED = "safeguarding.acknowledged", _("Safeguarding flag acknowledged")
    SAFEGUARDING_NOTE = "safeguarding.note", _("Note added to a safeguarding flag")
    SAFEGUARDING_RESOLVED = "safeguarding.resolved", _("Safeguarding flag resolved")
    SAFEGUARDING_WORDS_CHANGED = "safeguarding.words_changed", _("Safeguarding words changed")


class ActorKind(models.TextChoices):
    USER = "user", _("Person with an account")
    PUPIL = "pupil", _("Pupil")
    SYSTEM = "system", _("The portal")
    ANONYMOUS = "anonymous", _("Not signed in")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One append-only row of the audit trail, chained to the row before it by a keyed MAC.

    `hash` holds the HMAC-SHA256, under the AUDIT_KEY, of the row's content and the previous
    row's MAC (`prev_hash`): without the key nobody can rewrite a row and recompute the chain.

    Actor and school are kept as plain ids (no database constraint) so that no
    deletion elsewhere ever has to touch an audit row.
    """

    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    # A pupil's id or the job's name, for actors who have no account.
    actor_ref = models.CharField(max_length=64, blank=True)
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=255, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        indexes = [models.Index(fields=["school", "created_at"])]

    def __str__(self) -> str:
        who = self.actor_email or f"{self.actor_kind}:{self.actor_ref}"
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {who}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def _encoded(self) -> bytes:
        payload = {
            "created_at": self.created_at.isoformat(),
            "actor_kind": self.actor_kind,
            "actor_id": self.actor_id,
            "actor_ref": self.actor_ref,
            "actor_email": self.actor_email,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "school_id": self.school_id,
            "ip_address": self.ip_address,
            "request_id": self.request_id,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self, key: bytes) -> str:
        """The row's HMAC-SHA256 under `key`, covering its content and the previous row's."""
        return hmac.new(key, self._encoded(), hashlib.sha256).hexdigest()

    def is_unkeyed(self) -> bool:
        """Whether the row carries the plain SHA-256 that rows had before the trail was keyed."""
        return hmac.compare_digest(hashlib.sha256(self._encoded()).hexdigest(), self.hash)
