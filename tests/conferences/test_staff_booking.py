"""Staff booking on a family's behalf (families who phone the school, a no-show to rebook):
the coordinator or the student's advisor books, moves and cancels among the times the family
would see, past the family cut-off and a closed window, never past a hard rule; the family
hears exactly as when it acts itself. And the coordinator takes a meeting out of the
scheduler's proposal before publishing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from tandem.advisories.models import Advisory
from tandem.conferences import schedule, selectors, services
from tandem.conferences.models import Conference, ScheduleRun, Status
from tandem.people.models import Guardianship, Household
from tests.personas import make_caregiver, make_student

from .conftest import local, mark


@pytest.fixture
def closed(window):
    """Booking closed, and a family cut-off that covers the first days of the window."""
    window.booking_open = False
    window.change_cutoff_hours = 24 * 12  # families: nothing before Saturday 16 January
    window.save()
    return window


def ics_of(mail):
    (attachment,) = [a for a in mail.attachments if a[2].startswith("text/calendar")]
    return Calendar.from_ical(attachment[1])


def another_advisee(cast, n=1):
    """A student of Alice's with a caregiver of their own (another family)."""
    student = make_student(cast.school, f"Kid{n}", "Other", local_id=f"O-{n}")
    parent = make_caregiver(cast.school, f"Parent{n}", "Other", email=f"o{n}@other.test")
    house = Household.objects.create(school=cast.school, name=f"Other {n}")
    Guardianship.objects.create(
        student=student, caregiver=parent, household=house, relationship="parent"
    )
    Advisory.objects.create(student=student, advisor=cast.advisor, year=cast.year)
    return student, parent


# -- services and selectors ---------------------------------------------------------------


def test_staff_see_the_family_times_without_the_cut_off(cast, closed):
    requests = selectors.staff_requests(closed, cast.student)
    family = {o.starts_at for o in selectors.offers(closed, requests)}
    staff = {o.starts_at for o in selectors.offers(closed, requests, by_family=False)}
    first_day = local(closed, "2027-01-14 09:00")
    assert first_day in staff and first_day not in family
    assert family < staff  # the same rules, only the cut-off lifted
    with pytest.raises(ValidationError, match="not open"):
        services.conferences_book(
            by=cast.caregiver.user, window=closed, requests=requests, starts_at=first_day
        )
    (made,) = services.conferences_book(
        by=cast.coordinator, window=closed, requests=requests, starts_at=first_day, by_family=False
    )
    assert made.booked_by == cast.coordinator and made.starts_at == first_day


def test_staff_never_break_a_hard_rule(cast, closed):
    kid, parent = another_advisee(cast)
    at = local(closed, "2027-01-14 09:00")
    services.conferences_book(
        by=None,
        window=closed,
        requests=selectors.staff_requests(closed, kid),
        starts_at=at,
        by_family=False,
        notify=False,
    )
    requests = selectors.staff_requests(closed, cast.student)
    assert at not in {o.starts_at for o in selectors.offers(closed, requests, by_family=False)}
    with pytest.raises(ValidationError, match="Someone booked that time"):
        services.conferences_book(
            by=cast.coordinator, window=closed, requests=requests, starts_at=at, by_family=False
        )


