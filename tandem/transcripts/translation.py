"""The school's words a family or student reads, one column per language (django-modeltranslation;
tandem/core/content.py reads and lists them): a diploma requirement's name is the subject area
a family reads on the credit report ("Mathematics" / "Matemáticas"). Courses count toward it by
its name in any language or its other areas (DiplomaRequirement.area_names)."""

from modeltranslation.translator import TranslationOptions, register

from .models import DiplomaRequirement


@register(DiplomaRequirement)
class DiplomaRequirementTranslation(TranslationOptions):
    fields = ("name",)
