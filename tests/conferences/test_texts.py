"""Caregivers who take texts get the confirmation, change, cancellation, reminders and the
offer of new times as a short text in their language (at most 320 characters, with the time,
the place or mode and a link), as well as e-mail when they take e-mail too."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings as django_settings

from tandem.conferences import schedule, selectors, services
from tandem.conferences.models import AdvisorAvailability
from tandem.conferences.tasks import TEXT_LIMIT
from tandem.core.sms import MemoryBackend
from tandem.people.models import Caregiver

from .conftest import local


@pytest.fixture
def texts(settings):
    settings.TANDEM_SMS_BACKEND = "tandem.core.sms.MemoryBackend"
    MemoryBackend.outbox = []
    yield MemoryBackend.outbox
    MemoryBackend.outbox = []


def test_booking_change_cancel_and_reminders_by_text(
    cast, window, texts, mailoutbox, django_capture_on_commit_callbacks
):
    sent = django_capture_on_commit_callbacks
    AdvisorAvailability.objects.create(window=window, advisor=cast.advisor, room="Room 204")
    requests = selectors.family_requests(cast.caregiver, window)
    with sent(execute=True):
        (conference,) = services.conferences_book(
            by=None, window=window, requests=requests, starts_at=local(window, "2027-01-15 09:00")
        )
    (to, body) = texts[-1]
    assert to == "+16175550101"  # Carla takes texts (and e-mail: she gets both)
    assert "Sam Rivera" in body and "Room 204" in body
    assert "Friday, January 15, 2027, 9:00 a.m." in body
    assert f"{django_settings.SITE_URL}/conferences/" in body
    assert len(mailoutbox) == 1
    with sent(execute=True):
        services.conference_change(
            by=None, conference=conference, starts_at=local(window, "2027-01-19 10:00")
        )
    assert "NEW TIME" in texts[-1][1] and "Tuesday, January 19, 2027, 10:00 a.m." in texts[-1][1]
    later = time_machine.travel(datetime(2027, 1, 17, 15, 0, tzinfo=UTC), tick=False)
    with later, sent(execute=True):
        assert schedule.conference_reminders() == 1
    assert "reminder" in texts[-1][1] and "Tuesday, January 19, 2027, 10:00 a.m." in texts[-1][1]
    conference.refresh_from_db()
    with sent(execute=True):
        services.conference_cancel(by=None, conference=conference)
    assert "cancelled" in texts[-1][1]
    assert len(texts) == 4 and all(len(body) <= TEXT_LIMIT for _to, body in texts)


def test_text_only_caregiver_in_spanish_with_a_long_video_link(
    cast, window, texts, settings, mailoutbox, django_capture_on_commit_callbacks
):
    Caregiver.objects.filter(pk=cast.caregiver.pk).update(
        contact_by_email=False, preferred_language="es"
    )
    settings.SITE_URL = "https://tandem.riverside-community-high-school.example.org"
    long_link = "https://meet.example.org/" + "x" * 170  # a URLField holds 200
    AdvisorAvailability.objects.create(window=window, advisor=cast.advisor, video_link=long_link)
    requests = selectors.family_requests(cast.caregiver, window)
    with django_capture_on_commit_callbacks(execute=True):
        services.conferences_book(
            by=None,
            window=window,
            requests=requests,
            starts_at=local(window, "2027-01-15 09:00"),
            mode="video",
        )
    assert mailoutbox == []  # she takes texts only
    (to, body) = texts[-1]
    assert len(body) <= TEXT_LIMIT
    assert "vie" in body  # Django's Spanish date: "vie 15 Ene"
    assert "meet.example.org" not in body  # too long: left to the page, never cut short
    assert "Video call" in body or "Videollamada" in body
    assert body.endswith("riverside-community-high-school.example.org/conferences/")
