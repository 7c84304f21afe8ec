"""Family booking by day: the days with times for the whole family (each a link, no JavaScript
needed), then that day's times; siblings offered together first, then each child on their own;
times written as the reader's language writes them. The booking POST is unchanged: `starts_at`
(and `mode`) to the same address.

Carla books for Sam (advised by Alice) and Mia (advised by Bob, tests/conferences/conftest.py).
Bob takes Friday 15 January off, so that day has times for Sam only.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from tandem.conferences import selectors, services
from tandem.conferences.models import Conference, Status

pytestmark = pytest.mark.django_db

STARTS = re.compile(r'name="starts_at" value="([^"]+)"')
DAY_LINK = re.compile(r'<a href="(/conferences/\d+/book/\?[^"]*day=(\d{4}-\d\d-\d\d)[^"]*)"')
FRIDAY = date(2027, 1, 15)


@pytest.fixture
def bob_off_friday(cast, window):
    services.advisor_exception_add(
        by=cast.coordinator, window=window, advisor=cast.other_advisor, day=FRIDAY
    )


def page(client, window, **query):
    response = client.get(reverse("conferences:book", args=[window.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def days_linked(html) -> list[date]:
    return [date.fromisoformat(day) for _url, day in DAY_LINK.findall(html)]


def test_only_days_with_times_for_both_children_then_that_days_times(
    client, cast, window, mia, bob_off_friday
):
    client.force_login(cast.caregiver.user)
    html = page(client, window)
    requests = selectors.family_requests(cast.caregiver, window)
    together = selectors.offers(window, requests, limit=5000)
    expected_days = sorted({o.starts_at.astimezone(window.school.zone).date() for o in together})
    assert days_linked(html) == expected_days
    assert FRIDAY not in expected_days  # Bob is off: no time for both children that day
    # The first day is chosen: only its times are offered, each for both children.
    first = expected_days[0]
    shown = STARTS.findall(html)
    assert shown and len(shown) < len(together)
    assert {s[:10] for s in shown} == {first.isoformat()}
    assert "Sam Rivera: " in html and "Mia Rivera: " in html
    assert 'aria-current="date"' in html
    # Another day, by its link (a plain GET: no JavaScript needed).
    second = expected_days[1]
    html = page(client, window, day=second.isoformat())
    assert {s[:10] for s in STARTS.findall(html)} == {second.isoformat()}


def test_the_day_links_work_with_htmx_too(client, cast, window, mia):
    client.force_login(cast.caregiver.user)
    html = page(client, window)
    assert 'hx-get="/conferences/' in html and 'hx-select="#day-picker"' in html
    day = days_linked(html)[1].isoformat()
    answer = client.get(
        reverse("conferences:book", args=[window.pk]), {"day": day}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    assert 'id="day-picker"' in answer.content.decode()


def test_siblings_together_first_then_each_child_on_their_own(
    client, cast, window, mia, bob_off_friday
):
    client.force_login(cast.caregiver.user)
    html = page(client, window)
    together = html.index("All my children, one after the other")
    sam_key = f"s{cast.student.pk}"
    assert together < html.index(f"?child={sam_key}")
    assert together < html.index(f"?child=s{mia.pk}")
    # Sam alone: Friday is back (Alice is free), and the times are his only.
    html = page(client, window, child=sam_key)
    assert FRIDAY in days_linked(html)
    assert "Mia Rivera: " not in html
    html = page(client, window, child=sam_key, day=FRIDAY.isoformat())
    friday_time = STARTS.findall(html)[0]
    assert friday_time.startswith(FRIDAY.isoformat())
    # The booking POST keeps its fields; the address says whose conference it is.
    url = reverse("conferences:book", args=[window.pk]) + f"?child={sam_key}&day=2027-01-15"
    assert client.post(url, {"starts_at": friday_time}).status_code == 302
    booked = Conference.objects.get(status=Status.BOOKED)
    assert booked.student == cast.student
    # Mia is still to book, on her own now.
    html = page(client, window)
    assert "Sam Rivera: " not in html and STARTS.findall(html)


def test_booking_both_together_is_the_same_post_as_before(client, cast, window, mia):
    client.force_login(cast.caregiver.user)
    first = STARTS.findall(page(client, window))[0]
    response = client.post(reverse("conferences:book", args=[window.pk]), {"starts_at": first})
    assert response.status_code == 302
    booked = sorted(Conference.objects.filter(status=Status.BOOKED), key=lambda c: c.starts_at)
    assert {c.student for c in booked} == {cast.student, mia}
    assert booked[0].ends_at <= booked[1].starts_at
    assert booked[0].starts_at.date() == booked[1].starts_at.date()


def test_another_familys_child_is_not_found(client, cast, window, mia):
    client.force_login(cast.caregiver.user)
    url = reverse("conferences:book", args=[window.pk])
    assert client.get(url, {"child": f"s{cast.other_student.pk}"}).status_code == 404
    assert client.get(url, {"day": "not-a-day"}).status_code == 200  # the first day instead


def test_times_as_the_readers_language_writes_them(client, cast, window):
    client.force_login(cast.caregiver.user)
    html = page(client, window, day="2027-01-14")
    assert re.search(r"\b1:00 p\.m\.", html)  # English: 12-hour
    cast.caregiver.user.preferred_language = "es"
    cast.caregiver.user.save()
    html = page(client, window, day="2027-01-14")
    assert re.search(r"\b13:00\b", html) and "p.m." not in html  # Spanish: 24-hour
    assert "jueves, 14 de enero" in html


def test_one_day_fits_a_phone_not_the_whole_window(client, cast, window):
    """The issue's 78 options over 6,000 px: one day's times at a time now."""
    client.force_login(cast.caregiver.user)
    html = page(client, window)
    every = selectors.offers(window, selectors.family_requests(cast.caregiver, window), limit=5000)
    assert len(STARTS.findall(html)) * 5 < len(every)
    assert len(days_linked(html)) == len(window.days())
