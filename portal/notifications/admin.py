from django.contrib import admin

from portal.notifications.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Read-only view of the outbox: the worker sends; nobody edits an email here."""

    list_display = ["created_at", "to", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    exclude = ["body"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
