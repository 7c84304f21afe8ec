"""The school's words a family or student reads, one column per language (django-modeltranslation;
tandem/core/content.py reads and lists them). A conference copies every language of the
advisor's room when it is booked (services._place_text)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AdvisorAvailability, Conference


@register(AdvisorAvailability)
class AdvisorAvailabilityTranslation(TranslationOptions):
    fields = ("room",)


@register(Conference)
class ConferenceTranslation(TranslationOptions):
    fields = ("place",)
