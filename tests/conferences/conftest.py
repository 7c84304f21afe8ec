"""A conference window for Harbor High's Fall term, with the clock frozen on a Monday.

Fall ends on Wednesday 13 January 2027; the window runs from the next day for the school's 14
days (school days only). Carla has a second child, Mia, advised by Bob, so Carla books two
conferences back to back; Olive's mother Fiona shares Bob with Mia.
"""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tandem.advisories.models import Advisory
from tandem.conferences import services
from tandem.people.models import Guardianship
from tests.personas import make_student

NOW = datetime(2027, 1, 4, 14, 0, tzinfo=UTC)  # Monday, 09:00 in New York


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def window(cast):
    term = cast.year.terms.get(name="Fall")
    return services.window_for_term(term=term)


@pytest.fixture
def mia(cast):
    """Sam's sister, advised by Bob; her mother is Carla too."""
    mia = make_student(cast.school, "Mia", "Rivera", grade=9, local_id="S-101")
    household = cast.caregiver.guardianships.first().household
    Guardianship.objects.create(
        student=mia, caregiver=cast.caregiver, household=household, relationship="mother"
    )
    Advisory.objects.create(student=mia, advisor=cast.other_advisor, year=cast.year)
    return mia


@contextmanager
def started(conference, minutes: int = 5):
    """The clock moved to just after the conference began: only then may it be marked held or
    no-show, or its meeting finished (schools.calendar)."""
    with time_machine.travel(conference.starts_at + timedelta(minutes=minutes), tick=True):
        yield


def mark(conference, status, *, by=None):
    """Mark the conference held or no-show as its advisor would, once it has started."""
    with started(conference):
        return services.conference_mark(by=by, conference=conference, status=status)


def local(window, text: str) -> datetime:
    """An aware time from the school's wall clock, e.g. local(window, "2027-01-14 16:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=window.school.zone)
