"""The catalog of the demo's school content: every field the demo fills that a family or
student reads (each app's translation.py) has a Spanish value, so a Spanish family on the
demo reads Spanish content."""

from io import StringIO

import pytest
from django.core.management import call_command

from tandem.core import content
from tandem.demo import generator
from tandem.outreach.message_templates import templates_of

pytestmark = pytest.mark.django_db

# School content the demo does not fill, and why; the day it does, the test below checks it.
NOT_IN_DEMO = {
    "PlanTemplate.family_questions": "the demo's template asks families only the two standard "
    "questions (tests/plans/test_pages.py writes extra ones)",
    "DiplomaRequirement.name": "the demo keeps no course records, so its diploma has no "
    "subject-area requirements (tests/transcripts/test_diploma_languages.py covers them)",
}


def test_every_school_content_field_the_demo_fills_has_a_spanish_value():
    from modeltranslation.translator import translator

    call_command("seed_demo", "--students", "40", "--seed", "3", stdout=StringIO())
    school = generator.demo_school()
    own = content.school_language(school)
    assert own == "en" and "es" in content.served_languages(school)
    missing, filled = [], set()
    for model in translator.get_registered_models():
        for obj in model.objects.all():
            for field in content.fields_of(model):
                if getattr(obj, content.column(field, own), None):
                    filled.add(f"{model.__name__}.{field}")
                    if not getattr(obj, content.column(field, "es"), None):
                        missing.append((model.__name__, field, obj.pk))
    assert not missing, missing[:20]
    # Every kind of school content is either filled by the demo (and so checked above) or
    # named here with the reason the demo leaves it empty.
    registered = {
        f"{model.__name__}.{field}"
        for model in translator.get_registered_models()
        for field in content.fields_of(model)
    }
    assert registered - filled <= set(NOT_IN_DEMO), registered - filled - set(NOT_IN_DEMO)
    # Message templates keep a row per language (outreach.message_templates): each the demo
    # writes is in Spanish too.
    templates = templates_of(school)
    assert templates and all("es" in t.rows for t in templates), [t.name for t in templates]
    # The demo fills each kind of school content a family reads.
    for field in (
        "Term.name",
        "TemplateSection.title",
        "TemplateSection.prompt",
        "PlanSection.title",
        "Competency.statement",
        "ChecklistItem.title",
        "AdvisorAvailability.room",
        "Conference.place",
    ):
        assert field in filled, field
