from django.contrib import admin

from .models import Advisory


@admin.register(Advisory)
class AdvisoryAdmin(admin.ModelAdmin):
    list_display = ["student", "advisor", "year", "started_at", "ended_at", "assigned_by"]
    list_filter = ["year", "ended_at"]
    search_fields = ["student__last_name", "student__first_name", "advisor__full_name"]
    autocomplete_fields = ["student", "advisor", "assigned_by"]
    readonly_fields = ["started_at", "ended_at", "assigned_by"]
