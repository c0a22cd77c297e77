from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import (
    AuditEvent,
    GuardianLink,
    Invitation,
    LocalAuthority,
    Pupil,
    PupilAreaOfNeed,
    School,
    StaffMembership,
    TeachingAssignment,
    Trust,
    TrustRole,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "iass_name", "iass_phone"]


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    list_display = ["name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "local_authority", "trust"]
    list_select_related = ["local_authority", "trust"]
    search_fields = ["name", "urn"]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role"]
    list_filter = ["role", "school"]
    list_select_related = ["user", "school"]
    autocomplete_fields = ["user"]


@admin.register(TrustRole)
class TrustRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "trust", "role"]
    autocomplete_fields = ["user"]


class AreaInline(admin.TabularInline):
    model = PupilAreaOfNeed
    extra = 0


@admin.register(Pupil)
class PupilAdmin(admin.ModelAdmin):
    list_display = ["legal_last_name", "legal_first_name", "school", "year_group", "sen_status"]
    list_filter = ["sen_status", "school"]
    list_select_related = ["school"]
    inlines = [AreaInline]


@admin.register(TeachingAssignment)
class TeachingAssignmentAdmin(admin.ModelAdmin):
    list_display = ["pupil", "teacher", "created_at"]
    list_select_related = ["pupil", "teacher"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "pupil", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["pupil"]
    exclude = ["token_hash"]
    readonly_fields = ["accepted_at", "accepted_by"]


@admin.register(GuardianLink)
class GuardianLinkAdmin(admin.ModelAdmin):
    """Links are made only by accepting an invitation, never here."""

    list_display = ["parent", "pupil", "relationship", "created_at", "revoked_at"]
    list_select_related = ["parent", "pupil"]
    readonly_fields = ["parent", "pupil", "invitation", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit rows are never changed or deleted."""

    list_display = ["created_at", "action", "actor_email", "object_type", "object_id", "school_id"]
    list_filter = ["action"]
    search_fields = ["actor_email", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
