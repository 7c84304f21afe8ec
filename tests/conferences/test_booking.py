"""Booking rules: valid times for the whole family, siblings back to back, no double booking,
interpreters, the daily limit, the cut-off; and the window's defaults."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from tandem.conferences import selectors, services
from tandem.conferences.models import AdvisorAvailability, Busy, Conference, Interpreter, Status
from tandem.conferences.places import place_for
from tandem.people.models import Household

from .conftest import local


def test_window_defaults_to_school_days_after_the_term(cast, window):
    assert window.starts_on == date(2027, 1, 14)
    assert window.ends_on == date(2027, 1, 14) + timedelta(days=13)
    assert window.slot_minutes == 30
    days = window.days()
    assert all(d.weekday() < 5 for d in days) and len(days) == 10
    window.holidays = ["2027-01-18"]
    assert date(2027, 1, 18) not in window.days()


def test_siblings_are_offered_back_to_back_on_one_day(cast, window, mia):
    requests = selectors.family_requests(cast.caregiver, window)
    assert {r.student for r in requests} == {cast.student, mia}
    offers = selectors.offers(window, requests)
    assert offers
    for offer in offers:
        (_a, start_a, end_a), (_b, start_b, end_b) = offer.meetings
        assert end_a == start_b
        assert start_a.date() == start_b.date()


def test_a_family_books_both_and_nobody_can_take_those_times(cast, window, mia):
    requests = selectors.family_requests(cast.caregiver, window)
    made = services.conferences_book(
        by=cast.caregiver.user,
        window=window,
        requests=requests,
        starts_at=local(window, "2027-01-14 16:00"),
    )
    assert [c.starts_at for c in made] == [
        local(window, "2027-01-14 16:00"),
        local(window, "2027-01-14 16:30"),
    ]
    assert Busy.objects.filter(person=f"caregiver:{cast.caregiver.pk}").count() == 2
    # Fiona shares Bob with Mia: Mia's time is gone for her, Sam's is not.
    by_student = {c.student: c.starts_at for c in made}
    fiona = selectors.family_requests(cast.other_caregiver, window)
    starts = {o.starts_at for o in selectors.offers(window, fiona)}
    assert by_student[mia] not in starts
    assert by_student[cast.student] in starts
    with pytest.raises(ValidationError) as caught:
        services.conferences_book(
            by=cast.other_caregiver.user,
            window=window,
            requests=fiona,
            starts_at=local(window, "2027-01-14 16:15"),
        )
    assert caught.value.code == services.TAKEN


def test_booking_again_for_the_same_student_is_refused(cast, window):
    requests = selectors.family_requests(cast.caregiver, window)
    services.conferences_book(
        by=None, window=window, requests=requests, starts_at=local(window, "2027-01-15 09:00")
    )
    with pytest.raises(ValidationError):
        services.conferences_book(
            by=None, window=window, requests=requests, starts_at=local(window, "2027-01-19 09:00")
        )
    assert Conference.objects.filter(student=cast.student, status=Status.BOOKED).count() == 1


def test_cut_off_and_change_and_cancel(cast, window):
    requests = selectors.family_requests(cast.caregiver, window)
    (conference,) = services.conferences_book(
        by=None, window=window, requests=requests, starts_at=local(window, "2027-01-15 09:00")
    )
    changed = services.conference_change(
        by=None, conference=conference, starts_at=local(window, "2027-01-15 10:00")
    )
    assert changed.sequence == 1 and changed.uid == conference.uid
    assert Busy.objects.get(person=f"student:{cast.student.pk}").starts_at == local(
        window, "2027-01-15 10:00"
    )
    cancelled = services.conference_cancel(by=None, conference=changed)
    assert cancelled.status == Status.CANCELLED and cancelled.sequence == 2
    assert not Busy.objects.filter(conference=conference).exists()
    # The cut-off: 24 hours before by default.
    window.ends_on = date(2027, 1, 27)
    window.starts_on = date(2027, 1, 4)
    window.save()
    with pytest.raises(ValidationError, match="until 24 hours before"):
        services.conferences_book(
            by=None, window=window, requests=requests, starts_at=local(window, "2027-01-04 15:00")
        )


def test_interpreters_are_assigned_and_never_double_booked(cast, window):
    for caregiver in (cast.caregiver, cast.other_caregiver):
        caregiver.needs_interpreter = True
        caregiver.home_language = "es"
        caregiver.save()
    interpreter = Interpreter.objects.create(school=cast.school, name="Inés", languages="es")
    carla = selectors.family_requests(cast.caregiver, window)
    (conference,) = services.conferences_book(
        by=None, window=window, requests=carla, starts_at=local(window, "2027-01-15 09:00")
    )
    assert conference.interpreter == interpreter
    fiona = selectors.family_requests(cast.other_caregiver, window)
    starts = {o.starts_at for o in selectors.offers(window, fiona)}
    assert local(window, "2027-01-15 09:00") not in starts  # Inés is busy, Bob is not
    # An advisor who speaks Spanish needs no interpreter.
    AdvisorAvailability.objects.create(window=window, advisor=cast.other_advisor, languages="en,es")
    starts = {o.starts_at for o in selectors.offers(window, fiona)}
    assert local(window, "2027-01-15 09:00") in starts


def test_the_advisors_daily_limit(cast, window, mia):
    AdvisorAvailability.objects.create(window=window, advisor=cast.other_advisor, max_per_day=1)
    fiona = selectors.family_requests(cast.other_caregiver, window)
    services.conferences_book(
        by=None, window=window, requests=fiona, starts_at=local(window, "2027-01-15 09:00")
    )
    mia_only = [r for r in selectors.family_requests(cast.caregiver, window) if r.student == mia]
    days = {
        o.starts_at.astimezone(window.school.zone).date()
        for o in selectors.offers(window, mia_only)
    }
    assert date(2027, 1, 15) not in days
    assert date(2027, 1, 14) in days


def test_two_households_meet_apart_when_the_school_chooses(cast, window):
    from tandem.conferences.models import HouseholdMode

    window.household_mode = HouseholdMode.SEPARATE
    window.save()
    cast.caregiver_no_rights.guardianships.update(has_educational_rights=True)
    carla = selectors.family_requests(cast.caregiver, window)
    ned = selectors.family_requests(cast.caregiver_no_rights, window)
    assert len(carla) == len(ned) == 1 and carla[0].household_id != ned[0].household_id
    at = local(window, "2027-01-15 09:00")
    (mine,) = services.conferences_book(by=None, window=window, requests=carla, starts_at=at)
    assert [c.pk for c in services.invitees(mine)] == [cast.caregiver.pk]
    # Sam cannot be in two meetings at once, and Ned gets his own.
    assert at not in {o.starts_at for o in selectors.offers(window, ned)}
    services.conferences_book(
        by=None, window=window, requests=ned, starts_at=local(window, "2027-01-15 10:00")
    )
    assert Conference.objects.filter(student=cast.student, status=Status.BOOKED).count() == 2


def test_a_home_visit_holds_the_advisor_for_the_travel_too(cast, window):
    AdvisorAvailability.objects.create(
        window=window, advisor=cast.other_advisor, home_travel_minutes=30
    )
    Household.objects.filter(name="Chen").update(
        street="12 Harbor Rd", city="Boston", state="MA", postal_code="02118"
    )
    fiona = selectors.family_requests(cast.other_caregiver, window)
    (visit,) = services.conferences_book(
        by=None,
        window=window,
        requests=fiona,
        starts_at=local(window, "2027-01-15 10:00"),
        mode="home",
    )
    assert visit.travel_minutes == 30
    assert visit.place == ""  # the address is derived for each reader, never stored
    assert place_for(visit, staff=True).text == "12 Harbor Rd, Boston, MA 02118"
    held = Busy.objects.get(person=f"advisor:{cast.other_advisor.pk}")
    assert (held.starts_at, held.ends_at) == (
        local(window, "2027-01-15 09:30"),
        local(window, "2027-01-15 11:00"),
    )
    # Nobody else can have Bob in his travel time.
    from tandem.advisories.models import Advisory
    from tandem.people.models import Guardianship
    from tests.personas import make_caregiver, make_student

    kid = make_student(cast.school, "Lee", "Park", local_id="S-300")
    parent = make_caregiver(cast.school, "Jo", "Park", email="jo@park.test")
    house = Household.objects.create(school=cast.school, name="Park")
    Guardianship.objects.create(
        student=kid, caregiver=parent, household=house, relationship="parent"
    )
    Advisory.objects.create(student=kid, advisor=cast.other_advisor, year=cast.year)
    starts = {
        o.starts_at for o in selectors.offers(window, selectors.family_requests(parent, window))
    }
    assert local(window, "2027-01-15 09:00") in starts
    assert local(window, "2027-01-15 09:15") not in starts
    assert local(window, "2027-01-15 10:45") not in starts
    assert local(window, "2027-01-15 11:00") in starts
