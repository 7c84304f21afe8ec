"""How families meet: a preferred mode per family (the family's form, or the advisor or the
coordinator), the scheduler and publishing honour it, and every invitation says where."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from tandem.conferences import calendar, schedule, selectors, services
from tandem.conferences.models import (
    AdvisorAvailability,
    Busy,
    Conference,
    MeetingPreference,
    ScheduleRun,
)
from tandem.people.models import Household

from .conftest import local


def give_address(caregiver):
    home = caregiver.guardianships.first().household
    Household.objects.filter(pk=home.pk).update(
        street="12 Harbor Rd", city="Boston", state="MA", postal_code="02118"
    )
    return "12 Harbor Rd, Boston, MA 02118"


def location_of(conference, caregiver=None) -> str:
    """The LOCATION of the calendar file `caregiver` is sent (none: what every invitee reads)."""
    attendees = [caregiver] if caregiver else []
    cal = Calendar.from_ical(calendar.invitation(conference, method="REQUEST", attendees=attendees))
    (event,) = [c for c in cal.walk() if c.name == "VEVENT"]
    return str(event["location"])


def test_family_chooses_a_home_visit_only_with_an_address(client, cast, window):
    client.force_login(cast.caregiver.user)
    url = reverse("conferences:availability", args=[window.pk])
    page = client.get(url).content.decode()
    assert 'for="id_mode"' in page and 'value="school" selected' in page
    response = client.post(url, {"mode": "home", "2027-01-14_1600": "3"})
    assert response.status_code == 400
    assert "A home visit needs the family&#x27;s address" in response.content.decode()
    assert not MeetingPreference.objects.exists()
    give_address(cast.caregiver)
    response = client.post(url, {"mode": "home", "2027-01-14_1600": "3"})
    assert response.status_code == 302
    assert MeetingPreference.objects.get(student=cast.student).mode == "home"
    booking = client.get(reverse("conferences:book", args=[window.pk])).content.decode()
    assert '<option value="home" selected>' in booking


def test_advisor_sets_how_a_family_meets(client, cast, window):
    client.force_login(cast.advisor)
    url = reverse("conferences:student_mode", args=[window.pk, cast.student.pk])
    page = client.get(url).content.decode()
    assert "no address on record" in page
    assert (
        reverse("people:household_address", args=[cast.caregiver.guardianships.get().household_id])
        in page
    )
    response = client.post(url, {"mode": "home"})
    assert (
        response.status_code == 400
        and "needs the family&#x27;s address" in response.content.decode()
    )
    assert client.post(url, {"mode": "phone"}).status_code == 302
    assert selectors.meeting_mode(window, cast.student) == "phone"
    client.force_login(cast.coordinator)
    oversight = client.get(reverse("conferences:window", args=[window.term_id])).content.decode()
    assert url in oversight


def test_the_scheduler_and_publishing_use_each_familys_mode(
    client, cast, window, django_capture_on_commit_callbacks
):
    address = give_address(cast.other_caregiver)
    AdvisorAvailability.objects.create(
        window=window, advisor=cast.other_advisor, home_travel_minutes=30
    )
    AdvisorAvailability.objects.create(
        window=window, advisor=cast.advisor, video_link="https://meet.example.org/alice"
    )
    services.meeting_preference_set(
        by=cast.coordinator, window=window, students=[cast.other_student], mode="home"
    )
    services.meeting_preference_set(
        by=cast.coordinator, window=window, students=[cast.student], mode="video"
    )
    instance = schedule.schedule_instance(window)
    modes = {s.id: (s.mode, s.travel_minutes) for f in instance.families for s in f.students}
    assert modes == {
        f"s{cast.student.pk}": ("video", 0),
        f"s{cast.other_student.pk}": ("home", 30),
    }
    client.force_login(cast.coordinator)
    client.post(reverse("conferences:schedule", args=[window.pk]))
    run = ScheduleRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("conferences:publish", args=[window.pk, run.pk]))
    olive = Conference.objects.get(student=cast.other_student)
    sam = Conference.objects.get(student=cast.student)
    assert (olive.mode, olive.travel_minutes, olive.place) == ("home", 30, "")
    assert (sam.mode, sam.place) == ("video", "https://meet.example.org/alice")
    held = Busy.objects.get(person=f"advisor:{cast.other_advisor.pk}")
    assert held.starts_at == olive.starts_at - (olive.ends_at - olive.starts_at)  # 30 min travel
    assert location_of(olive, cast.other_caregiver) == address
    assert location_of(sam) == "https://meet.example.org/alice"


def test_each_mode_says_where(cast, window):
    AdvisorAvailability.objects.create(window=window, advisor=cast.advisor, room="Room 204")
    requests = selectors.family_requests(cast.caregiver, window)
    at = local(window, "2027-01-15 09:00")
    (school,) = services.conferences_book(
        by=None, window=window, requests=requests, starts_at=at, notify=False
    )
    assert location_of(school) == "Room 204"
    services.conference_cancel(by=None, conference=school)
    (phone,) = services.conferences_book(
        by=None, window=window, requests=requests, starts_at=at, mode="phone", notify=False
    )
    assert location_of(phone, cast.caregiver) == "Alice Advisor will call you at (617) 555-0101."
    assert location_of(phone) == "Alice Advisor will call you."
    services.conference_cancel(by=None, conference=phone)
    with pytest.raises(ValidationError, match="needs the family's address"):
        services.conferences_book(
            by=None, window=window, requests=requests, starts_at=at, mode="home", notify=False
        )
    assert not Conference.objects.filter(status="booked").exists()


def test_advisor_home_links_to_how_each_advisee_meets(client, cast, window):
    client.force_login(cast.advisor)
    page = client.get(reverse("conferences:advisor")).content.decode()
    assert "1 advisee not booked yet" in page and "Sam Rivera · At school" in page
    assert reverse("conferences:student_mode", args=[window.pk, cast.student.pk]) in page
    assert "Olive Chen" not in page  # Bob's advisee
