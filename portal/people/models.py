from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.lib.text import NoTextDirectionControls


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: identified by email address."""

    username = None
    first_name = models.CharField(
        _("first name"),
        max_length=150,
        blank=True,
        validators=[NoTextDirectionControls(_("First name"))],
    )
    last_name = models.CharField(
        _("last name"),
        max_length=150,
        blank=True,
        validators=[NoTextDirectionControls(_("Last name"))],
    )
    email = models.EmailField(_("email address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class StaffRole(models.TextChoices):
    SENCO = "senco", _("SENCO")
    TEACHER = "teacher", _("Teacher or support staff")
    DSL = "dsl", _("Designated Safeguarding Lead")
    HEADTEACHER = "headteacher", _("Headteacher")
    SCHOOL_ADMIN = "school_admin", _("School administrator")


class StaffMembership(models.Model):
    """A role a person holds at one school. A person may hold several roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff membership")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "role"], name="unique_role_per_school"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.school}"


class TrustRoleKind(models.TextChoices):
    SEND_LEAD = "send_lead", _("Trust SEND lead")


class TrustRole(models.Model):
    """A role across every school of a trust: read-only."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="trust_roles")
    trust = models.ForeignKey("schools.Trust", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(
        _("role"), max_length=20, choices=TrustRoleKind.choices, default=TrustRoleKind.SEND_LEAD
    )

    class Meta:
        verbose_name = _("trust role")
        constraints = [
            models.UniqueConstraint(fields=["user", "trust", "role"], name="unique_trust_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.trust}"


class Relationship(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARENT = "parent", _("Parent")
    CARER = "carer", _("Carer")
    GUARDIAN = "guardian", _("Guardian")
    OTHER = "other", _("Other family member")


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class Invitation(models.Model):
    """A single-use invitation for a parent or carer to link to one pupil."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    relationship = models.CharField(
        _("relationship to the pupil"), max_length=20, choices=Relationship.choices
    )
    has_parental_responsibility = models.BooleanField(_("has parental responsibility"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The email that carries the link, so the SENCO can see when it has not been delivered.
    outbound_email = models.ForeignKey(
        "notifications.OutboundEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"{self.email} → {self.pupil}"

    @property
    def is_pending(self) -> bool:
        return self.state == InvitationState.PENDING

    @property
    def state(self) -> InvitationState:
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.PENDING


class GuardianLink(models.Model):
    """A parent or carer's link to a pupil; made only by accepting an invitation."""

    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardian_links"
    )
    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.CASCADE, related_name="guardian_links"
    )
    relationship = models.CharField(
        _("relationship to the pupil"), max_length=20, choices=Relationship.choices
    )
    has_parental_responsibility = models.BooleanField(_("has parental responsibility"))
    invitation = models.OneToOneField(
        Invitation, on_delete=models.PROTECT, related_name="guardian_link"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("parent link")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "pupil"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_link_per_parent_and_pupil",
            )
        ]

    def __str__(self) -> str:
        return f"{self.parent} – {self.pupil}"
