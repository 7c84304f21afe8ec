"""What the school's families or students read that is not yet in one of the school's
languages, item by item, each with the page where it is edited: the coordinator's list
(views.languages). One query per kind of content, whatever the school's size."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.core import content


@dataclass(frozen=True)
class Item:
    kind: str  # what it is, in the reader's language
    text: str  # the school's own text of it
    url: str  # the page where it is edited


def _term_items(school, today, languages):
    from tandem.schools.models import Term

    terms = Term.objects.filter(year__school=school, year__ends_on__gte=today).select_related(
        "conference_window"
    )
    for term in terms.order_by("starts_on"):
        window = getattr(term, "conference_window", None)
        url = (
            reverse("conferences:window_settings", args=[window.pk])
            if window is not None
            else reverse("conferences:window", args=[term.pk])
        )
        yield term, "name", _("Term name"), url


def _plan_items(school, today, languages):
    from tandem.plans.models import Competency, PlanTemplate, TemplateSection

    template_url = f"{reverse('plans:template')}?school={school.pk}"
    for section in TemplateSection.objects.filter(template__school=school).order_by("order"):
        yield section, "title", _("Plan section title"), template_url
        yield section, "prompt", _("Plan section prompt"), template_url
    for template in PlanTemplate.objects.filter(school=school):
        yield template, "family_questions", _("Questions for families"), template_url
    competencies = Competency.objects.filter(school=school, is_active=True).order_by("code")
    for competency in competencies:
        url = f"{reverse('plans:competencies')}?school={school.pk}&edit={competency.pk}"
        yield competency, "statement", _("Competency %(code)s") % {"code": competency.code}, url


def _checklist_items(school, today, languages):
    from tandem.meetings.models import ChecklistItem, ItemKind

    # Tips are the advisor's only; the family reads the must-do items in the meeting.
    items = ChecklistItem.objects.filter(checklist__school=school, kind=ItemKind.MUST)
    for item in items.order_by("order", "pk"):
        url = reverse("meetings:checklist_item", args=[item.pk])
        yield item, "title", _("Conference checklist item"), url
        yield item, "guidance", _("Conference checklist guidance"), url


def _room_items(school, today, languages):
    from tandem.conferences.models import AdvisorAvailability

    rooms = (
        AdvisorAvailability.objects.filter(
            window__term__year__school=school, window__ends_on__gte=today
        )
        .select_related("advisor", "window")
        .order_by("window__starts_on", "advisor__full_name")
    )
    for availability in rooms:
        url = reverse(
            "conferences:advisor_hours", args=[availability.window_id, availability.advisor_id]
        )
        yield (
            availability,
            "room",
            _("Room of %(name)s") % {"name": availability.advisor.full_name},
            url,
        )


def _diploma_items(school, today, languages):
    from tandem.transcripts.models import DiplomaRequirement

    url = f"{reverse('transcripts:diploma')}?school={school.pk}"
    for requirement in DiplomaRequirement.objects.filter(school=school):
        yield requirement, "name", _("Diploma requirement"), url


SOURCES = (_term_items, _plan_items, _checklist_items, _room_items, _diploma_items)


def _message_templates(school, languages) -> dict[str, list[Item]]:
    """Message templates keep a row per language (outreach.message_templates): a template
    without a row in a language is untranslated there; the coordinator's template page
    translates it."""
    from tandem.outreach.message_templates import templates_of

    out: dict[str, list[Item]] = {}
    for template in templates_of(school):
        url = reverse("outreach:message_template", args=[template.pk])
        for language in languages:
            if language not in template.rows:
                out.setdefault(language, []).append(
                    Item(str(_("Message template")), template.name, url)
                )
    return out


def untranslated(school, today) -> dict[str, list[Item]]:
    """{language: [Item…]} for each language the school serves besides its own, in the order
    of `content.served_languages` (a language with nothing missing has an empty list)."""
    own = content.school_language(school)
    others = [lang for lang in content.served_languages(school) if lang != own]
    out: dict[str, list[Item]] = {lang: [] for lang in others}
    if not others:
        return out
    for source in SOURCES:
        for obj, field, kind, url in source(school, today, others):
            missing = content.missing(obj, field, others)
            if not missing:
                continue
            text = content.text_in(obj, field, own)
            for lang in missing:
                out[lang].append(Item(str(kind), text, url))
    for lang, items in _message_templates(school, others).items():
        out[lang].extend(items)
    return out
