"""The conference views that follow `next` (marking a conference, offering new times, how a
family meets, staff booking, taking a meeting out of the proposal) go back only to a page of
this site (tandem.core.redirects); anything else lands on the view's own page."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tandem.conferences import selectors, services
from tandem.conferences.models import Status

from .conftest import local, mark
from .test_staff_booking import proposal

pytestmark = pytest.mark.django_db

HOSTILE = [
    "https://evil.example/x",
    "//evil.example/x",
    "/\\evil.example",
    "javascript:alert(1)",
]
LOCAL = "/advisor/?from=list"


def expect(response, target, own):
    assert response.status_code == 302
    assert response["Location"] == (LOCAL if target == LOCAL else own)


@pytest.fixture
def booked(cast, window):
    (conference,) = services.conferences_book(
        by=None,
        window=window,
        requests=selectors.family_requests(cast.caregiver, window),
        starts_at=local(window, "2027-01-14 09:00"),
        notify=False,
    )
    return conference


@pytest.mark.parametrize("target", [*HOSTILE, LOCAL])
def test_marking_a_conference(client, cast, booked, target):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("conferences:mark", args=[booked.pk]),
        {"status": Status.NO_SHOW, "confirm": "1", "next": target},
    )
    assert response.status_code == 302
    # Its own page: the advisor's list, or the meeting once marking has a confirmation page.
    own = {reverse("conferences:advisor"), reverse("meetings:agenda", args=[booked.pk])}
    assert response["Location"] == LOCAL if target == LOCAL else response["Location"] in own


@pytest.mark.parametrize("target", [*HOSTILE, LOCAL])
def test_offering_new_times(client, cast, booked, target):
    mark(booked, Status.NO_SHOW, by=cast.advisor)  # once it has started
    client.force_login(cast.advisor)
    response = client.post(
        reverse("conferences:offer_rebooking", args=[booked.pk]), {"next": target}
    )
    expect(response, target, reverse("conferences:advisor"))


@pytest.mark.parametrize("target", [*HOSTILE, LOCAL])
def test_how_a_family_meets(client, cast, window, target):
    client.force_login(cast.advisor)
    url = reverse("conferences:student_mode", args=[window.pk, cast.student.pk])
    page = client.get(url, {"next": target}).content.decode()
    assert (f'name="next" value="{escape(target)}"' in page) == (target == LOCAL)
    expect(client.post(url, {"mode": "phone", "next": target}), target, url)


@pytest.mark.parametrize("target", [*HOSTILE, LOCAL])
def test_staff_booking(client, cast, window, target):
    client.force_login(cast.coordinator)
    url = reverse("conferences:staff_book", args=[window.pk, cast.student.pk])
    page = client.get(url, {"next": target}).content.decode()
    assert (f'name="next" value="{escape(target)}"' in page) == (target == LOCAL)
    response = client.post(
        url, {"starts_at": local(window, "2027-01-18 09:00").isoformat(), "next": target}
    )
    expect(response, target, reverse("conferences:window", args=[window.term_id]))


@pytest.mark.parametrize("target", [*HOSTILE, LOCAL])
def test_taking_a_meeting_out_of_the_proposal(client, cast, window, target):
    run = proposal(cast, window)
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("conferences:proposal_drop", args=[window.pk, run.pk]),
        {"student": f"s{cast.student.pk}", "next": target},
    )
    expect(response, target, reverse("conferences:window", args=[window.term_id]))
