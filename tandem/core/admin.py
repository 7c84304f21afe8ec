from django.contrib import admin

from .csv_export import csv_response
from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it here."""

    list_display = ["at", "user", "student", "record_type", "record_id", "purpose", "ip_address"]
    list_filter = ["school", "record_type"]
    search_fields = ["user__email", "user__full_name", "student__last_name", "purpose"]
    date_hierarchy = "at"
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Export the selected entries as CSV")
    def export_csv(self, request, queryset):
        entries = queryset.select_related("user", "student", "school").iterator()
        return csv_response(
            "access-log.csv", AccessLog.CSV_HEADER, (entry.csv_row() for entry in entries)
        )
