import csv

from django.contrib import admin
from django.http import HttpResponse

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
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
        writer = csv.writer(response)
        writer.writerow(AccessLog.CSV_HEADER)
        for entry in queryset.select_related("user", "student").iterator():
            writer.writerow(entry.csv_row())
        return response
