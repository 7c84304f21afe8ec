"""A booked conference follows the advisory (issue 13, finding 3): moved to the new advisor when
they are free at that time (the family's calendar updates the one event: same UID, SEQUENCE
raised), otherwise cancelled with a plain message and booking reopened for that student; the
old advisor's calendar feed drops it and the old advisor cannot manage it any more."""

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from tandem.conferences import selectors, services
from tandem.conferences.models import Conference, Status
from tandem.conferences.tasks import TEXT_LIMIT
from tandem.conferences.views import feed_key_for
from tandem.core.sms import MemoryBackend
from tests.signin import leads_to

from .conftest import local


def ics_of(mail):
    (attachment,) = [a for a in mail.attachments if a[2].startswith("text/calendar")]
    return Calendar.from_ical(attachment[1])


def feed_uids(client, advisor) -> set[str]:
    response = client.get(reverse("conferences:feed", args=[feed_key_for(advisor)]))
    assert response.status_code == 200
    return {str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}


def book(cast, window, student, at):
    (made,) = services.conferences_book(
        by=cast.coordinator,
        window=window,
        requests=selectors.staff_requests(window, student),
        starts_at=local(window, at),
        by_family=False,
        notify=False,
    )
    return made


def reassign(client, cast, student, advisor, capture):
    client.force_login(cast.coordinator)
    with capture(execute=True):
        response = client.post(
            reverse("advisories:student_advisory", args=[student.pk]), {"advisor": advisor.pk}
        )
    assert response.status_code == 302


@pytest.fixture
def texts(settings):
    settings.TANDEM_SMS_BACKEND = "tandem.core.sms.MemoryBackend"
    MemoryBackend.outbox = []
    yield MemoryBackend.outbox
    MemoryBackend.outbox = []


@pytest.fixture
def booked(cast, window):
    return book(cast, window, cast.student, "2027-01-20 10:00")


def test_the_conference_moves_with_the_advisory_and_the_family_gets_an_update(
    client, cast, window, booked, mailoutbox, texts, django_capture_on_commit_callbacks
):
    uid = f"conference-{booked.uid}@tandem"
    assert uid in feed_uids(client, cast.advisor)

    reassign(client, cast, cast.student, cast.other_advisor, django_capture_on_commit_callbacks)

    booked.refresh_from_db()
    assert booked.status == Status.BOOKED and booked.advisor == cast.other_advisor
    assert booked.starts_at == local(window, "2027-01-20 10:00")
    assert booked.busy.filter(person=f"advisor:{cast.other_advisor.pk}").exists()
    assert not booked.busy.filter(person=f"advisor:{cast.advisor.pk}").exists()
    (update,) = [m for m in mailoutbox if m.to == [cast.caregiver.email]]
    calendar = ics_of(update)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 1  # the same event, updated
    assert cast.other_advisor.email in str(event["ORGANIZER"])
    assert "Sam Rivera has a new advisor, Bob Advisor, who will hold the conference" in update.body
    ((to, text),) = texts  # Carla takes texts too: the advisor changed, not the time
    assert to == cast.caregiver.mobile_phone and "NEW TIME" not in text
    assert "is now with Bob Advisor, the new advisor" in text and len(text) <= TEXT_LIMIT
    # The old advisor's feed drops it; the new advisor's lists it.
    assert uid not in feed_uids(client, cast.advisor)
    assert uid in feed_uids(client, cast.other_advisor)
    # The old advisor cannot manage it any more.
    client.force_login(cast.advisor)
    assert client.get(reverse("conferences:staff_change", args=[booked.pk])).status_code == 404
    assert client.get(reverse("conferences:staff_cancel", args=[booked.pk])).status_code == 404


def test_when_the_new_advisor_is_busy_the_family_is_told_and_may_book_again(
    client, cast, window, booked, mailoutbox, texts, django_capture_on_commit_callbacks
):
    window.booking_open = False  # the reopened booking must not depend on the window
    window.save()
    book(cast, window, cast.other_student, "2027-01-20 10:00")  # Bob meets Olive's family then

    reassign(client, cast, cast.student, cast.other_advisor, django_capture_on_commit_callbacks)

    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED and booked.rebook_offered_at is not None
    assert not booked.busy.exists()
    (told,) = [m for m in mailoutbox if m.to == [cast.caregiver.email]]
    assert "new advisor" in told.body and "not free" in told.body
    ((_to, text),) = texts
    assert "has a new advisor, who is not free on" in text and "/book/" in text
    assert leads_to(told.body, reverse("conferences:book", args=[window.pk]))
    calendar = ics_of(told)
    assert calendar["METHOD"] == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"conference-{booked.uid}@tandem"
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 1
    # Carla chooses a new time, with Bob, although families may not book the window now.
    client.force_login(cast.caregiver.user)
    page = client.get(reverse("conferences:book", args=[window.pk]))
    assert page.status_code == 200
    at = local(window, "2027-01-21 10:00")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("conferences:book", args=[window.pk]),
            {"starts_at": at.isoformat(), "mode": "school"},
        )
    assert response.status_code == 302
    again = Conference.objects.get(student=cast.student, status=Status.BOOKED)
    assert again.advisor == cast.other_advisor and again.starts_at == at
    # Neither feed lists the cancelled one.
    uid = f"conference-{booked.uid}@tandem"
    assert uid not in feed_uids(client, cast.advisor)
    assert uid not in feed_uids(client, cast.other_advisor)


def test_a_bulk_move_moves_each_conference(
    client, cast, window, booked, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("advisories:reassign"),
            {
                "school": cast.school.pk,
                "students": [cast.student.pk],
                "advisor": cast.other_advisor.pk,
            },
        )
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.advisor == cast.other_advisor and booked.sequence == 1


def test_a_past_conference_stays_with_the_advisor_who_had_it(
    client, cast, window, booked, django_capture_on_commit_callbacks
):
    with time_machine.travel(local(window, "2027-01-20 11:00"), tick=False):
        reassign(client, cast, cast.student, cast.other_advisor, django_capture_on_commit_callbacks)
    booked.refresh_from_db()
    assert booked.advisor == cast.advisor and booked.sequence == 0
