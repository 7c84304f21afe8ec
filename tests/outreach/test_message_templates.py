"""The coordinator's message templates (issue 15): written in each language the school serves
on the coordinator's page, a language not written yet marked for staff and listed on the
languages page, and each family receiving its own language, else the school's."""

import pytest
from django.urls import reverse

from tandem.outreach.message_models import MessageTemplate
from tandem.outreach.messaging import message_send
from tests.personas import make_school, make_staff

pytestmark = pytest.mark.django_db
LIST = reverse("outreach:message_templates")
ENGLISH = {
    "name": "Conference week",
    "subject_en": "Conference week for {student_name}",
    "body_en": "Dear {caregiver_name}, please book a time. {advisor_name}",
}
SPANISH = {
    "subject_es": "Semana de conferencias de {student_name}",
    "body_es": "Estimado/a {caregiver_name}, reserve una hora. {advisor_name}",
}


def edit_url(name="Conference week", school=None):
    row = MessageTemplate.objects.filter(name=name, language="en")
    if school is not None:
        row = row.filter(school=school)
    return reverse("outreach:message_template", args=[row.get().pk])


def spanish(cast):
    cast.school.languages = "en,es"
    cast.school.save()
    cast.caregiver.preferred_language = "es"
    cast.caregiver.save()


def test_the_coordinator_writes_a_template_in_each_language(client, cast):
    spanish(cast)
    client.force_login(cast.coordinator)
    page = client.get(LIST).content.decode()
    assert "The school has no message templates yet." in page
    assert 'name="subject_en"' in page and 'name="body_es"' in page
    assert "Not yet translated" not in page  # a template still to write is not untranslated

    assert client.post(LIST, ENGLISH).status_code == 302
    assert list(MessageTemplate.objects.values_list("name", "language")) == [
        ("Conference week", "en")
    ]
    page = client.get(LIST).content.decode()
    assert "Not yet translated: Spanish" in page
    languages = client.get(reverse("schools:languages")).content.decode()
    assert "Message template: “Conference week”" in languages
    assert edit_url() in languages  # translated where it is edited, not in the admin site
    assert reverse("admin:outreach_messagetemplate_changelist") not in languages

    # The template's page: the Spanish inputs marked until they are written.
    page = client.get(edit_url()).content.decode()
    assert "Not yet translated" in page
    assert 'value="Conference week for {student_name}"' in page
    assert 'lang="es"' in page

    # Half a language, or an unknown placeholder, is said and nothing changes.
    half = client.post(edit_url(), ENGLISH | {"subject_es": "Semana"})
    assert half.status_code == 400
    assert "Write both the subject and the text, or neither." in half.content.decode()
    unknown = client.post(edit_url(), ENGLISH | SPANISH | {"body_es": "Hola {nombre}"})
    assert "Unknown placeholder {nombre}" in unknown.content.decode()
    assert not MessageTemplate.objects.filter(language="es").exists()

    assert client.post(edit_url(), ENGLISH | SPANISH).status_code == 302
    spanish_row = MessageTemplate.objects.get(language="es")
    assert spanish_row.subject == SPANISH["subject_es"]
    assert "Not yet translated" not in client.get(LIST).content.decode()
    languages = client.get(reverse("schools:languages")).content.decode()
    assert "Conference week" not in languages

    # Renamed: every language follows; a name the school has is refused.
    client.post(LIST, ENGLISH | {"name": "Welcome"})
    taken = client.post(edit_url(), ENGLISH | SPANISH | {"name": "Welcome"})
    assert "The school has a template named Welcome." in taken.content.decode()
    client.post(edit_url(), ENGLISH | SPANISH | {"name": "Conference time"})
    assert set(MessageTemplate.objects.values_list("name", "language")) == {
        ("Conference time", "en"),
        ("Conference time", "es"),
        ("Welcome", "en"),
    }
    # Both Spanish fields emptied: Spanish families get the school's English again.
    url = edit_url("Conference time")
    assert client.post(url, ENGLISH | {"name": "Conference time"}).status_code == 302
    assert not MessageTemplate.objects.filter(language="es").exists()

    # The school's own language is required.
    page = client.post(url, {"name": "Conference time", **SPANISH})
    assert page.status_code == 400 and MessageTemplate.objects.filter(language="en").count() == 2


def test_a_spanish_family_gets_the_spanish_text_and_an_untranslated_template_falls_back(cast):
    spanish(cast)
    MessageTemplate.objects.create(
        school=cast.school,
        name="Conference week",
        language="en",
        subject=ENGLISH["subject_en"],
        body=ENGLISH["body_en"],
    )
    MessageTemplate.objects.create(
        school=cast.school,
        name="Conference week",
        language="es",
        subject=SPANISH["subject_es"],
        body=SPANISH["body_es"],
    )
    MessageTemplate.objects.create(
        school=cast.school,
        name="Field trip",
        language="en",
        subject="Field trip for {student_name}",
        body="Dear {caregiver_name}, the trip is on Friday.",
    )

    def sent(template_name):
        message = message_send(
            author=cast.advisor,
            school=cast.school,
            students=[cast.student],
            kind="student",
            subject="",
            body="",
            template_name=template_name,
        )
        return message.recipients.get(caregiver=cast.caregiver, channel="email")

    carla = sent("Conference week")
    name = cast.student.display_name
    assert (carla.language, carla.subject) == ("es", f"Semana de conferencias de {name}")
    assert carla.body.startswith("Estimado/a Carla Rivera")
    carla = sent("Field trip")  # no Spanish yet: the school's English
    assert (carla.language, carla.subject) == ("es", f"Field trip for {name}")
    assert carla.body == "Dear Carla Rivera, the trip is on Friday."


def test_another_schools_coordinator_cannot_reach_the_template(client, cast):
    MessageTemplate.objects.create(
        school=cast.school, name="Harbor news", language="en", subject="News", body="Hello"
    )
    bay, _year = make_school("Bay Middle")
    bay_coordinator = make_staff(bay, "coord@bay.test", "Bay Coordinator", "coordinator")
    client.force_login(bay_coordinator)
    assert "Harbor news" not in client.get(LIST).content.decode()
    assert client.get(edit_url("Harbor news")).status_code == 404
    response = client.post(edit_url("Harbor news"), {"name": "Mine", "subject_en": "X"})
    assert response.status_code == 404
    assert MessageTemplate.objects.get().name == "Harbor news"
    assert client.get(LIST, {"school": cast.school.pk}).status_code == 404


def test_the_list_reads_the_same_queries_for_one_template_or_twelve(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    spanish(cast)
    client.force_login(cast.coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    def add(n):
        for lang in ("en", "es") if n % 2 else ("en",):
            MessageTemplate.objects.create(
                school=cast.school, name=f"T{n}", language=lang, subject="S", body="B"
            )

    add(1)
    one = queries()
    for n in range(2, 13):
        add(n)
    assert queries() == one
    assert client.get(LIST).content.decode().count("Not yet translated: Spanish") == 6
