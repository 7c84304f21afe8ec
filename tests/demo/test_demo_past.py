"""The demo's past lies in the past: a conference held or missed, a finished meeting and a final
record are all dated no later than the demo's today (the school's today, one source for the
whole demo); everything after it is booked, not held. Seeded on a few days of the school year
(before the first review window, during one, and between windows)."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tandem.conferences.models import Conference, ConferenceStatusChange, Status
from tandem.demo import generator
from tandem.meetings.models import Meeting
from tandem.records.models import MeetingRecord
from tandem.schools import calendar

pytestmark = pytest.mark.django_db

RAN = [Status.HELD, Status.NO_SHOW]


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 10, 1, 14, 0, tzinfo=UTC),  # Fall: no window has begun, nothing ran
        datetime(2026, 12, 5, 15, 0, tzinfo=UTC),  # the Fall review's window is running
        datetime(2027, 4, 20, 3, 30, tzinfo=UTC),  # late evening in Boston, a day behind UTC
    ],
)
def test_nothing_ran_after_the_demos_today(now):
    with time_machine.travel(now, tick=True):
        call_command("seed_demo", "--students", "60", "--seed", "2026", stdout=StringIO())
        school = generator.demo_school()
        today = calendar.today(school)
        assert today == generator.demo_today()
        end_of_today = calendar.start_of_day(school, today) + timedelta(days=1)
        now = timezone.now()

    ran = Conference.objects.filter(status__in=RAN)
    assert not ran.filter(starts_at__gt=now), "held or no-show before it started"
    assert not ran.filter(starts_at__gte=end_of_today)
    assert not Conference.objects.filter(status=Status.BOOKED, starts_at__lte=now)
    assert not Meeting.objects.filter(finished_at__isnull=False, conference__starts_at__gt=now)
    finals = MeetingRecord.objects.filter(finalized_at__isnull=False)
    assert not finals.filter(conference__starts_at__gt=now)
    assert not finals.filter(finalized_at__gte=end_of_today)
    assert all(r.finalized_at >= r.conference.starts_at for r in finals)
    # Every mark went through the service and is in the conference's history.
    assert ConferenceStatusChange.objects.count() == ran.count()
    if now.month == 12:
        assert ran.filter(status=Status.HELD).count() == 4
        assert ran.filter(status=Status.NO_SHOW).count() == 1
        assert finals.count() == 4
    if now.month == 10:
        assert not ran.exists() and not finals.exists()
