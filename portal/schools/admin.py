from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.schools.models import LocalAuthority, School, Trust


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "iass_name", "iass_phone"]
    fieldsets = [
        (None, {"fields": ["name", "bank_holiday_region", "local_offer_url"]}),
        (
            _("Information, Advice and Support Service (IASS)"),
            {
                "fields": [
                    "iass_name",
                    "iass_phone",
                    "iass_email",
                    "iass_website",
                    "iass_opening_hours",
                ]
            },
        ),
        (
            _("Disagreement resolution service"),
            {
                "fields": [
                    "disagreement_resolution_name",
                    "disagreement_resolution_phone",
                    "disagreement_resolution_email",
                    "disagreement_resolution_website",
                ]
            },
        ),
    ]


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    list_display = ["name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "local_authority", "trust"]
    list_select_related = ["local_authority", "trust"]
    search_fields = ["name", "urn"]
