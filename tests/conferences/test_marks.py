"""Held and no-show only once a conference has started, after a confirmation page; undone by the
student's advisor or the coordinator with a reason, kept in the conference's history; the yearly
minimum reads the current status.

Sam's Fall conference is at 9:00 on Thursday 14 January 2027 (New York); the clock is moved to
the day before and the day after."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.conferences import selectors, services
from tandem.conferences.models import ConferenceStatusChange, Status
from tandem.meetings import selectors as meeting_selectors
from tandem.schools import calendar

from .conftest import local, mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(cast, window):
    (conference,) = services.conferences_book(
        by=None,
        window=window,
        requests=selectors.family_requests(cast.caregiver, window),
        starts_at=local(window, "2027-01-14 09:00"),
        notify=False,
    )
    return conference


def the_day_before(conference):
    return time_machine.travel(conference.starts_at - timedelta(days=1), tick=True)


def the_day_after(conference):
    return time_machine.travel(conference.starts_at + timedelta(days=1), tick=True)


def mark_url(conference, status="held"):
    return reverse("conferences:mark", args=[conference.pk]) + f"?status={status}"


def undo_url(conference):
    return reverse("conferences:unmark", args=[conference.pk])


def agenda_url(conference):
    return reverse("meetings:agenda", args=[conference.pk])


def test_tomorrows_conference_cannot_be_marked_held(client, cast, conference):
    with the_day_before(conference):
        client.force_login(cast.advisor)
        mine = client.get(reverse("conferences:advisor")).content.decode()
        assert "Held or no-show from 9:00" in mine and mark_url(conference) not in mine
        page = client.get(mark_url(conference)).content.decode()
        assert "has not started yet" in page and "Yes, it was held" not in page
        response = client.post(
            mark_url(conference), {"status": "held", "confirm": "yes"}, follow=True
        )
        assert "has not started yet" in response.content.decode()
        agenda = client.get(agenda_url(conference)).content.decode()
        assert reverse("meetings:finish", args=[conference.pk]) not in agenda
        assert "The meeting can be finished, and the conference marked held or no-show" in agenda
        with pytest.raises(ValidationError, match="has not started yet"):
            services.conference_mark(by=cast.advisor, conference=conference, status=Status.HELD)
        with pytest.raises(ValidationError, match="has not started yet"):
            services.conference_mark(by=cast.advisor, conference=conference, status=Status.NO_SHOW)
    conference.refresh_from_db()
    assert conference.status == Status.BOOKED and conference.busy.exists()
    assert meeting_selectors.held_meetings_this_year(cast.student) == 0
    assert not ConferenceStatusChange.objects.exists()


def test_a_meeting_is_not_finished_before_it_starts(client, cast, conference):
    from tandem.meetings import services as meetings

    with the_day_before(conference):
        meeting = meetings.meeting_for(conference=conference, by=cast.advisor)
        with pytest.raises(ValidationError, match="has not started yet"):
            meetings.meeting_finish(meeting=meeting, by=cast.advisor)
        client.force_login(cast.advisor)
        url = reverse("meetings:finish", args=[conference.pk])
        page = client.get(url).content.decode()
        assert "The meeting can be finished from" in page and "Finish: " not in page
        client.post(url)
    meeting.refresh_from_db()
    conference.refresh_from_db()
    assert not meeting.is_finished and meeting.started_at is None
    assert conference.status == Status.BOOKED


def test_yesterdays_conference_is_marked_held_after_the_confirmation(client, cast, conference):
    with the_day_after(conference):
        client.force_login(cast.advisor)
        page = client.get(mark_url(conference)).content.decode()
        assert "Was Sam" in page and "Yes, it was held" in page
        # Posting without the confirmation only shows the confirmation page again.
        response = client.post(mark_url(conference), {"status": "held"})
        assert response.status_code == 200 and "Yes, it was held" in response.content.decode()
        conference.refresh_from_db()
        assert conference.status == Status.BOOKED
        response = client.post(
            mark_url(conference),
            {"status": "held", "confirm": "yes", "next": agenda_url(conference)},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == agenda_url(conference)
        assert "Recorded as held." in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == Status.HELD and not conference.busy.exists()
    assert meeting_selectors.held_meetings_this_year(cast.student) == 1
    (change,) = ConferenceStatusChange.objects.all()
    assert (change.from_status, change.to_status, change.by) == ("booked", "held", cast.advisor)


def test_undo_with_a_reason_restores_booked_and_the_count(client, cast, conference):
    mark(conference, Status.HELD, by=cast.advisor)
    assert meeting_selectors.held_counts(cast.school) == {cast.student.pk: 1}
    with the_day_after(conference):
        client.force_login(cast.advisor)
        agenda = client.get(agenda_url(conference)).content.decode()
        assert undo_url(conference) in agenda and "Status history" in agenda
        page = client.get(undo_url(conference)).content.decode()
        assert "Undo the mark on Sam" in page and 'name="reason"' in page
        response = client.post(undo_url(conference), {"reason": "  "})
        assert response.status_code == 400
        assert "Say why the mark is undone." in response.content.decode()
        conference.refresh_from_db()
        assert conference.status == Status.HELD
        response = client.post(
            undo_url(conference),
            {"reason": "Wrong student: it was Olive's family.", "next": agenda_url(conference)},
            follow=True,
        )
        page = response.content.decode()
        assert "The mark is undone: the conference is booked again." in page
        assert "Reason: Wrong student: it was Olive" in page  # the history, for staff
        assert undo_url(conference) not in page
    conference.refresh_from_db()
    assert conference.status == Status.BOOKED
    assert conference.busy.filter(person=f"advisor:{cast.advisor.pk}").exists()
    assert meeting_selectors.held_meetings_this_year(cast.student) == 0
    assert meeting_selectors.held_counts(cast.school) == {}
    undo = ConferenceStatusChange.objects.get(to_status=Status.BOOKED)
    assert (undo.from_status, undo.by) == ("held", cast.advisor)
    # The family follows the meeting but does not see the staff's history.
    with the_day_after(conference):
        client.force_login(cast.caregiver.user)
        assert "Wrong student" not in client.get(agenda_url(conference)).content.decode()


def test_the_coordinator_undoes_too_and_outsiders_get_404(client, cast, conference):
    mark(conference, Status.HELD, by=cast.advisor)
    with the_day_after(conference):
        for user in (
            cast.other_advisor,
            cast.case_manager,  # runs meetings, but marks are the advisor's
            cast.caregiver.user,
            cast.student.user,
            cast.other_caregiver.user,
        ):
            client.force_login(user)
            assert client.get(undo_url(conference)).status_code == 404, user
            assert client.post(undo_url(conference), {"reason": "Mine."}).status_code == 404
            assert client.get(mark_url(conference)).status_code == 404
        conference.refresh_from_db()
        assert conference.status == Status.HELD
        client.force_login(cast.coordinator)
        response = client.post(undo_url(conference), {"reason": "Entered by mistake."})
        assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == Status.BOOKED


def test_undoing_a_no_show_withdraws_the_offer_of_new_times(cast, window, conference):
    missed = mark(conference, Status.NO_SHOW, by=cast.advisor)
    services.conference_offer_rebooking(by=cast.advisor, conference=missed)
    window.booking_open = False
    window.save(update_fields=["booking_open"])
    requests = selectors.family_requests(cast.caregiver, window)
    assert services.reopened_for(window, requests)
    services.conference_unmark(by=cast.advisor, conference=missed, reason="They were there.")
    missed.refresh_from_db()
    assert missed.status == Status.BOOKED and missed.rebook_offered_at is None
    assert not services.reopened_for(window, requests)


def test_undo_is_refused_once_the_student_booked_again_or_the_record_is_final(
    cast, window, conference
):
    from tandem.records import services as records

    missed = mark(conference, Status.NO_SHOW, by=cast.advisor)
    (again,) = services.conferences_book(
        by=None,
        window=window,
        requests=selectors.family_requests(cast.caregiver, window),
        starts_at=local(window, "2027-01-20 10:00"),
        notify=False,
    )
    with pytest.raises(ValidationError, match="another conference booked"):
        services.conference_unmark(by=cast.advisor, conference=missed, reason="Oops.")
    with pytest.raises(ValidationError, match="Say why"):
        services.conference_unmark(by=cast.advisor, conference=missed, reason="")
    held = mark(again, Status.HELD, by=cast.advisor)
    records.record_save(
        conference=held,
        fields={"areas_for_growth": "Lab conclusions."},
        interventions=[],
        steps=[],
        expected_revision=0,
        by=cast.advisor,
    )
    records.record_finalize(conference=held, by=cast.advisor, notify=False)
    with pytest.raises(ValidationError, match="record is final"):
        services.conference_unmark(by=cast.advisor, conference=held, reason="Oops.")
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_changing_a_mark_goes_through_undo(cast, conference):
    held = mark(conference, Status.HELD, by=cast.advisor)
    assert mark(held, Status.HELD, by=cast.advisor).status == Status.HELD  # again: no change
    with pytest.raises(ValidationError, match="Undo that first"):
        mark(held, Status.NO_SHOW, by=cast.advisor)
    assert ConferenceStatusChange.objects.count() == 1


@pytest.mark.parametrize(
    ("offset", "allowed"),
    [(-timedelta(seconds=1), False), (timedelta(0), True), (timedelta(seconds=1), True)],
)
def test_the_service_allows_marking_from_the_start_time(cast, conference, offset, allowed):
    with time_machine.travel(conference.starts_at + offset, tick=False):
        if allowed:
            services.conference_mark(by=cast.advisor, conference=conference, status=Status.HELD)
        else:
            with pytest.raises(ValidationError, match="has not started yet"):
                services.conference_mark(by=cast.advisor, conference=conference, status=Status.HELD)
    conference.refresh_from_db()
    assert (conference.status == Status.HELD) is allowed


moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=200, deadline=None)
@given(starts_at=moments, now=moments)
def test_held_only_once_the_conference_has_started(starts_at, now):
    """Whatever the start and the clock: held / no-show / finish only when start <= now, and the
    same answer with the clock frozen as with `now` passed in."""
    conference = SimpleNamespace(starts_at=starts_at)
    assert calendar.conference_may_be_marked(conference, now) is (starts_at <= now)
    assert calendar.meeting_may_be_finished(conference, now) is (starts_at <= now)
    with time_machine.travel(now, tick=False):
        assert calendar.conference_may_be_marked(conference) is (starts_at <= now)


def test_the_admin_shows_the_history_and_does_not_edit_the_status(client, cast, conference):
    from tandem.accounts.models import User

    mark(conference, Status.HELD, by=cast.advisor)
    it = User.objects.create_superuser(email="it@harbor.test", password="x" * 20, full_name="IT")
    client.force_login(it)
    url = reverse("admin:conferences_conference_change", args=[conference.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page and "Conference status changes" in page
