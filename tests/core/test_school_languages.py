"""The school's words in each language it serves (issue 15): a Spanish family reads the school's
content in Spanish, a fallback is marked with its language, the coordinator sees what is not
yet translated, languages are named (never coded) and nothing reads "None"."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tandem.conferences import reasons
from tandem.core import content, languages
from tandem.people.models import Caregiver
from tandem.plans import services
from tandem.plans.models import Competency, TemplateSection
from tandem.scheduling import reasons as codes
from tests.core.test_access_matrix import (
    EXPECTED,
    PERSONAS,
    all_url_names,
    params_for,
    persona_user,
)

pytestmark = pytest.mark.django_db


def spanish(cast):
    """Carla reads Tandem in Spanish."""
    cast.caregiver.preferred_language = "es"
    cast.caregiver.save()
    cast.caregiver.user.preferred_language = "es"
    cast.caregiver.user.save()


def shared_plan(cast, *, translate=True):
    """Sam's Fall plan with one competency, shared with his family; the template's first
    section and the competency in Spanish when `translate`."""
    template = services.template_for(cast.school)
    Competency.objects.create(
        school=cast.school,
        code="ELA-1",
        **content.kwargs(
            "statement",
            {"en": "Reads closely", "es": "Lee con atención"} if translate else {"en": "Reads"},
        ),
    )
    if translate:
        hopes = template.sections.get(key="hopes_goals")
        content.set_all(hopes, "title", {"es": "Mis esperanzas y metas"})
        hopes.save()
    term = cast.year.terms.get(name_en="Fall")
    plan = services.plan_create(student=cast.student, term=term, kind="term", by=cast.advisor)
    for section in plan.sections.all():
        services.section_save(
            plan=plan,
            key=section.key,
            body="Escrito." if section.kind == "text" else "",
            items=["ELA-1"] if section.kind == "competencies" else [],
            expected_revision=0,
            by=cast.advisor,
        )
    plan.sections.filter(kind="action_steps").update(required=False)
    services.plan_mark_ready(plan=plan, by=cast.student.user, as_student=True)
    services.plan_mark_ready(plan=plan, by=cast.advisor, as_student=False)
    services.plan_share(plan=plan, by=cast.advisor)
    return plan


def test_a_spanish_family_reads_the_plan_in_spanish_and_a_fallback_is_marked(client, cast):
    spanish(cast)
    plan = shared_plan(cast)
    version = plan.versions.get()
    assert version.content["sections"][0]["title"] == "My hopes and goals"  # the school's
    assert version.content["sections"][0]["title_i18n"]["es"] == "Mis esperanzas y metas"

    client.force_login(cast.caregiver.user)
    page = client.get(reverse("plans:version", args=[plan.pk, 1])).content.decode()
    assert "Mis esperanzas y metas" in page
    assert "Lee con atención" in page
    assert "Reads closely" not in page
    # Not translated yet: the school's English, marked as English for the screen reader.
    assert '<span lang="en">How I learn best</span>' in page
    assert '<span lang="en">Mis esperanzas' not in page

    from pypdf import PdfReader

    pdf = client.get(reverse("plans:version_pdf", args=[plan.pk, 1]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Mis esperanzas y metas" in text
    assert "Lee con atención" in text

    # Her English-speaking co-reader (the advisor) reads the school's words, unmarked.
    client.force_login(cast.advisor)
    page = client.get(reverse("plans:version", args=[plan.pk, 1])).content.decode()
    assert "My hopes and goals" in page and "Reads closely" in page
    assert '<span lang="en">' not in page


def test_the_share_e_mail_to_a_spanish_family_carries_the_spanish_pdf(
    cast, django_capture_on_commit_callbacks
):
    spanish(cast)
    with django_capture_on_commit_callbacks(execute=True):
        shared_plan(cast)
    from pypdf import PdfReader

    to_carla = [m for m in mail.outbox if cast.caregiver.email in m.to]
    assert to_carla
    attached = [a for m in to_carla for a in m.attachments if a[0].endswith(".pdf")]
    assert attached
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(attached[0][1])).pages)
    assert "Mis esperanzas y metas" in text


def test_the_term_and_the_room_follow_the_reader(cast):
    fall = cast.year.terms.get(name_en="Fall")
    content.set_all(fall, "name", {"es": "Otoño"})
    fall.save()
    with translation.override("es"):
        assert fall.name == "Otoño"
        assert content.pick(fall, "name") == ("Otoño", "es")
    with translation.override("en"):
        assert fall.name == "Fall"
    winter = cast.year.terms.get(name_en="Winter")
    with translation.override("es"):
        assert winter.name == "Winter"  # the fallback
        assert str(content.render(winter, "name")) == '<span lang="en">Winter</span>'


def test_the_coordinator_sees_what_is_untranslated_and_translates_it_where_it_is_edited(
    client, cast
):
    from tandem.conferences.models import AdvisorAvailability
    from tandem.conferences.services import window_for_term

    services.template_for(cast.school)
    ela = Competency.objects.create(school=cast.school, code="ELA-1", statement_en="Reads")
    window = window_for_term(term=cast.year.terms.get(name_en="Fall"))
    AdvisorAvailability.objects.create(window=window, advisor=cast.advisor, room_en="Room 12")
    client.force_login(cast.coordinator)

    page = client.get(reverse("schools:languages")).content.decode()
    assert "Not yet in Spanish" in page
    for text in ("My hopes and goals", "Reads", "Room 12", "Fall"):
        assert text in page, text
    competencies = f"{reverse('plans:competencies')}?school={cast.school.pk}&amp;edit={ela.pk}"
    assert competencies in page
    assert reverse("conferences:advisor_hours", args=[window.pk, cast.advisor.pk]) in page

    # On the page where it is edited: marked for staff, then translated.
    edit = client.get(competencies.replace("&amp;", "&")).content.decode()
    assert "Not yet translated" in edit
    response = client.post(
        competencies.replace("&amp;", "&"),
        {"statement_en": "Reads", "statement_es": "Lee"},
    )
    assert response.status_code == 302
    ela.refresh_from_db()
    assert (ela.statement_en, ela.statement_es) == ("Reads", "Lee")
    page = client.get(reverse("schools:languages")).content.decode()
    assert "“Reads”" not in page and "Room 12" in page

    # The plan template page: one input per language, the missing ones marked.
    template_page = client.get(reverse("plans:template")).content.decode()
    assert 'name="sections-0-title_es"' in template_page
    assert "Not yet translated" in template_page


def test_a_school_with_one_language_has_nothing_to_translate(client, cast):
    cast.school.languages = "en"
    cast.school.save()
    Caregiver.objects.filter(school=cast.school).update(preferred_language="en")
    client.force_login(cast.coordinator)
    page = client.get(reverse("schools:languages")).content.decode()
    assert "there is nothing to translate" in page
    # A family that reads Spanish makes Spanish a language the school serves.
    spanish(cast)
    page = client.get(reverse("schools:languages")).content.decode()
    assert "Not yet in Spanish" in page


def test_languages_are_named_in_the_readers_language():
    entry = {"code": codes.NO_INTERPRETER, "detail": {"language": "so"}}
    with translation.override("en"):
        assert reasons.describe(entry) == "No interpreter speaks Somali."
        assert languages.name("Haitian Creole") == "Haitian Creole"
        assert languages.names("es,ht") == "Spanish, Haitian Creole"
    with translation.override("es"):
        assert "somalí" in reasons.describe(entry)
        assert " so." not in reasons.describe(entry)
        assert languages.name("Somali") == "somalí"
        assert languages.name("prs") == "darí"
    assert languages.code_for("Spanish") == "es"
    assert languages.code_for("Kreyòl") == "ht"


NONE = re.compile(r"\bNone\b")
# A text that is nothing but language codes ("es,ht", "(so)") or a code after "speaks".
CODES = "en|es|so|ht|fr"
BARE_CODES = re.compile(rf"^\(?(?:{CODES})(?:\s*,\s*(?:{CODES}))*\)?[.,;]?$")
SPEAKS_CODE = re.compile(rf"\b(?:speaks|habla|interpreter:|intérprete:)\s+(?:{CODES})\b")
TEXT = re.compile(r">([^<]+)<")


def problems(body: str) -> list[str]:
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    found = [m.group(0) for m in NONE.finditer(body)]
    for node in TEXT.findall(body):
        text = " ".join(node.split())
        if BARE_CODES.match(text) or SPEAKS_CODE.search(text):
            found.append(text)
    return found


def test_no_page_or_e_mail_says_none_or_a_bare_language_code(
    client, cast, django_capture_on_commit_callbacks
):
    """Every GET page of the access matrix, as every persona who may open it (Carla in
    Spanish, with an interpreter for her Somali-speaking household), and every e-mail the
    fixtures send."""
    from tandem.conferences.models import Interpreter

    spanish(cast)
    cast.caregiver_no_rights.home_language = "Somali"
    cast.caregiver_no_rights.needs_interpreter = True
    cast.caregiver_no_rights.save()
    Interpreter.objects.create(school=cast.school, name="Ida Interpreter", languages="es,so")
    bad = []
    with django_capture_on_commit_callbacks(execute=True):
        bad += pages_problems(client, cast)
    for message in mail.outbox:
        texts = [message.subject, message.body]
        texts += [alt[0] for alt in getattr(message, "alternatives", []) if "html" in alt[1]]
        for text in texts:
            for problem in problems(f">{text}<"):
                bad.append(("e-mail", message.subject, problem))
    assert not bad, bad


def pages_problems(client, cast) -> list:
    bad = []
    for name in all_url_names():
        expected = EXPECTED.get(name)
        if expected is None or 200 not in expected.values():
            continue
        url = reverse(name, kwargs=params_for(name, cast))
        for persona in PERSONAS:
            if expected.get(persona) != 200:
                continue
            client.logout()
            user = persona_user(cast, persona)
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            translation.activate("en")  # the page's reader's language stays active
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            body = b"".join(response) if response.streaming else response.content
            for problem in problems(body.decode()):
                bad.append((name, persona, problem))
    return bad


def test_template_sections_and_plans_keep_every_language(cast):
    template = services.template_for(cast.school)
    hopes = template.sections.get(key="hopes_goals")
    assert hopes.title_en == "My hopes and goals" and not hopes.title_es
    content.set_all(hopes, "title", {"es": "Mis esperanzas y metas"})
    hopes.save()
    plan = services.plan_create(
        student=cast.student,
        term=cast.year.terms.get(name_en="Fall"),
        kind="term",
        by=cast.advisor,
    )
    copied = plan.sections.get(key="hopes_goals")
    assert (copied.title_en, copied.title_es) == ("My hopes and goals", "Mis esperanzas y metas")
    assert TemplateSection.objects.filter(title_es="Mis esperanzas y metas").count() == 1


def test_the_coordinator_lists_the_schools_languages(client, cast):
    client.force_login(cast.coordinator)
    page = client.get(reverse("schools:languages")).content.decode()
    assert 'type="checkbox" name="languages" value="es"' in page and "checked" in page
    response = client.post(reverse("schools:languages"), {})
    assert response.status_code == 302
    cast.school.refresh_from_db()
    assert cast.school.languages == "en"
    assert content.served_languages(cast.school) == ["en"]
    spanish(cast)  # a family reads Spanish: the school serves it, listed or not
    assert content.served_languages(cast.school) == ["en", "es"]
    client.post(reverse("schools:languages"), {"languages": ["es"]})
    cast.school.refresh_from_db()
    assert cast.school.languages == "en,es"
