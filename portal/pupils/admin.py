from django.contrib import admin

from portal.pupils.models import Pupil, PupilAreaOfNeed, TeachingAssignment


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
