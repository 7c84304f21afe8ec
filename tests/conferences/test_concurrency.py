"""Many families take the same time at once, on real PostgreSQL connections from real threads:
exactly one wins, the rest are told the time was taken, and no overlap exists afterwards.
The database itself refuses an overlap, with no check of ours: PostgreSQL's exclusion
constraint, SQLite's trigger (migrations 0002 and 0008)."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from tandem.advisories.models import Advisory
from tandem.conferences import selectors, services
from tandem.conferences.models import Busy, Conference
from tandem.people.models import Guardianship, Household
from tests.personas import make_caregiver, make_student

from .conftest import local

pytestmark = pytest.mark.django_db(transaction=True)

FAMILIES = 8


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the race needs concurrent writers; SQLite serializes them (IMMEDIATE transactions)."
    " Runs in the PostgreSQL pass of `make test`.",
)
def test_exactly_one_of_many_simultaneous_bookings_wins(cast, window):
    families = []
    for n in range(FAMILIES):
        student = make_student(cast.school, f"Kid{n}", "Race", local_id=f"R-{n}")
        caregiver = make_caregiver(cast.school, f"Parent{n}", "Race", email=f"p{n}@race.test")
        house = Household.objects.create(school=cast.school, name=f"Race {n}")
        Guardianship.objects.create(
            student=student, caregiver=caregiver, household=house, relationship="parent"
        )
        Advisory.objects.create(student=student, advisor=cast.advisor, year=cast.year)
        families.append(selectors.family_requests(caregiver, window))
    at = local(window, "2027-01-15 09:00")
    start = threading.Barrier(FAMILIES)
    outcomes = []

    def book(requests):
        try:
            start.wait()
            services.conferences_book(
                by=None, window=window, requests=requests, starts_at=at, notify=False
            )
            outcomes.append("won")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(f,)) for f in families]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["taken"] * (FAMILIES - 1) + ["won"]
    assert Conference.objects.filter(advisor=cast.advisor, status="booked").count() == 1
    rows = list(Busy.objects.filter(person=f"advisor:{cast.advisor.pk}").order_by("starts_at"))
    assert all(a.ends_at <= b.starts_at for a, b in zip(rows, rows[1:], strict=False))


def test_the_database_refuses_an_overlap_without_any_check(cast, window):
    conference = Conference.objects.create(
        window=window,
        student=cast.student,
        advisor=cast.advisor,
        starts_at=local(window, "2027-01-15 09:00"),
        ends_at=local(window, "2027-01-15 09:30"),
    )
    Busy.objects.create(
        conference=conference,
        person="advisor:1",
        starts_at=conference.starts_at,
        ends_at=conference.ends_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Busy.objects.create(
            conference=conference,
            person="advisor:1",
            starts_at=conference.starts_at + timedelta(minutes=15),
            ends_at=conference.ends_at + timedelta(minutes=15),
        )
    # Back to back is fine: ranges are half-open.
    Busy.objects.create(
        conference=conference,
        person="advisor:1",
        starts_at=conference.ends_at,
        ends_at=conference.ends_at + timedelta(minutes=30),
    )
    # Moving a row onto another's time is refused too.
    later = Busy.objects.get(starts_at=conference.ends_at)
    later.starts_at -= timedelta(minutes=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        later.save()
    # Another person at the same time is fine.
    Busy.objects.create(
        conference=conference,
        person="advisor:2",
        starts_at=conference.starts_at,
        ends_at=conference.ends_at,
    )
