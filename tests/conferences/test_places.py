"""Each household sees its own meeting place (issue 13).

Sam lives with his mother Carla on Elm St. Here his stepmother Dana, of the Oak Ave household,
also has educational rights (Ned, of the same household, still has none), so one joint
conference invites two households. Dana books it. By phone, each household reads the number the
advisor calls *them* at — on its page, its calendar file, its e-mail and its text message —
and staff read both. A home visit goes to Elm St: Carla and staff read the address, Dana reads
"At the student's home" until the Elm St household shares it.
"""

import html
import importlib
from datetime import UTC, datetime

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from icalendar import Calendar

from tandem.conferences import schedule
from tandem.conferences.models import Conference, HouseholdMode
from tandem.conferences.views import feed_key_for
from tandem.core.sms import MemoryBackend
from tandem.people.models import Guardianship, Household
from tests.personas import make_caregiver

from .conftest import local

CARLA_NUMBER, DANA_NUMBER = "(617) 555-0101", "(617) 555-0104"
ELM = "12 Elm St, Boston, MA 02118"
OAK = "40 Oak Ave, Cambridge, MA 02139"
AT_THE_STUDENTS_HOME = "At the student's home"


@pytest.fixture
def dana(cast):
    """Sam's stepmother, with rights, in Ned's Oak Ave household (Sam does not live there)."""
    dana = make_caregiver(
        cast.school,
        "Dana",
        "Rivera",
        email="dana@family.test",
        mobile_phone="+16175550104",
        contact_by_text=True,
    )
    Guardianship.objects.create(
        student=cast.student,
        caregiver=dana,
        household=cast.caregiver_no_rights.guardianships.get().household,
        relationship="stepparent",
        lives_with_student=False,
    )
    return dana


@pytest.fixture
def addresses(cast, dana):
    Household.objects.filter(name="Rivera (Elm St)").update(
        street="12 Elm St", city="Boston", state="MA", postal_code="02118"
    )
    Household.objects.filter(name="Rivera (Oak Ave)").update(
        street="40 Oak Ave", city="Cambridge", state="MA", postal_code="02139"
    )


@pytest.fixture
def texts(settings):
    settings.TANDEM_SMS_BACKEND = "tandem.core.sms.MemoryBackend"
    MemoryBackend.outbox = []
    yield MemoryBackend.outbox
    MemoryBackend.outbox = []