def test_dropping_a_proposed_meeting_leaves_the_student_unbooked(
    cast, window, django_capture_on_commit_callbacks
):
    run = proposal(cast, window)
    student = schedule.proposal_drop(run=run, key=f"s{cast.student.pk}")
    assert student == cast.student
    run.refresh_from_db()
    assert [m["student"] for m in run.result["meetings"]] == [f"s{cast.other_student.pk}"]
    assert run.result["dropped"] == [f"s{cast.student.pk}"]
    with pytest.raises(ValidationError, match="not in the proposal"):
        schedule.proposal_drop(run=run, key=f"s{cast.student.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        booked, problems = schedule.schedule_publish(run=run, by=cast.coordinator)
    assert (booked, problems) == (1, [])
    assert not Conference.objects.filter(student=cast.student).exists()
    with pytest.raises(ValidationError, match="already published"):
        schedule.proposal_drop(run=run, key=f"s{cast.other_student.pk}")


def proposal(cast, window):
    return ScheduleRun.objects.create(
        window=window,
        created_by=cast.coordinator,
        result={
            "meetings": [
                {
                    "student": f"s{cast.student.pk}",
                    "advisor": f"u{cast.advisor.pk}",
                    "start": "2027-01-14T09:00:00",
                    "end": "2027-01-14T09:30:00",
                    "interpreter": None,
                },
                {
                    "student": f"s{cast.other_student.pk}",
                    "advisor": f"u{cast.other_advisor.pk}",
                    "start": "2027-01-14T10:00:00",
                    "end": "2027-01-14T10:30:00",
                    "interpreter": None,
                },
            ],
            "unscheduled": [],
            "score": 220,
            "bound": 260,
            "status": "feasible",
            "seconds": 0.1,
        },
    )


# -- pages ----------------------------------------------------------------------------------


def test_the_coordinator_books_for_a_family_who_phoned(
    client, cast, closed, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.coordinator)
    oversight = reverse("conferences:window", args=[closed.term_id])
    page = client.get(oversight).content.decode()  # nothing booked: the waiting list shows
    book = reverse("conferences:staff_book", args=[closed.pk, cast.student.pk])
    assert book in page
    form = client.get(book + "?next=" + oversight)
    assert form.status_code == 200
    html = form.content.decode()
    assert "Book Sam Rivera's conference" in html and "same invitation" in html
    first = local(closed, "2027-01-14 09:00")
    assert f'value="{first.isoformat()}"' in html  # inside the family cut-off: staff see it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            book, {"starts_at": first.isoformat(), "mode": "phone", "next": oversight}
        )
    assert response.status_code == 302 and response["Location"] == oversight
    made = Conference.objects.get(student=cast.student, status=Status.BOOKED)
    assert made.booked_by == cast.coordinator and made.mode == "phone"
    (mail,) = mailoutbox
    assert mail.to == ["carla@family.test"]
    calendar = ics_of(mail)
    assert calendar["METHOD"] == "REQUEST"
    page = client.get(oversight).content.decode()
    assert "Booked for Sam Rivera" in page and "booked by" in page
    assert reverse("conferences:staff_change", args=[made.pk]) in page
    # A second visit to the booking link finds nothing left to book.
    again = client.get(book)
    assert again.status_code == 302


def test_a_home_visit_needs_an_address(client, cast, closed):
    client.force_login(cast.advisor)
    book = reverse("conferences:staff_book", args=[closed.pk, cast.student.pk])
    Household.objects.filter(guardianships__student=cast.student).update(street="", city="")
    at = local(closed, "2027-01-14 11:00").isoformat()
    response = client.post(book, {"starts_at": at, "mode": "home"})
    assert response.status_code == 400
    assert "needs the family&#x27;s address" in response.content.decode()
    assert not Conference.objects.exists()


def test_a_taken_time_is_refused_and_fresh_times_shown(client, cast, closed):
    kid, _parent = another_advisee(cast)
    at = local(closed, "2027-01-14 09:00")
    services.conferences_book(
        by=None,
        window=closed,
        requests=selectors.staff_requests(closed, kid),
        starts_at=at,
        by_family=False,
        notify=False,
    )
    client.force_login(cast.advisor)
    book = reverse("conferences:staff_book", args=[closed.pk, cast.student.pk])
    response = client.post(book, {"starts_at": at.isoformat(), "mode": "school"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone booked that time" in html and 'name="starts_at"' in html
    assert not Conference.objects.filter(student=cast.student).exists()


def test_the_advisor_moves_and_cancels_for_the_family(
    client, cast, closed, mailoutbox, django_capture_on_commit_callbacks
):
    (booked,) = services.conferences_book(
        by=cast.caregiver.user,
        window=closed,
        requests=selectors.staff_requests(closed, cast.student),
        starts_at=local(closed, "2027-01-20 10:00"),
        by_family=False,
        notify=False,
    )
    client.force_login(cast.advisor)
    home = client.get(reverse("conferences:advisor")).content.decode()
    change = reverse("conferences:staff_change", args=[booked.pk])
    cancel = reverse("conferences:staff_cancel", args=[booked.pk])
    assert change in home and cancel in home
    html = client.get(change).content.decode()
    assert "A new time for Sam Rivera's conference" in html
    to = local(closed, "2027-01-14 13:00")  # inside the family cut-off
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, {"starts_at": to.isoformat()})
    assert response.status_code == 302 and response["Location"] == reverse("conferences:advisor")
    booked.refresh_from_db()
    assert booked.starts_at == to and booked.sequence == 1
    assert booked.booked_by == cast.caregiver.user  # who booked stays on record
    (update,) = mailoutbox
    calendar = ics_of(update)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST" and event["SEQUENCE"] == 1
    assert str(booked.uid) in str(event["UID"])
    # Cancelling asks first.
    page = client.get(cancel)
    assert page.status_code == 200
    assert "Cancel Sam Rivera's conference?" in page.content.decode()
    assert Conference.objects.get(pk=booked.pk).status == Status.BOOKED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel)
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED and not booked.busy.exists()
    assert ics_of(mailoutbox[-1])["METHOD"] == "CANCEL"
    # A cancelled conference cannot be moved or cancelled again.
    assert client.get(change).status_code == 404
    assert client.get(cancel).status_code == 404


