from django.contrib import admin

from .models import (
    AssessmentResult,
    CompetencyRating,
    Framework,
    FrameworkItem,
    GraduationRule,
    Intervention,
    Narrative,
)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "source", "version", "imported_at"]
    list_filter = ["school", "source"]


@admin.register(FrameworkItem)
class FrameworkItemAdmin(admin.ModelAdmin):
    list_display = ["code", "statement", "framework", "parent", "sequence"]
    list_filter = ["framework"]
    search_fields = ["code", "statement", "identifier"]
    raw_id_fields = ["parent"]


@admin.register(GraduationRule)
class GraduationRuleAdmin(admin.ModelAdmin):
    list_display = ["school", "credits_required"]


@admin.register(CompetencyRating)
class CompetencyRatingAdmin(admin.ModelAdmin):
    list_display = ["student", "competency", "term", "level", "rated_on", "rated_by"]
    list_filter = ["level", "term"]
    raw_id_fields = ["student", "competency", "rated_by"]


@admin.register(Narrative)
class NarrativeAdmin(admin.ModelAdmin):
    list_display = ["student", "term", "author", "finalized_at"]
    raw_id_fields = ["student", "author"]


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    list_display = [
        "student",
        "assessment",
        "test",
        "taken_on",
        "score",
        "percentile",
        "growth_measure",
        "event_id",
    ]
    list_filter = ["assessment", "test", "growth_measure", "source"]
    raw_id_fields = ["student"]


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["student", "area", "owner", "starts_on", "review_on", "status"]
    list_filter = ["area", "status"]
    raw_id_fields = ["student", "owner", "created_by"]


# IEP goals and progress points are not in the admin: every view of them must be logged, and
# the admin does not log. Case managers keep them on the student's IEP page.
