"""The coordinator's window page at any size: a line of counts, one list at a time (tabs), a
student-name search that works without JavaScript, pages of PAGE_SIZE with plain links, and
an empty state for each list."""

import pytest
from django.urls import reverse

from tandem.conferences import selectors, services
from tandem.conferences.models import ScheduleRun

from .conftest import local, mark
from .test_query_counts import add_families


@pytest.fixture
def oversight(client, cast, window):
    client.force_login(cast.coordinator)
    return reverse("conferences:window", args=[window.term_id])


def test_counts_then_one_list_chosen_by_tabs(client, cast, window, oversight):
    page = client.get(oversight).content.decode()
    # Nothing booked yet: the families still to book are shown first.
    assert "0 booked · 0 held · 2 not booked · 0 could not be placed · 0 no-shows" in page
    assert 'href="?show=waiting" aria-current="page"' in page
    assert "Sam Rivera" in page and "Olive Chen" in page
    services.conferences_book(
        by=None,
        window=window,
        requests=selectors.family_requests(cast.caregiver, window),
        starts_at=local(window, "2027-01-14 09:00"),
        notify=False,
    )
    page = client.get(oversight).content.decode()
    assert "1 booked · 0 held · 1 not booked" in page
    assert 'href="?show=booked" aria-current="page"' in page  # booked is the default now
    assert "Sam Rivera" in page and "Olive Chen" not in page
    page = client.get(oversight + "?show=waiting").content.decode()
    assert "Olive Chen" in page and "Sam Rivera" not in page
    # Each list says plainly when it is empty.
    assert (
        "The scheduler placed everyone it was given."
        in client.get(oversight + "?show=unplaced").content.decode()
    )
    assert (
        "No family missed its conference."
        in client.get(oversight + "?show=no_shows").content.decode()
    )
    assert "Booked (1)" in client.get(oversight + "?show=nonsense").content.decode()


def test_search_by_student_name_keeps_the_list(client, cast, window, oversight):
    page = client.get(oversight + "?show=waiting&q=chen").content.decode()
    assert 'role="search"' in page and 'for="q"' in page
    assert 'name="show" value="waiting"' in page  # the search stays on this list
    assert "Olive Chen" in page and "Sam Rivera" not in page
    assert "1 student matches" in page
    page = client.get(oversight + "?show=waiting&q=nobody").content.decode()
    assert "No student waiting to book matches this search." in page
    services.conferences_book(
        by=None,
        window=window,
        requests=selectors.family_requests(cast.caregiver, window),
        starts_at=local(window, "2027-01-14 09:00"),
        notify=False,
    )
    page = client.get(oversight + "?show=booked&q=sam").content.decode()
    assert "Sam Rivera" in page
    page = client.get(oversight + "?show=booked&q=olive").content.decode()
    assert "No booked student matches this search." in page


def test_long_lists_come_in_pages(client, cast, window, oversight, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    add_families(cast, window, 8, 0)  # four of them booked, four waiting (+ Sam and Olive)
    page = client.get(oversight + "?show=waiting").content.decode()
    assert "Page 1 of 2" in page
    assert 'href="?show=waiting&amp;page=2" rel="next"' in page
    second = client.get(oversight + "?show=waiting&page=2").content.decode()
    assert "Page 2 of 2" in second and 'rel="prev"' in second
    first_names = {n for n in ("Kid0", "Kid2", "Kid4", "Kid6") if n in page}
    second_names = {n for n in ("Kid0", "Kid2", "Kid4", "Kid6") if n in second}
    assert first_names and second_names and not first_names & second_names
    booked = client.get(oversight + "?show=booked&q=many").content.decode()
    assert 'href="?show=booked&amp;q=many&amp;page=2"' in booked  # pages keep the search


def test_the_proposal_is_listed_in_pages(client, cast, window, oversight, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    from .test_staff_booking import proposal

    proposal(cast, window)
    page = client.get(oversight).content.decode()
    assert "Sam Rivera" in page and "Thursday, January 14, 2027, 9:00 a.m.–9:30 a.m." in page
    assert "proposal_page=2#proposal" in page
    second = client.get(oversight + "?proposal_page=2").content.decode()
    assert "Take Olive Chen out" in second and "Take Sam Rivera out" not in second
    ScheduleRun.objects.update(published_at=local(window, "2027-01-04 09:00"))
    assert "Take Olive Chen out" not in client.get(oversight).content.decode()


@pytest.mark.parametrize("mode", ["joint", "separate"])
def test_the_lean_waiting_list_is_the_schedulers_list(cast, window, mode):
    """The oversight pages list who still needs a conference without loading caregivers; it is
    the same list, in the same order, as the one the scheduler and publishing work from."""
    from tandem.conferences.schedule import unbooked_requests

    window.household_mode = mode
    window.save()
    cast.caregiver_no_rights.guardianships.update(has_educational_rights=True)  # two homes
    add_families(cast, window, 6, 0)  # half of them booked
    mark(window.conferences.filter(status="booked").first(), "no_show", by=cast.advisor)

    def keys(rows):
        return [(r.key, r.student.display_name, r.advisor_id) for r in rows]

    expected = keys(unbooked_requests(window))
    assert keys(selectors.waiting_for(window)) == expected
    assert len(expected) == (6 if mode == "joint" else 7)  # Sam twice when homes meet apart
    assert keys(selectors.waiting_for(window, advisor=cast.other_advisor)) == [
        k for k in expected if k[2] == cast.other_advisor.pk
    ]


def test_the_proposal_says_how_long_siblings_wait(client, cast, window, oversight):
    """Issue 20: the families' waiting time between siblings, next to first-come-first-served's
    (the scheduler's result carries both: scheduling.rules.sibling_waiting)."""
    from .test_staff_booking import proposal

    run = proposal(cast, window)
    page = client.get(oversight).content.decode()
    assert "between them on average" not in page  # a result without the figures says nothing
    run.result["waiting"] = {
        "schedule": {"families": 3, "mean_minutes": 4.5, "max_minutes": 20, "split_families": 0},
        "first_come": {"families": 3, "mean_minutes": 17.0, "max_minutes": 95},
    }
    run.save()
    page = client.get(oversight).content.decode()
    assert (
        "3 families have several children on one day: they wait 4.5 minutes between them on "
        "average, 20 at most. Booking first come, first served, they would wait 17.0 on "
        "average, 95 at most."
    ) in page
