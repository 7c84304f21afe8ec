from django.contrib import admin

from .models import Exhibition, PanelSeat, Presentation, Rater, Result


@admin.register(Exhibition)
class ExhibitionAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "starts_on", "ends_on"]
    list_filter = ["school"]
    raw_id_fields = ["created_by"]


@admin.register(Presentation)
class PresentationAdmin(admin.ModelAdmin):
    list_display = ["student", "exhibition", "starts_at", "room"]
    raw_id_fields = ["student", "exhibition", "pieces"]


@admin.register(Rater)
class RaterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "exhibition", "email", "invited_at"]
    raw_id_fields = ["user", "exhibition"]
    readonly_fields = ["token_hash"]


@admin.register(PanelSeat)
class PanelSeatAdmin(admin.ModelAdmin):
    list_display = ["rater", "presentation", "submitted_at"]
    raw_id_fields = ["rater", "presentation"]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["presentation", "finalised_by", "finalised_at"]
    raw_id_fields = ["presentation", "finalised_by", "ratings", "panel_notes"]
