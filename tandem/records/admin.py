from django.contrib import admin

from .models import MeetingRecord, NextStep, Preparation, PreparationComment, WorkPiece


class WorkPieceInline(admin.TabularInline):
    model = WorkPiece
    extra = 0
    fields = ["title", "link", "file_name", "added_at"]
    readonly_fields = fields


class CommentInline(admin.TabularInline):
    model = PreparationComment
    extra = 0
    readonly_fields = ["author", "body", "created_at"]


@admin.register(Preparation)
class PreparationAdmin(admin.ModelAdmin):
    list_display = ["student", "term", "updated_at"]
    list_select_related = ["student", "term"]
    search_fields = ["student__first_name", "student__last_name", "student__local_id"]
    readonly_fields = ["student", "term", "revision", "updated_by", "updated_at", "created_at"]
    inlines = [WorkPieceInline, CommentInline]


class NextStepInline(admin.TabularInline):
    model = NextStep
    extra = 0
    readonly_fields = ["what", "owner", "owner_name", "due_on"]


@admin.register(MeetingRecord)
class MeetingRecordAdmin(admin.ModelAdmin):
    list_display = ["conference", "finalized_at", "updated_at"]
    list_select_related = ["conference__student"]
    readonly_fields = ["conference", "revision", "finalized_at", "finalized_by", "updated_by"]
    raw_id_fields = ["interventions"]
    inlines = [NextStepInline]

    def has_change_permission(self, request, obj=None):
        # A final record is the family's copy too: the admin never changes it.
        if obj is not None and obj.is_final:
            return False
        return super().has_change_permission(request, obj)
