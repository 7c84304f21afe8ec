from django.contrib import admin

from .models import (
    AdvisorAvailability,
    Conference,
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


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ["student", "advisor", "starts_at", "mode", "status", "sequence"]
    list_filter = ["status", "mode"]
    readonly_fields = ["uid", "sequence"]
