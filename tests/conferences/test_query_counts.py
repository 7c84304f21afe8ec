"""The coordinator's window page and a family's booking page issue the same number of queries
whatever the number of students and bookings."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.advisories.models import Advisory
from tandem.conferences import selectors, services
from tandem.people.models import Guardianship, Household
from tests.personas import make_caregiver, make_student

from .conftest import local, mark


def add_families(cast, window, count, start):
    for n in range(start, start + count):
        student = make_student(cast.school, f"Kid{n}", "Many", local_id=f"M-{n}")
        caregiver = make_caregiver(cast.school, f"Parent{n}", "Many", email=f"m{n}@many.test")
        house = Household.objects.create(school=cast.school, name=f"Many {n}")
        Guardianship.objects.create(
            student=student, caregiver=caregiver, household=house, relationship="parent"
        )
        Advisory.objects.create(student=student, advisor=cast.advisor, year=cast.year)
        if n % 2:
            requests = selectors.family_requests(caregiver, window)
            day = window.days()[n % 5]
            at = local(window, f"{day.isoformat()} {8 + n // 5:02d}:00")
            services.conferences_book(
                by=None, window=window, requests=requests, starts_at=at, notify=False
            )


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_do_not_grow_with_the_school(client, cast, window):
    coordinator, family = client, client.__class__()
    coordinator.force_login(cast.coordinator)
    family.force_login(cast.other_caregiver.user)
    oversight = reverse("conferences:window", args=[window.term_id])
    booking = reverse("conferences:book", args=[window.pk])
    add_families(cast, window, 2, 0)
    small = count(coordinator, oversight), count(family, booking)
    add_families(cast, window, 8, 2)
    large = count(coordinator, oversight), count(family, booking)
    assert small == large


def add_setup(cast, window, count, start):
    """Advisors with weekly hours and interpreters with hours."""
    from datetime import time

    from tandem.conferences.models import (
        AdvisorAvailability,
        Interpreter,
        InterpreterHours,
        WeeklyHours,
    )
    from tandem.schools.models import Role
    from tests.personas import make_staff

    for n in range(start, start + count):
        advisor = make_staff(cast.school, f"adv{n}@harbor.test", f"Advisor {n}", Role.ADVISOR)
        settings = AdvisorAvailability.objects.create(window=window, advisor=advisor)
        WeeklyHours.objects.create(
            availability=settings, weekday=n % 5, starts_at=time(8), ends_at=time(12)
        )
        person = Interpreter.objects.create(school=cast.school, name=f"I {n}", languages="es")
        InterpreterHours.objects.create(
            interpreter=person,
            window=window,
            day=window.days()[0],
            starts_at=time(9),
            ends_at=time(12),
        )


def test_setup_lists_do_not_grow_with_advisors_or_interpreters(client, cast, window):
    client.force_login(cast.coordinator)
    pages = [
        reverse("conferences:window", args=[window.term_id]) + "?show=advisors",
        reverse("conferences:interpreters", args=[window.pk]),
    ]
    add_setup(cast, window, 2, 0)
    small = [count(client, url) for url in pages]
    add_setup(cast, window, 12, 2)
    large = [count(client, url) for url in pages]
    assert small == large


def test_every_oversight_list_and_the_proposal_stay_fixed(client, cast, window, monkeypatch):
    """Each list of the window page (and the scheduler's proposal beside it) in the same number
    of queries at 2 and at 14 families, with pages small enough that the larger school spills
    onto several."""
    from tandem.conferences.models import Conference, ScheduleRun, Status
    from tandem.people.models import Student

    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    client.force_login(cast.coordinator)
    oversight = reverse("conferences:window", args=[window.term_id])
    urls = [f"{oversight}?show={show}" for show in ("booked", "waiting", "unplaced", "no_shows")]
    urls += [f"{oversight}?show=waiting&q=many", f"{oversight}?show=booked&page=2"]
    urls += [f"{oversight}?show=unplaced&q=many"]

    def propose():
        ScheduleRun.objects.all().delete()
        students = list(Student.objects.filter(school=cast.school).order_by("pk"))
        booked = set(Conference.objects.values_list("student_id", flat=True))
        free = [s for s in students if s.pk not in booked]
        ScheduleRun.objects.create(
            window=window,
            result={
                "meetings": [
                    {
                        "student": f"s{s.pk}",
                        "advisor": f"u{cast.advisor.pk}",
                        "start": f"2027-01-15T{8 + n // 2:02d}:{30 * (n % 2):02d}:00",
                        "end": f"2027-01-15T{8 + n // 2:02d}:{30 * (n % 2) + 29:02d}:00",
                        "interpreter": None,
                    }
                    for n, s in enumerate(free[1:])
                ],
                "unscheduled": [{"student": f"s{free[0].pk}", "reason": "no time"}],
                "score": 0,
                "bound": 0,
            },
        )

    def miss_one():
        conference = Conference.objects.filter(status=Status.BOOKED).order_by("pk").last()
        mark(conference, Status.NO_SHOW, by=cast.advisor)

    add_families(cast, window, 4, 0)
    miss_one()
    propose()
    small = [count(client, url) for url in urls]
    add_families(cast, window, 10, 4)
    miss_one()
    propose()
    large = [count(client, url) for url in urls]
    assert small == large, (small, large)


def test_a_booking_costs_twelve_queries_at_any_size(
    client, cast, window, settings, django_assert_num_queries
):
    """The booking POST (issue 20) in 12 queries at 2 and at 12 families, for an advisor with
    weekly hours and a day off, the invitation's task written as in production: the session
    and the user (2); who the user is where — roles, time zone, second factor (1); the window
    with the caregiver (1); the family with its advisors and what is booked (1); the advisor's
    settings with their hours (1); then only writes: BEGIN (a savepoint here), the conference,
    who it holds (Busy), the advisor's day, the task, COMMIT (6). No check reads before the
    writes: PostgreSQL's exclusion constraint, SQLite's trigger and the day's check constraint
    refuse a taken time. Nothing is written to the session."""
    from datetime import time

    from tandem.conferences.models import (
        AdvisorAvailability,
        Conference,
        HoursException,
        WeeklyHours,
    )

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    hours = AdvisorAvailability.objects.create(window=window, advisor=cast.other_advisor)
    WeeklyHours.objects.bulk_create(
        WeeklyHours(availability=hours, weekday=d, starts_at=time(8), ends_at=time(16))
        for d in range(5)
    )
    HoursException.objects.create(availability=hours, day=window.days()[0])
    url = reverse("conferences:book", args=[window.pk])

    def booking(starts_at) -> None:
        family = client.__class__()
        family.force_login(cast.other_caregiver.user)
        with django_assert_num_queries(12) as queries:
            answer = family.post(url, {"starts_at": starts_at})
        assert answer.status_code == 302
        assert settings.SESSION_COOKIE_NAME not in answer.cookies
        writes = ('UPDATE "django_session"', 'INSERT INTO "django_session"')
        assert not [q for q in queries.captured_queries if q["sql"].startswith(writes)]
        Conference.objects.filter(student=cast.other_student).delete()

    add_families(cast, window, 2, 0)
    booking("2027-01-20T10:00:00-05:00")
    add_families(cast, window, 10, 2)
    booking("2027-01-20T10:00:00-05:00")
