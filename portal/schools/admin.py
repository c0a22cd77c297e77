from django.contrib import admin

from portal.schools.models import LocalAuthority, School, Trust


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
