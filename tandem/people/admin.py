from django.contrib import admin

from . import services
from .forms import CaregiverForm
from .models import Caregiver, Guardianship, Household, Student


class GuardianshipInline(admin.TabularInline):
    model = Guardianship
    extra = 0
    autocomplete_fields = ["caregiver", "household", "student"]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "grade",
        "local_id",
        "school",
        "has_iep",
        "has_504",
        "has_est",
        "is_active",
    ]
    list_filter = ["school", "grade", "has_iep", "has_504", "has_est", "is_active"]
    search_fields = [
        "first_name",
        "last_name",
        "preferred_name",
        "local_id",
        "state_id",
        "sourced_id",
    ]
    autocomplete_fields = ["case_manager", "counselor", "user"]
    inlines = [GuardianshipInline]

    def save_model(self, request, obj, form, change):
        # A student made here starts their own clock today at the school (first contact and
        # quarterly meetings run from it); the coordinator/admin may correct it in the form.
        if not change and obj.entered_on is None:
            from tandem.schools import calendar

            obj.entered_on = calendar.today(obj.school)
        super().save_model(request, obj, form, change)


@admin.register(Caregiver)
class CaregiverAdmin(admin.ModelAdmin):
    form = CaregiverForm
    list_display = [
        "full_name",
        "email",
        "mobile_phone",
        "preferred_language",
        "needs_interpreter",
        "is_active",
    ]
    list_filter = ["school", "preferred_language", "needs_interpreter", "is_active"]
    search_fields = ["first_name", "last_name", "email", "mobile_phone", "sourced_id"]
    inlines = [GuardianshipInline]

    def save_model(self, request, obj, form, change):
        services.caregiver_save(caregiver=obj)


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["name", "school"]
    list_filter = ["school"]
    search_fields = ["name"]
    inlines = [GuardianshipInline]
