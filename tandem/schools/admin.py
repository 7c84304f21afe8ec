from django.contrib import admin

from .models import AcademicYear, Quarter, School, StaffRole, Term


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


class QuarterInline(admin.TabularInline):
    model = Quarter
    extra = 0


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "languages", "require_staff_two_factor"]
    search_fields = ["name"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "time_zone",
                    "languages",
                    "require_staff_two_factor",
                    "sourced_id",
                )
            },
        ),
        (
            "Rules",
            {
                "fields": (
                    "first_contact_days",
                    "meetings_per_quarter",
                    "draft_lead_days",
                    "conference_window_days",
                    "family_meetings_per_year",
                    "plan_approval_rule",
                    "participation_target",
                )
            },
        ),
    )


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "starts_on", "ends_on"]
    list_filter = ["school"]
    inlines = [TermInline, QuarterInline]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role"]
    list_filter = ["school", "role"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user", "school"]