def test_a_no_show_is_rebooked_by_staff(client, cast, window):
    (missed,) = services.conferences_book(
        by=None,
        window=window,
        requests=selectors.family_requests(cast.caregiver, window),
        starts_at=local(window, "2027-01-14 09:00"),
        notify=False,
    )
    mark(missed, Status.NO_SHOW, by=cast.advisor)
    client.force_login(cast.coordinator)
    oversight = reverse("conferences:window", args=[window.term_id])
    page = client.get(oversight + "?show=no_shows").content.decode()
    book = reverse("conferences:staff_book", args=[window.pk, cast.student.pk])
    assert book in page
    advisor = client.__class__()
    advisor.force_login(cast.advisor)
    assert book in advisor.get(reverse("conferences:advisor")).content.decode()
    at = local(window, "2027-01-15 09:00").isoformat()
    assert client.post(book, {"starts_at": at, "mode": "school"}).status_code == 302
    page = client.get(oversight + "?show=no_shows").content.decode()
    assert "No-shows to reschedule (0)" in page and "No family missed its conference." in page
    # The advisor's page offered the same: gone now.
    client.force_login(cast.advisor)
    assert book not in client.get(reverse("conferences:advisor")).content.decode()


def test_who_may_book_for_a_family(client, cast, window):
    """Owner (the student's advisor), allowed (the coordinator), outsiders (another advisor,
    the family itself, another family)."""
    (booked,) = services.conferences_book(
        by=None,
        window=window,
        requests=selectors.family_requests(cast.other_caregiver, window),
        starts_at=local(window, "2027-01-14 09:00"),
        notify=False,
    )
    book = reverse("conferences:staff_book", args=[window.pk, cast.student.pk])
    olive_change = reverse("conferences:staff_change", args=[booked.pk])
    olive_cancel = reverse("conferences:staff_cancel", args=[booked.pk])
    for user, sam, olive in [
        (cast.advisor, 200, 404),
        (cast.other_advisor, 404, 200),
        (cast.coordinator, 200, 200),
        (cast.school_admin, 200, 200),
        (cast.case_manager, 404, 404),
        (cast.caregiver.user, 404, 404),
        (cast.other_caregiver.user, 404, 404),
    ]:
        client.force_login(user)
        assert client.get(book).status_code == sam, user
        assert client.get(olive_change).status_code == olive, user
        assert client.get(olive_cancel).status_code == olive, user
    client.force_login(cast.other_advisor)
    assert client.post(olive_cancel).status_code == 302  # Bob advises Olive
    client.force_login(cast.advisor)
    at = local(window, "2027-01-14 10:00").isoformat()
    olive = reverse("conferences:staff_book", args=[window.pk, cast.other_student.pk])
    assert client.post(olive, {"starts_at": at}).status_code == 404
    assert not Conference.objects.filter(student=cast.other_student, status="booked").exists()


def test_the_coordinator_takes_a_meeting_out_of_the_proposal(client, cast, window):
    run = proposal(cast, window)
    drop = reverse("conferences:proposal_drop", args=[window.pk, run.pk])
    for outsider in (cast.advisor, cast.caregiver.user):
        client.force_login(outsider)
        assert client.post(drop, {"student": f"s{cast.student.pk}"}).status_code == 404
    client.force_login(cast.coordinator)
    oversight = reverse("conferences:window", args=[window.term_id])
    page = client.get(oversight).content.decode()
    assert "Sam Rivera" in page and "Olive Chen" in page and "Take Sam Rivera out" in page
    response = client.post(drop, {"student": f"s{cast.student.pk}", "next": oversight})
    assert response.status_code == 302
    page = client.get(oversight).content.decode()
    assert "Take Sam Rivera out" not in page and "Take Olive Chen out" in page
    assert "You took 1 meeting out" in page
    run.refresh_from_db()
    assert len(run.result["meetings"]) == 1