def book(client, caregiver, window, mode, capture):
    """The caregiver books Sam's conference on the booking page; the invitations go out."""
    client.force_login(caregiver.user)
    with capture(execute=True):
        response = client.post(
            reverse("conferences:book", args=[window.pk]),
            {"starts_at": local(window, "2027-01-15 09:00").isoformat(), "mode": mode},
        )
    assert response.status_code == 302
    return Conference.objects.get(status="booked")


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def location(ics: bytes) -> str:
    (event,) = [c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT"]
    return str(event["location"])


def family_page(client, caregiver) -> str:
    return page(client, caregiver.user, reverse("conferences:family"))


def family_ics(client, caregiver, conference) -> str:
    client.force_login(caregiver.user)
    return location(client.get(reverse("conferences:ics", args=[conference.pk])).content)


def mail_to(mailoutbox, caregiver):
    """The body and the attached calendar file's LOCATION of the last e-mail to them."""
    (message,) = [m for m in mailoutbox if m.to == [caregiver.email]][-1:]
    (ics,) = [content for name, content, _type in message.attachments if name]
    return message.body, location(ics)


def text_to(texts, caregiver) -> str:
    return [body for to, body in texts if to == caregiver.mobile_phone][-1]


def test_by_phone_each_household_reads_its_own_number(
    client, cast, window, dana, texts, mailoutbox, django_capture_on_commit_callbacks
):
    conference = book(client, dana, window, "phone", django_capture_on_commit_callbacks)
    assert conference.place == ""  # nothing of one household is stored for all to read
    dana_reads = f"Alice Advisor will call you at {DANA_NUMBER}."
    carla_reads = f"Alice Advisor will call you at {CARLA_NUMBER}."

    dana_page = family_page(client, dana)
    assert dana_reads in dana_page and CARLA_NUMBER not in dana_page
    assert family_ics(client, dana, conference) == dana_reads
    body, ics_location = mail_to(mailoutbox, dana)
    assert dana_reads in body and CARLA_NUMBER not in body
    assert ics_location == dana_reads
    text = text_to(texts, dana)
    assert DANA_NUMBER in text and CARLA_NUMBER not in text

    carla_page = family_page(client, cast.caregiver)
    assert carla_reads in carla_page and DANA_NUMBER not in carla_page
    assert family_ics(client, cast.caregiver, conference) == carla_reads
    body, ics_location = mail_to(mailoutbox, cast.caregiver)
    assert carla_reads in body and DANA_NUMBER not in body and ics_location == carla_reads
    text = text_to(texts, cast.caregiver)
    assert CARLA_NUMBER in text and DANA_NUMBER not in text

    # The reminders too.
    texts.clear()
    mailoutbox.clear()
    two_days_before = time_machine.travel(datetime(2027, 1, 13, 15, 0, tzinfo=UTC), tick=False)
    with two_days_before, django_capture_on_commit_callbacks(execute=True):
        assert schedule.conference_reminders() == 2
    (reminder,) = [m for m in mailoutbox if m.to == [dana.email]]
    assert dana_reads in reminder.body and CARLA_NUMBER not in reminder.body
    text = text_to(texts, dana)
    assert DANA_NUMBER in text and CARLA_NUMBER not in text


def test_by_phone_staff_read_who_is_called_at_which_number(
    client, cast, window, dana, django_capture_on_commit_callbacks
):
    conference = book(client, dana, window, "phone", django_capture_on_commit_callbacks)
    carla_call = "Rivera (Elm St): Carla Rivera, "
    dana_call = "Rivera (Oak Ave): Dana Rivera, "
    for url in (reverse("conferences:advisor"), reverse("meetings:agenda", args=[conference.pk])):
        staff_page = page(client, cast.advisor, url)
        assert carla_call in staff_page and dana_call in staff_page
        assert f'href="tel:+16175550101">{CARLA_NUMBER}' in staff_page
        assert f'href="tel:+16175550104">{DANA_NUMBER}' in staff_page
    feed = client.get(reverse("conferences:feed", args=[feed_key_for(cast.advisor)])).content
    assert location(feed) == (f"{carla_call}{CARLA_NUMBER} · {dana_call}{DANA_NUMBER}")
    # Those who follow the meeting read their own household's number, or none.
    agenda = reverse("meetings:agenda", args=[conference.pk])
    dana_agenda = page(client, dana.user, agenda)
    assert DANA_NUMBER in dana_agenda and CARLA_NUMBER not in dana_agenda
    sam_agenda = page(client, cast.student_user, agenda)
    assert "Alice Advisor will call you." in sam_agenda
    assert DANA_NUMBER not in sam_agenda and CARLA_NUMBER not in sam_agenda


def test_a_home_visit_shows_the_address_to_its_household_and_staff_only(
    client, cast, window, dana, addresses, texts, mailoutbox, django_capture_on_commit_callbacks
):
    conference = book(client, dana, window, "home", django_capture_on_commit_callbacks)
    assert conference.place == ""

    dana_page = family_page(client, dana)
    assert AT_THE_STUDENTS_HOME in dana_page and "Elm St" not in dana_page
    assert family_ics(client, dana, conference) == AT_THE_STUDENTS_HOME
    body, ics_location = mail_to(mailoutbox, dana)
    assert AT_THE_STUDENTS_HOME in body and "Elm St" not in body
    assert ics_location == AT_THE_STUDENTS_HOME
    text = text_to(texts, dana)
    assert AT_THE_STUDENTS_HOME in text and "Elm St" not in text

    assert ELM in family_page(client, cast.caregiver)
    assert family_ics(client, cast.caregiver, conference) == ELM
    body, ics_location = mail_to(mailoutbox, cast.caregiver)
    assert ELM in body and ics_location == ELM
    assert ELM in text_to(texts, cast.caregiver)

    assert f"Rivera (Elm St): {ELM}" in page(client, cast.advisor, reverse("conferences:advisor"))
    agenda = reverse("meetings:agenda", args=[conference.pk])
    assert ELM in page(client, cast.advisor, agenda)
    assert ELM not in page(client, dana.user, agenda)
    feed = client.get(reverse("conferences:feed", args=[feed_key_for(cast.advisor)])).content
    assert location(feed) == ELM
    everyone = [family_page(client, c) for c in (dana, cast.caregiver)]
    assert all(OAK not in p for p in everyone)  # the visit is not at Oak Ave


def test_a_shared_address_is_read_by_the_other_household(
    client, cast, window, dana, addresses, django_capture_on_commit_callbacks
):
    conference = book(client, dana, window, "home", django_capture_on_commit_callbacks)
    elm = Household.objects.get(name="Rivera (Elm St)")
    form = reverse("people:household_address", args=[elm.pk])
    fields = {"street": "12 Elm St", "city": "Boston", "state": "MA", "postal_code": "02118"}

    client.force_login(cast.caregiver.user)
    assert "other households may see this address" in page(client, cast.caregiver.user, form)
    assert client.post(form, fields | {"address_shared": "on"}).status_code == 302
    assert ELM in family_page(client, dana)
    assert family_ics(client, dana, conference) == ELM

    # Staff may take it back on the same form; the other household cannot open it.
    client.force_login(cast.advisor)
    assert client.post(form, fields).status_code == 302
    assert AT_THE_STUDENTS_HOME in family_page(client, dana)
    assert family_ics(client, dana, conference) == AT_THE_STUDENTS_HOME
    client.force_login(dana.user)
    assert client.post(form, fields | {"address_shared": "on"}).status_code == 404


def test_households_met_apart_hear_only_of_their_own_call(
    client, cast, window, dana, django_capture_on_commit_callbacks
):
    window.household_mode = HouseholdMode.SEPARATE
    window.save()
    conference = book(client, dana, window, "phone", django_capture_on_commit_callbacks)
    assert conference.household.name == "Rivera (Oak Ave)"
    staff_page = page(client, cast.advisor, reverse("conferences:advisor"))
    assert "Rivera (Oak Ave): Dana Rivera, " in staff_page and CARLA_NUMBER not in staff_page
    assert family_ics(client, dana, conference) == f"Alice Advisor will call you at {DANA_NUMBER}."


def test_no_stored_place_keeps_a_number_or_an_address(cast, window, dana):
    """Migration 0004 clears what earlier bookings stored for phone calls and home visits; the
    room and the video link stay."""
    migration = importlib.import_module(
        "tandem.conferences.migrations.0004_place_holds_no_household_detail"
    )
    common = {
        "window": window,
        "student": cast.student,
        "advisor": cast.advisor,
        "ends_at": local(window, "2027-01-15 09:30"),
    }
    phone = Conference.objects.create(
        **common, starts_at=local(window, "2027-01-15 09:00"), mode="phone", place=CARLA_NUMBER
    )
    home = Conference.objects.create(
        **common,
        starts_at=local(window, "2027-01-15 09:00"),
        mode="home",
        place=ELM,
        status="cancelled",
    )
    room = Conference.objects.create(
        **common,
        starts_at=local(window, "2027-01-15 09:00"),
        mode="school",
        place="Room 204",
        status="held",
    )
    migration.clear_household_details(apps, None)
    places = dict(Conference.objects.values_list("pk", "place"))
    assert places == {phone.pk: "", home.pk: "", room.pk: "Room 204"}
