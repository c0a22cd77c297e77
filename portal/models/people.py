from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="staff")
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
    trust = models.ForeignKey("portal.Trust", on_delete=models.CASCADE, related_name="roles")
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
