from django.contrib import admin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Read-only: a run is the record of what an import did."""

    list_display = ["started_at", "file_name", "who", "source", "version", "mode", "status"]
    list_filter = ["status", "source", "schools"]
    search_fields = ["file_name", "by__email", "by_label"]
    date_hierarchy = "started_at"
    readonly_fields = [
        "schools",
        "started_at",
        "finished_at",
        "by",
        "by_label",
        "source",
        "file_name",
        "version",
        "mode",
        "dry_run",
        "skip_bad_rows",
        "status",
        "summary",
    ]
    exclude = ["package"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
