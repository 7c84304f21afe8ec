"""An advisor's "most conferences a day" is held by the database (AdvisorDay: a count per
advisor and school-local day with a check constraint), so families who take the last place of
a day at once cannot all get it — on real PostgreSQL connections from real threads, and on
SQLite — and every path that books, moves, cancels, marks or undoes keeps the count right."""

import threading
from collections import Counter
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from tandem.advisories.models import Advisory
from tandem.conferences import selectors, services
from tandem.conferences.models import AdvisorAvailability, AdvisorDay, Conference, Status
from tandem.people.models import Guardianship, Household
from tests.personas import make_caregiver, make_student

from .conftest import local, mark

FAMILIES = 6


def families_of(cast, window, count, *, first=0):
    out = []
    for n in range(first, first + count):
        student = make_student(cast.school, f"Kid{n}", "Limit", local_id=f"L-{n}")
        caregiver = make_caregiver(cast.school, f"Parent{n}", "Limit", email=f"l{n}@limit.test")
        house = Household.objects.create(school=cast.school, name=f"Limit {n}")
        Guardianship.objects.create(
            student=student, caregiver=caregiver, household=house, relationship="parent"
        )
        Advisory.objects.create(student=student, advisor=cast.advisor, year=cast.year)
        out.append(selectors.family_requests(caregiver, window))
    return out


def counts_match() -> bool:
    """Every AdvisorDay row says exactly how many booked conferences its advisor has that day."""
    booked = Counter()
    for c in Conference.objects.filter(status=Status.BOOKED).select_related(
        "window__term__year__school"
    ):
        booked[(c.advisor_id, c.starts_at.astimezone(c.window.school.zone).date())] += 1
    rows = {(r.advisor_id, r.day): r.booked for r in AdvisorDay.objects.all()}
    return {k: v for k, v in rows.items() if v} == dict(booked)


@contextmanager
def writers_on_a_file(tmp_path):
    """Where the racing threads connect. PostgreSQL: the test database itself. SQLite: the
    test database is in memory with a shared cache, whose locks fail at once instead of
    waiting, so the race runs on a file copy of it (a real WAL database, as in production,
    where IMMEDIATE transactions wait their turn); the threads open their connections on it."""
    if connection.vendor != "sqlite":
        yield
        return
    import sqlite3

    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    before = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)  # new connections (other threads) only
    try:
        yield
    finally:
        connection.settings_dict["NAME"] = before


def in_a_thread(work):
    """Run `work` on a connection of its own (the racers' database) and return its result."""
    out = []

    def run():
        try:
            out.append(work())
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=60)
    return out[0]


@pytest.mark.django_db(transaction=True)
def test_one_place_left_that_day_and_many_families_at_once_exactly_one_wins(cast, window, tmp_path):
    AdvisorAvailability.objects.create(window=window, advisor=cast.advisor, max_per_day=2)
    first, *racers = families_of(cast, window, FAMILIES + 1)
    services.conferences_book(
        by=None,
        window=window,
        requests=first,
        starts_at=local(window, "2027-01-15 08:00"),
        notify=False,
    )
    with writers_on_a_file(tmp_path):
        race(window, racers)
        assert in_a_thread(lambda: AdvisorDay.objects.get(advisor=cast.advisor).booked) == 2
        assert in_a_thread(counts_match)


def race(window, racers):
    start = threading.Barrier(len(racers))
    outcomes = []

    def book(requests, hour):
        try:
            start.wait(timeout=30)
            services.conferences_book(
                by=None,
                window=window,
                requests=requests,
                starts_at=local(window, f"2027-01-15 {hour:02d}:00"),
                notify=False,
            )
            outcomes.append("won")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(r, 9 + n)) for n, r in enumerate(racers)
    ]  # different, non-overlapping times: only the day's limit can stop them
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(outcomes) == ["taken"] * (len(racers) - 1) + ["won"]


@pytest.mark.django_db
def test_the_database_refuses_a_day_over_the_limit_without_any_check(cast):
    from datetime import date

    AdvisorDay.objects.create(advisor=cast.advisor, day=date(2027, 1, 15), booked=2, most=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdvisorDay.objects.filter(advisor=cast.advisor).update(booked=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdvisorDay.objects.filter(advisor=cast.advisor).update(booked=-1)


@pytest.mark.django_db
def test_every_path_keeps_the_count_right(cast, window, mia):
    from tandem.advisories.services import advisory_assign

    AdvisorAvailability.objects.create(window=window, advisor=cast.advisor, max_per_day=2)
    one, two, three = families_of(cast, window, 3)
    at = {
        "a": local(window, "2027-01-15 09:00"),
        "b": local(window, "2027-01-15 10:00"),
        "c": local(window, "2027-01-15 11:00"),
        "next_day": local(window, "2027-01-18 09:00"),
    }
    (c1,) = services.conferences_book(by=None, window=window, requests=one, starts_at=at["a"])
    (c2,) = services.conferences_book(
        by=cast.advisor, window=window, requests=two, starts_at=at["b"], by_family=False
    )  # staff booking
    assert counts_match()
    with pytest.raises(ValidationError):  # the day is full
        services.conferences_book(by=None, window=window, requests=three, starts_at=at["c"])
    # A move within the day does not count against itself; a move to another day frees one.
    c1 = services.conference_change(by=None, conference=c1, starts_at=at["c"])
    assert counts_match()
    c1 = services.conference_change(by=None, conference=c1, starts_at=at["next_day"])
    assert counts_match()
    (c3,) = services.conferences_book(by=None, window=window, requests=three, starts_at=at["a"])
    assert counts_match()
    # A cancellation frees a place; a no-show frees it; undoing the no-show takes it back —
    # and is refused while the day is full again.
    services.conference_cancel(by=None, conference=c3)
    assert counts_match()
    c2 = mark(c2, Status.NO_SHOW, by=cast.advisor)
    assert counts_match()
    (four,) = families_of(cast, window, 1, first=3)
    (c4,) = services.conferences_book(by=None, window=window, requests=three, starts_at=at["a"])
    (c5,) = services.conferences_book(by=None, window=window, requests=four, starts_at=at["c"])
    with pytest.raises(ValidationError):
        services.conference_unmark(by=cast.advisor, conference=c2, reason="She came late")
    services.conference_cancel(by=None, conference=c5)
    c2 = services.conference_unmark(by=cast.advisor, conference=c2, reason="She came late")
    assert c2.status == Status.BOOKED and counts_match()
    # The advisory follows: Sam's conference goes to Bob, Alice's day counts one fewer.
    (sam,) = services.conferences_book(
        by=None,
        window=window,
        requests=[
            r
            for r in selectors.family_requests(cast.caregiver, window)
            if r.student == cast.student
        ],
        starts_at=at["next_day"] + (at["b"] - at["a"]),
    )
    assert counts_match()
    advisory_assign(
        by=cast.coordinator, student=cast.student, advisor=cast.other_advisor, year=cast.year
    )
    sam.refresh_from_db()
    assert sam.advisor == cast.other_advisor
    assert counts_match()
    assert c4.status == Status.BOOKED
