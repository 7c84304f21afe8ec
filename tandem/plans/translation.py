"""The school's words a family or student reads, one column per language (django-modeltranslation;
tandem/core/content.py reads and lists them). A plan's own sections copy every language of the
template's when the plan is made (services.plan_create)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Competency, PlanSection, PlanTemplate, TemplateSection


@register(PlanTemplate)
class PlanTemplateTranslation(TranslationOptions):
    fields = ("family_questions",)


@register(TemplateSection)
class TemplateSectionTranslation(TranslationOptions):
    fields = ("title", "prompt")


@register(PlanSection)
class PlanSectionTranslation(TranslationOptions):
    fields = ("title", "prompt")


@register(Competency)
class CompetencyTranslation(TranslationOptions):
    fields = ("statement",)
