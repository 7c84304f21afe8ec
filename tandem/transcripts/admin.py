from django.contrib import admin

from .models import CourseRecord, DiplomaRequirement


@admin.register(DiplomaRequirement)
class DiplomaRequirementAdmin(admin.ModelAdmin):
    list_display = ["school", "name", "credits", "position"]
    list_filter = ["school"]


@admin.register(CourseRecord)
class CourseRecordAdmin(admin.ModelAdmin):
    list_display = ["student", "course_code", "title", "school_year", "term", "grade"]
    list_filter = ["source", "school_year"]
    search_fields = ["course_code", "title", "student__local_id"]
    raw_id_fields = ["student"]
