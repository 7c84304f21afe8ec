"""The school's words a family or student reads, one column per language (django-modeltranslation;
tandem/core/content.py reads and lists them)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Term


@register(Term)
class TermTranslation(TranslationOptions):
    fields = ("name",)
