"""Invitations reach a real SMTP server and their calendar files parse back (icalendar) with
the same UID, a SEQUENCE that rises, and METHOD REQUEST then CANCEL; reminders, nudges and the
advisor's feed."""

from datetime import UTC, datetime

import time_machine
from django.urls import reverse
from icalendar import Calendar

from tandem.conferences import schedule, selectors, services
from tandem.conferences.views import feed_key_for
from tandem.core.sms import MemoryBackend
from tests.signin import leads_to

from .conftest import local


def calendar_of(message) -> Calendar:
    for part in message.walk():
        if part.get_content_type() == "text/calendar" and part.get_filename():
            return Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no calendar file attached")


def event_of(cal):
    (event,) = [c for c in cal.walk() if c.name == "VEVENT"]
    return event


def test_request_change_cancel_parse_back(cast, window, smtp, django_capture_on_commit_callbacks):
    sent = django_capture_on_commit_callbacks
    requests = selectors.family_requests(cast.caregiver, window)
    with sent(execute=True):
        (conference,) = services.conferences_book(
            by=None, window=window, requests=requests, starts_at=local(window, "2027-01-15 09:00")
        )
    first = smtp.wait_for(1)[0]
    assert first["To"] == "carla@family.test"  # Ned has no rights: not invited
    cal = calendar_of(first)
    event = event_of(cal)
    uid = str(event["uid"])
    assert str(cal["method"]) == "REQUEST"
    assert uid == f"conference-{conference.uid}@tandem"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == local(window, "2027-01-15 09:00")
    assert "Sam Rivera" in str(event["summary"])
    assert "carla@family.test" in str(event["attendee"])

    with sent(execute=True):
        services.conference_change(
            by=None, conference=conference, starts_at=local(window, "2027-01-19 10:00")
        )
    second = smtp.wait_for(2)[1]
    event = event_of(calendar_of(second))
    assert (str(event["uid"]), int(event["sequence"])) == (uid, 1)
    assert event.decoded("dtstart") == local(window, "2027-01-19 10:00")
    assert "New time" in second["Subject"]

    conference.refresh_from_db()
    with sent(execute=True):
        services.conference_cancel(by=None, conference=conference)
    third = smtp.wait_for(3)[2]
    cal = calendar_of(third)
    event = event_of(cal)
    assert str(cal["method"]) == "CANCEL"
    assert (str(event["uid"]), int(event["sequence"])) == (uid, 2)
    assert str(event["status"]) == "CANCELLED"


def test_invitation_is_rendered_in_the_caregivers_language(
    cast, window, smtp, django_capture_on_commit_callbacks
):
    sent = django_capture_on_commit_callbacks
    cast.caregiver.preferred_language = "es"
    cast.caregiver.save()
    requests = selectors.family_requests(cast.caregiver, window)
    with sent(execute=True):
        services.conferences_book(
            by=None, window=window, requests=requests, starts_at=local(window, "2027-01-15 09:00")
        )
    message = smtp.wait_for(1)[0]
    # Dates are written by Django's Spanish locale whatever the catalog holds.
    assert "viernes" in smtp.text_of(message)


def test_reminders_two_days_before_and_on_the_day(
    cast, window, smtp, settings, django_capture_on_commit_callbacks
):
    sent = django_capture_on_commit_callbacks
    settings.TANDEM_SMS_BACKEND = "tandem.core.sms.MemoryBackend"
    MemoryBackend.outbox = []
    requests = selectors.family_requests(cast.caregiver, window)
    with sent(execute=True):
        services.conferences_book(
            by=None, window=window, requests=requests, starts_at=local(window, "2027-01-15 09:00")
        )
    smtp.wait_for(1)
    with time_machine.travel(datetime(2027, 1, 13, 15, 0, tzinfo=UTC), tick=False):
        with sent(execute=True):
            assert schedule.conference_reminders() == 1
        with sent(execute=True):
            assert schedule.conference_reminders() == 0  # once
    reminder = smtp.wait_for(2)[1]
    assert "Reminder" in reminder["Subject"]
    assert leads_to(smtp.text_of(reminder), f"/students/{cast.student.pk}/plans/")
    assert MemoryBackend.outbox[-1][0] == "+16175550101"
    on_the_day = time_machine.travel(datetime(2027, 1, 15, 11, 0, tzinfo=UTC), tick=False)
    with on_the_day, sent(execute=True):
        assert schedule.conference_reminders() == 1
    assert "Today" in smtp.wait_for(3)[2]["Subject"]


def test_nudge_reaches_families_who_have_not_booked(
    cast, window, smtp, django_capture_on_commit_callbacks
):
    sent = django_capture_on_commit_callbacks
    requests = selectors.family_requests(cast.caregiver, window)
    with sent(execute=True):
        services.conferences_book(
            by=None, window=window, requests=requests, starts_at=local(window, "2027-01-15 09:00")
        )
    smtp.wait_for(1)
    with sent(execute=True):
        assert schedule.families_nudge(window=window, by=cast.coordinator) == 1
    nudge = smtp.wait_for(2)[1]
    assert nudge["To"] == "fiona@family.test"
    assert "book" in nudge["Subject"]


def test_the_advisors_calendar_feed(client, cast, window):
    requests = selectors.family_requests(cast.caregiver, window)
    services.conferences_book(
        by=None, window=window, requests=requests, starts_at=local(window, "2027-01-15 09:00")
    )
    response = client.get(reverse("conferences:feed", args=[feed_key_for(cast.advisor)]))
    assert response.status_code == 200
    events = [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]
    assert len(events) == 1 and "Sam Rivera" in str(events[0]["summary"])
    assert client.get(reverse("conferences:feed", args=["forged"])).status_code == 404
    other = client.get(reverse("conferences:feed", args=[feed_key_for(cast.other_advisor)]))
    assert b"VEVENT" not in other.content


def test_sign_out_everywhere_revokes_the_feed_link(client, cast, window):
    from tandem.accounts.services import user_sign_out_everywhere

    url = reverse("conferences:feed", args=[feed_key_for(cast.advisor)])
    assert client.get(url).status_code == 200
    user_sign_out_everywhere(user=cast.advisor)
    assert client.get(url).status_code == 404
