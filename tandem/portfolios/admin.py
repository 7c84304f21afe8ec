from django.contrib import admin

from .models import InclusionRule, Piece, PieceComment, Portfolio, ShowcaseLink


class PieceCommentInline(admin.TabularInline):
    model = PieceComment
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["student", "created_at"]
    raw_id_fields = ["student"]


@admin.register(Piece)
class PieceAdmin(admin.ModelAdmin):
    list_display = ["title", "portfolio", "kind", "date", "in_graduation_portfolio"]
    list_filter = ["kind", "in_graduation_portfolio"]
    raw_id_fields = ["portfolio", "created_by"]
    filter_horizontal = ["competencies"]
    inlines = [PieceCommentInline]


@admin.register(InclusionRule)
class InclusionRuleAdmin(admin.ModelAdmin):
    list_display = ["school", "kind", "number", "order"]


@admin.register(ShowcaseLink)
class ShowcaseLinkAdmin(admin.ModelAdmin):
    list_display = ["portfolio", "label", "created_at", "expires_at", "revoked_at"]
    raw_id_fields = ["portfolio", "created_by"]
    exclude = ["token_hash"]
