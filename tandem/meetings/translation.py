"""The school's words a family or student reads, one column per language (django-modeltranslation;
tandem/core/content.py reads and lists them)."""

from modeltranslation.translator import TranslationOptions, register

from .models import ChecklistItem


@register(ChecklistItem)
class ChecklistItemTranslation(TranslationOptions):
    fields = ("title", "guidance")
