from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.people.models import GuardianLink, Invitation, StaffMembership, TrustRole, User


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
