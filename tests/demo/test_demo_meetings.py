"""The demo's held conferences ran in Tandem: everyone present, every agenda item covered, the
meeting finished and its record final (and nothing sent); the demo advisor has one of them.
Seeded on 5 December 2026, when the Fall review's window (from 2 December) has begun."""

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tandem.conferences.models import Conference, Status
from tandem.demo import generator
from tandem.meetings.models import Meeting
from tandem.records.models import MeetingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(datetime(2026, 12, 5, 15, 0, tzinfo=UTC), tick=True):
        yield


def test_the_demo_holds_its_meetings_and_keeps_their_records(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", "--students", "120", "--seed", "2026", stdout=StringIO())
    assert not mail.outbox and not callbacks
    held = Conference.objects.filter(status=Status.HELD)
    assert Meeting.objects.filter(conference__in=held, finished_at__isnull=False).count() == 4
    records = MeetingRecord.objects.filter(conference__in=held, finalized_at__isnull=False)
    assert records.count() == 4
    no_show = Meeting.objects.get(conference__status=Status.NO_SHOW)
    assert no_show.is_finished and not no_show.attendees.filter(kind="caregiver", present=True)

    mine = held.filter(advisor__email=generator.ADVISOR_EMAIL).first()
    client.force_login(mine.advisor)
    page = client.get(reverse("meetings:agenda", args=[mine.pk])).content.decode()
    assert "The meeting finished on" in page
    page = client.get(reverse("records:record", args=[mine.pk])).content.decode()
    assert "It can no longer be changed." in page
