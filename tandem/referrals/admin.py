from django.contrib import admin

from .models import ReferralCategory, SupportTeamMember


@admin.register(ReferralCategory)
class ReferralCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "position"]
    list_filter = ["school"]


@admin.register(SupportTeamMember)
class SupportTeamMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "school"]
    list_filter = ["school"]
    raw_id_fields = ["user"]
