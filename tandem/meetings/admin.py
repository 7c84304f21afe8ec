"""The checklist is edited on the coordinator's page; meetings are shown here read-only (what
happened in a meeting is a record, not something IT edits)."""

from django.contrib import admin

from .models import Attendee, Checklist, ChecklistItem, Coverage, Meeting, RoomEvent


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["school", "updated_at", "updated_by"]
    inlines = [ChecklistItemInline]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttendeeInline(ReadOnlyInline):
    model = Attendee


class CoverageInline(ReadOnlyInline):
    model = Coverage


class RoomEventInline(ReadOnlyInline):
    model = RoomEvent


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["conference", "started_at", "finished_at"]
    inlines = [AttendeeInline, CoverageInline, RoomEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
