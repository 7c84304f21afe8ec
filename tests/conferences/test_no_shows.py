"""A no-show stays on record, is listed to reschedule, never counts as held; offering new
times reopens booking for that student (even when booking is closed) and sends the family the
link; once rebooked, the student leaves the list."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tandem.conferences import selectors, services
from tandem.conferences.models import Conference, Status
from tandem.core.sms import MemoryBackend
from tests.signin import leads_to

from .conftest import local, mark


@pytest.fixture
def missed(cast, window):
    requests = selectors.family_requests(cast.caregiver, window)
    (conference,) = services.conferences_book(
        by=None,
        window=window,
        requests=requests,
        starts_at=local(window, "2027-01-14 09:00"),
        notify=False,
    )
    return mark(conference, Status.NO_SHOW, by=cast.advisor)


def test_a_no_show_is_listed_and_rescheduled(
    client, cast, window, missed, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TANDEM_SMS_BACKEND = "tandem.core.sms.MemoryBackend"
    MemoryBackend.outbox = []
    window.booking_open = False
    window.save(update_fields=["booking_open"])
    client.force_login(cast.coordinator)
    oversight = reverse("conferences:window", args=[window.term_id])
    page = client.get(oversight).content.decode()
    assert "No-shows to reschedule (1)" in page and "Booked (0)" in page
    assert "Not booked yet (1)" in page  # Olive only: Sam is on the no-show list
    # Carla cannot book yet: booking is closed.
    family = client.__class__()
    family.force_login(cast.caregiver.user)
    assert (
        reverse("conferences:book", args=[window.pk])
        not in family.get(reverse("conferences:family")).content.decode()
    )
    # Alice offers new times from her page.
    client.force_login(cast.advisor)
    assert "Offer new times" in client.get(reverse("conferences:advisor")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conferences:offer_rebooking", args=[missed.pk]))
    assert response.status_code == 302
    book_url = reverse("conferences:book", args=[window.pk])
    (mail,) = mailoutbox
    assert mail.to == ["carla@family.test"] and leads_to(mail.body, book_url)
    assert book_url in MemoryBackend.outbox[-1][1] and len(MemoryBackend.outbox[-1][1]) <= 320
    # Carla books again although booking is closed for everyone else.
    home = family.get(reverse("conferences:family")).content.decode()
    assert book_url in home
    at = local(window, "2027-01-20 10:00").isoformat()
    assert family.post(book_url, {"starts_at": at}).status_code == 302
    assert Conference.objects.filter(student=cast.student, status=Status.BOOKED).count() == 1
    missed.refresh_from_db()
    assert missed.status == Status.NO_SHOW  # still on record
    client.force_login(cast.coordinator)
    page = client.get(oversight).content.decode()
    assert "No-shows to reschedule (0)" in page and "Booked (1)" in page
    # Fiona (whose child had no no-show) still cannot book while booking is closed.
    with pytest.raises(ValidationError, match="not open"):
        services.conferences_book(
            by=None,
            window=window,
            requests=selectors.family_requests(cast.other_caregiver, window),
            starts_at=local(window, "2027-01-21 10:00"),
            notify=False,
        )


def test_a_no_show_is_never_counted_as_held(client, cast, window, missed):
    client.force_login(cast.coordinator)
    page = client.get(reverse("conferences:window", args=[window.term_id])).content.decode()
    assert "held so far" not in page
    overview = selectors.window_oversight(window)
    assert overview["counts"]["held"] == 0 and overview["counts"]["booked"] == 0
    assert overview["counts"]["no_shows"] == 1


def test_only_a_no_show_can_be_offered_new_times(client, cast, window, missed):
    requests = selectors.family_requests(cast.caregiver, window)
    (again,) = services.conferences_book(
        by=None,
        window=window,
        requests=requests,
        starts_at=local(window, "2027-01-20 10:00"),
        notify=False,
    )
    with pytest.raises(ValidationError, match="Only a no-show"):
        services.conference_offer_rebooking(by=cast.advisor, conference=again)
    with pytest.raises(ValidationError, match="already has a new conference"):
        services.conference_offer_rebooking(by=cast.advisor, conference=missed)
    cancelled = services.conference_cancel(by=None, conference=again, by_family=False)
    with pytest.raises(ValidationError, match="was cancelled"):
        services.conference_mark(by=cast.advisor, conference=cancelled, status=Status.HELD)
    # Someone else's advisor cannot offer times for Sam.
    client.force_login(cast.other_advisor)
    assert client.post(reverse("conferences:offer_rebooking", args=[missed.pk])).status_code == 404
