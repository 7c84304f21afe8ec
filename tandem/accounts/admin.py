from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from tandem.schools.models import StaffRole

from .forms import AdminSignInForm
from .models import User

# The admin site's sign-in asks what the sign-in page asks (password sign-in off for a school's
# staff: single sign-on).
admin.site.login_form = AdminSignInForm


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    autocomplete_fields = ["school"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "staff_roles__role"]
    search_fields = ["email", "full_name"]
    inlines = [StaffRoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "preferred_language")}),
        (_("Admin site"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]
