"""The demo school's conferences: this term's window, advisors' hours, two interpreters,
booked conferences for most students (a few held, one no-show), the rest left to book, and
the same data from the same seed."""

from collections import Counter
from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from tandem.conferences.models import (
    AdvisorAvailability,
    Conference,
    Interpreter,
    InterpreterHours,
    Status,
)
from tandem.demo import generator
from tandem.people.models import Caregiver, Student
from tandem.schools.models import Role, StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def december():
    """5 December 2026: this term's window is in March; the Fall review's began on 2 December."""
    with time_machine.travel(datetime(2026, 12, 5, 15, 0, tzinfo=UTC), tick=True):
        yield


def test_the_demo_has_conferences_in_every_state(client):
    out = StringIO()
    call_command("seed_demo", "--students", "120", "--seed", "2026", stdout=out)
    assert "conferences booked" in out.getvalue()
    school = generator.demo_school()
    conference = Conference.objects.filter(status=Status.BOOKED).select_related("window").first()
    window = conference.window
    advisors = StaffRole.objects.filter(school=school, role=Role.ADVISOR).count()
    assert AdvisorAvailability.objects.filter(window=window).count() == advisors
    assert sorted(Interpreter.objects.values_list("languages", flat=True)) == ["es", "ht,fr"]
    assert InterpreterHours.objects.filter(window=window).count() == 2 * len(window.days())
    statuses = Counter(Conference.objects.values_list("status", flat=True))
    assert statuses[Status.HELD] == 4 and statuses[Status.NO_SHOW] == 1
    students = Student.objects.filter(school=school).count()
    booked = Conference.objects.values("student").distinct().count()
    assert 0.5 * students < booked < 0.9 * students
    # Nobody is double-booked, and the two demo families are left to book themselves.
    for family_email in (generator.FAMILY_EMAIL, generator.FAMILIA_EMAIL):
        family = Caregiver.objects.get(email=family_email)
        assert not Conference.objects.filter(student__guardianships__caregiver=family).exists()
    client.force_login(StaffRole.objects.filter(school=school, role=Role.COORDINATOR).first().user)
    missed = Conference.objects.get(status=Status.NO_SHOW)
    page = client.get(reverse("conferences:window", args=[missed.window.term_id])).content.decode()
    assert "No-shows to reschedule (1)" in page
    family = Caregiver.objects.get(email=generator.FAMILY_EMAIL)
    client.force_login(family.user)
    assert (
        reverse("conferences:book", args=[window.pk])
        in client.get(reverse("conferences:family")).content.decode()
    )


class _Rollback(Exception):
    pass


def test_the_same_seed_makes_the_same_conferences():
    def seeded():
        try:
            with transaction.atomic():
                call_command("seed_demo", "--students", "60", "--seed", "7", stdout=StringIO())
                found = sorted(
                    Conference.objects.values_list(
                        "student__local_id", "starts_at", "mode", "status", "place"
                    )
                )
                raise _Rollback
        except _Rollback:
            return found

    first = seeded()
    assert first and seeded() == first
