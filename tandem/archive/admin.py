from django.contrib import admin

from .models import Destruction, RetentionSetting, YearArchive


class ReadOnly(admin.ModelAdmin):
    """Archives are made by the worker and destructions are evidence: nobody edits them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(YearArchive)
class YearArchiveAdmin(ReadOnly):
    list_display = ["year", "status", "students_done", "students_total", "finished_at"]
    list_filter = ["school", "status"]


@admin.register(Destruction)
class DestructionAdmin(ReadOnly):
    list_display = ["at", "school", "by", "retention_years", "count"]
    list_filter = ["school"]


@admin.register(RetentionSetting)
class RetentionSettingAdmin(admin.ModelAdmin):
    list_display = ["school", "years", "updated_by", "updated_at"]
