from django.contrib import admin

from .models import (
    AdvisorAvailability,
    Conference,
    ConferenceStatusChange,
    ConferenceWindow,
    HoursException,
    Interpreter,
    InterpreterHours,
    WeeklyHours,
)


class WeeklyHoursInline(admin.TabularInline):
    model = WeeklyHours
    extra = 0


class HoursExceptionInline(admin.TabularInline):
    model = HoursException
    extra = 0


@admin.register(ConferenceWindow)
class ConferenceWindowAdmin(admin.ModelAdmin):
    list_display = [
        "term",
        "starts_on",
        "ends_on",
        "slot_minutes",
        "household_mode",
        "booking_open",
    ]


@admin.register(AdvisorAvailability)
class AdvisorAvailabilityAdmin(admin.ModelAdmin):
    list_display = ["advisor", "window", "max_per_day", "languages"]
    inlines = [WeeklyHoursInline, HoursExceptionInline]


class InterpreterHoursInline(admin.TabularInline):
    model = InterpreterHours
    extra = 0


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "languages", "is_active"]
    inlines = [InterpreterHoursInline]


class StatusHistoryInline(admin.TabularInline):
    """Read-only: marks and undos are written by the services, with who, when and why."""

    model = ConferenceStatusChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "from_status", "to_status", "by", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ["student", "advisor", "starts_at", "mode", "status", "sequence"]
    list_filter = ["status", "mode"]
    # The status changes only through the services (held/no-show not before the start, an undo
    # with a reason, the history kept), never by editing the row here.
    readonly_fields = ["uid", "sequence", "status"]
    inlines = [StatusHistoryInline]
