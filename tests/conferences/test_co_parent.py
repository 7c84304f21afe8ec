"""Two caregivers of one child open the booking page; the first books; the second's submit
answers with a page that says the child is booked, when and by whom — not a 404, not "someone
booked that time" with times for a child already booked. With htmx, a lost time answers with
the fresh times only (409), and a co-parent's answer is a redirect to that page."""

from django.urls import reverse

from tandem.people.models import Guardianship
from tests.personas import make_caregiver


def diego(cast):
    """Sam's stepfather in Carla's household, with educational rights."""
    person = make_caregiver(cast.school, "Diego", "Rivera", email="diego@family.test")
    Guardianship.objects.create(
        student=cast.student,
        caregiver=person,
        household=cast.caregiver.guardianships.first().household,
        relationship="stepfather",
    )
    return person


def test_the_second_caregiver_is_told_who_booked_and_when(client, cast, window):
    second = diego(cast)
    carla, other = client, client.__class__()
    carla.force_login(cast.caregiver.user)
    other.force_login(second.user)
    url = reverse("conferences:book", args=[window.pk])
    assert other.get(url).status_code == 200  # Diego opens the page first
    assert carla.post(url, {"starts_at": "2027-01-14T16:00:00-05:00"}).status_code == 302
    answer = other.post(url, {"starts_at": "2027-01-15T10:00:00-05:00"})
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Sam Rivera's conference is already booked" in page
    assert "booked by Carla Rivera" in page
    assert "4:00" in page and "Thursday" in page
    # Opening the page again says the same; Carla reads "booked by you".
    assert "booked by Carla Rivera" in other.get(url).content.decode()
    assert "booked by you" in carla.get(url).content.decode()


def test_a_co_parent_with_htmx_is_sent_to_that_page(client, cast, window):
    second = diego(cast)
    other = client.__class__()
    client.force_login(cast.caregiver.user)
    other.force_login(second.user)
    url = reverse("conferences:book", args=[window.pk])
    client.post(url, {"starts_at": "2027-01-14T16:00:00-05:00"}, headers={"HX-Request": "true"})
    answer = other.post(
        url, {"starts_at": "2027-01-15T10:00:00-05:00"}, headers={"HX-Request": "true"}
    )
    assert answer.status_code == 200 and answer["HX-Redirect"] == url


def test_a_lost_time_with_htmx_answers_with_fresh_times_only(client, cast, window, mia):
    """Fiona (Olive's mother) loses Bob's 4:00 to Carla's booking of Mia and Sam."""
    client.force_login(cast.other_caregiver.user)
    url = reverse("conferences:book", args=[window.pk])
    family = client.__class__()
    family.force_login(cast.caregiver.user)
    booked = family.post(url, {"starts_at": "2027-01-14T16:00:00-05:00"})  # Mia 4:00, Bob
    assert booked.status_code == 302, booked.content.decode()
    answer = client.post(
        url, {"starts_at": "2027-01-14T16:00:00-05:00"}, headers={"HX-Request": "true"}
    )
    page = answer.content.decode()
    assert answer.status_code == 409
    assert page.lstrip().startswith('<div id="times"')
    # The database refused it (Bob is busy then): the taken message, and fresh times.
    assert "Someone booked that time a moment ago" in page
    assert 'value="2027-01-14T16:00:00-05:00"' not in page
    assert 'value="2027-01-14T16:30:00-05:00"' in page
    assert "<html" not in page and len(page) < 40_000
    # Without htmx (no JavaScript), the whole page: the message, then the time picker.
    answer = client.post(url, {"starts_at": "2027-01-14T16:00:00-05:00"})
    page = answer.content.decode()
    assert answer.status_code == 409 and "<html" in page
    assert "Someone booked that time a moment ago" in page and 'name="starts_at"' in page


def test_a_booking_with_htmx_is_sent_to_the_family_page(client, cast, window):
    client.force_login(cast.caregiver.user)
    answer = client.post(
        reverse("conferences:book", args=[window.pk]),
        {"starts_at": "2027-01-14T16:00:00-05:00"},
        headers={"HX-Request": "true"},
    )
    assert answer["HX-Redirect"] == reverse("conferences:family")
