from django.contrib import admin

from .models import Approval, Competency, Plan, PlanTemplate, PlanVersion, TemplateSection


class TemplateSectionInline(admin.TabularInline):
    model = TemplateSection
    extra = 0


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    inlines = [TemplateSectionInline]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "statement", "school", "is_active"]
    list_filter = ["school", "is_active"]
    search_fields = ["code", "statement"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Read-only here: plans change through the workflow, never by hand."""

    list_display = ["student", "term", "kind", "state", "shared_at", "approved_at"]
    list_filter = ["state", "kind", "term__year__school"]
    search_fields = ["student__last_name", "student__first_name", "student__local_id"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "reason", "created_at", "content_hash"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Approval)
class ApprovalAdmin(admin.ModelAdmin):
    list_display = ["plan", "version", "caregiver", "method", "approved_at", "recorded_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
