from django.contrib import admin

from .models import ContactFlag, MessageTemplate, OutreachSettings


@admin.register(OutreachSettings)
class OutreachSettingsAdmin(admin.ModelAdmin):
    list_display = ["school", "checkin_days", "quiet_start", "quiet_end", "no_rights_messages"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "school", "subject"]
    list_filter = ["school", "language"]
    search_fields = ["name", "subject"]


@admin.register(ContactFlag)
class ContactFlagAdmin(admin.ModelAdmin):
    list_display = ["caregiver", "detail", "reason", "flagged_at", "resolved_at"]
    list_filter = ["detail"]
    raw_id_fields = ["caregiver"]
