"""The school's public PLP page: no sign-in, this year's calendar in the school's time, in the
school's languages, the coordinator as the families' contact, and no student data."""

import re
from datetime import UTC, datetime, time
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from tandem.conferences.services import window_for_term
from tandem.demo import generator
from tandem.people.models import Student
from tandem.schoolpage import selectors
from tandem.schools.models import School
from tests.personas import make_school, make_staff

pytestmark = pytest.mark.django_db

EDIT = "/coordinator/public-page/"


def public_url(school) -> str:
    school.refresh_from_db()
    return f"/s/{school.slug or school.pk}/"


def save(client, cast, language="en", **changes):
    client.force_login(cast.coordinator)
    form = client.get(EDIT, {"language": language}).context["form"]
    data = {k: v for k, v in form.initial.items() if k != "contact"} | {
        "contact": cast.coordinator.pk,
        "action": "save",
    }
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post(f"{EDIT}?language={language}", data | changes)
    client.logout()
    return response


def test_families_read_it_without_signing_in(client, cast):
    response = client.get(f"/s/{cast.school.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Personal Learning Plan (PLP)" in text
    assert "How conferences work" in text
    assert "within 14 days of the end of the term" in text  # the school's own numbers
    assert "Cora Coordinator" in text and "cora@harbor.test" in text
    for term in ["Fall", "Winter", "Spring"]:
        assert term in text
    assert "Review conference dates will be announced." in text
    assert 'lang="en"' in text


def test_the_windows_are_shown_on_the_schools_clock(client, cast):
    School.objects.filter(pk=cast.school.pk).update(time_zone="Pacific/Honolulu")
    fall = cast.year.terms.get(name="Fall")
    window = window_for_term(term=fall)
    window.day_starts_at, window.day_ends_at = time(8), time(19)
    holiday = window.days()[1]
    window.holidays = [holiday.isoformat()]
    window.save()
    # Saved at 8:30 on 5 December UTC: still 4 December in Honolulu.
    with time_machine.travel(datetime(2026, 12, 5, 8, 30, tzinfo=UTC)):
        assert save(client, cast).status_code == 302
    text = client.get(public_url(cast.school)).content.decode()
    start = window.starts_on
    assert f"{start:%A}, {start:%B} {start.day}" in text
    assert "between 8:00 a.m. and 7:00 p.m." in text
    assert f"No conferences on: {holiday:%A}, {holiday:%B} {holiday.day}" in text
    assert "Last updated December 4, 2026." in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # never an ISO date


def test_it_is_in_spanish_when_the_reader_asks(client, cast):
    window_for_term(term=cast.year.terms.get(name="Fall"))
    response = save(
        client,
        cast,
        language="es",
        about="El Plan de Aprendizaje Personal es el plan de cada estudiante.",
        conferences="Cada trimestre termina con una conferencia dirigida por el estudiante.",
    )
    assert response.status_code == 302
    url = public_url(cast.school)
    english = client.get(url).content.decode()
    assert "El Plan de Aprendizaje Personal" not in english and 'lang="en"' in english

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    spanish = client.get(url).content.decode()
    assert '<div lang="es"' in spanish
    assert "El Plan de Aprendizaje Personal es el plan de cada estudiante." in spanish
    assert "dirigida por el estudiante" in spanish
    assert re.search(r"\d{1,2} de [a-z]+", spanish)  # "12 de marzo": Spanish dates
    assert "a.m." not in spanish and "p.m." not in spanish  # the 24-hour clock

    # A school that offers only English shows it in English, marked as English.
    School.objects.filter(pk=cast.school.pk).update(languages="en")
    fallback = client.get(url).content.decode()
    assert '<div lang="en"' in fallback and "El Plan de Aprendizaje" not in fallback


def test_the_coordinator_edits_with_a_preview_and_chooses_the_contact_and_address(client, cast):
    client.force_login(cast.coordinator)
    preview = client.post(
        EDIT,
        {
            "about": "Our plans, in short.",
            "conferences": "Come and talk.",
            "contact": cast.coordinator.pk,
            "show_contact_name": "on",
            "slug": "harbor-high",
            "action": "preview",
        },
    )
    assert preview.status_code == 200
    shown = preview.content.decode()
    assert "Preview (not saved yet)" in shown and "Our plans, in short." in shown
    assert "Cora Coordinator" in shown and "mailto:cora@harbor.test" not in shown
    assert "Our plans" not in client.get(f"/s/{cast.school.pk}/").content.decode()

    response = client.post(
        EDIT,
        {
            "about": "Our plans, in short.",
            "conferences": "Come and talk.",
            "contact": cast.coordinator.pk,
            "show_contact_name": "on",
            "slug": "harbor-high",
            "action": "save",
        },
    )
    assert response.status_code == 302
    client.logout()
    text = client.get("/s/harbor-high/").content.decode()
    assert "Our plans, in short." in text and "Cora Coordinator" in text
    assert "cora@harbor.test" not in text
    assert client.get(f"/s/{cast.school.pk}/").status_code == 200  # the id still works
    assert client.get("/s/no-such-school/").status_code == 404


def test_an_address_of_digits_or_another_schools_is_refused(client, cast):
    bay, _ = make_school("Bay Middle")
    School.objects.filter(pk=bay.pk).update(slug="bay")
    for slug in ["12345", "bay"]:
        response = save(client, cast, slug=slug)
        assert response.status_code == 400, slug
    cast.school.refresh_from_db()
    assert cast.school.slug != "bay"


def test_a_coordinator_of_another_school_cannot_edit_it(client, cast):
    bay, _ = make_school("Bay Middle")
    bea = make_staff(bay, "bea@bay.test", "Bea Coordinator", "coordinator")
    client.force_login(bea)
    assert client.get(EDIT, {"school": cast.school.pk}).status_code == 404
    response = client.post(
        f"{EDIT}?school={cast.school.pk}",
        {"about": "Hacked", "conferences": "Hacked", "action": "save"},
    )
    assert response.status_code == 404
    assert "Hacked" not in client.get(f"/s/{cast.school.pk}/").content.decode()
    client.force_login(cast.school_admin)
    assert client.get(EDIT).status_code == 200


@time_machine.travel(datetime(2026, 12, 5, 15, 0, tzinfo=UTC), tick=False)
def test_the_demo_schools_page_names_no_student(client):
    call_command("seed_demo", "--students", "60", "--seed", "2026", stdout=StringIO())
    school = generator.demo_school()
    response = client.get(public_url(school))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Review conferences:" in text  # the demo's window is on the calendar
    # The coordinator is the families' contact by design; staff names come from the same
    # pool as students' (the demo coordinator may share a first name with a student).
    contact = selectors.coordinators(school)[0]
    assert contact.full_name in text
    text = text.replace(contact.full_name, "").replace(contact.email, "")
    names = set()
    for first, last, preferred in Student.objects.values_list(
        "first_name", "last_name", "preferred_name"
    ):
        names |= {first, last} | ({preferred} if preferred else set())
    assert len(names) > 20
    found = sorted(name for name in names if re.search(rf"\b{re.escape(name)}\b", text))
    assert not found, f"student names on the public page: {found}"
