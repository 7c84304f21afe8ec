"""Logging contacts, meetings and check-ins through the pages; wrong details get flagged."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tandem.outreach import services
from tandem.outreach.models import CheckIn, ContactFlag, ContactLog, QuarterlyMeeting

D = datetime.date
pytestmark = pytest.mark.django_db


def test_advisor_logs_a_call_from_the_students_page(client, harbor):
    client.force_login(harbor.advisor)
    url = f"/students/{harbor.student.pk}/outreach/contact/"
    page = client.get(url).content.decode()
    assert "Carla Rivera" in page and "Fiona" not in page  # only Sam's caregivers
    response = client.post(
        url,
        {
            "caregiver": harbor.caregiver.pk,
            "method": "call",
            "initiated_by": "school",
            "outcome": "reached",
            "contacted_on": "2026-09-01",
            "note": "Talked about goals",
        },
    )
    assert response.status_code == 302
    entry = ContactLog.objects.get()
    assert (entry.by, entry.outcome, entry.note) == (
        harbor.advisor,
        "reached",
        "Talked about goals",
    )
    page = client.get(f"/students/{harbor.student.pk}/outreach/").content.decode()
    assert "Talked about goals" in page and "Done" in page


def test_a_caregiver_of_another_family_is_refused(client, harbor):
    client.force_login(harbor.advisor)
    response = client.post(
        f"/students/{harbor.student.pk}/outreach/contact/",
        {
            "caregiver": harbor.other_caregiver.pk,
            "method": "call",
            "initiated_by": "school",
            "outcome": "reached",
            "contacted_on": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ContactLog.objects.exists()


def test_a_future_date_is_refused_with_a_clear_message(client, harbor):
    client.force_login(harbor.advisor)
    response = client.post(
        f"/students/{harbor.student.pk}/outreach/contact/",
        {
            "caregiver": harbor.caregiver.pk,
            "method": "call",
            "initiated_by": "school",
            "outcome": "reached",
            "contacted_on": "2026-09-02",
        },
    )
    assert "A contact cannot be in the future." in response.content.decode()


def test_wrong_number_flags_the_phone_once_and_the_coordinator_clears_it(client, harbor):
    for _ in range(2):
        services.contact_log(
            student=harbor.student,
            caregiver=harbor.caregiver,
            by=harbor.advisor,
            method="call",
            initiated_by="school",
            outcome="wrong_number",
        )
    flag = ContactFlag.objects.get()
    assert (flag.detail, flag.value) == ("phone", "+16175550101")
    client.force_login(harbor.coordinator)
    assert "Carla Rivera" in client.get("/coordinator/contact-corrections/").content.decode()
    client.post(f"/coordinator/contact-corrections/{flag.pk}/resolve/")
    flag.refresh_from_db()
    assert flag.resolved_by == harbor.coordinator
    assert (
        "No contact details are waiting"
        in client.get("/coordinator/contact-corrections/").content.decode()
    )


def test_outcomes_must_fit_the_method(harbor):
    with pytest.raises(ValidationError, match="Only an e-mail can bounce"):
        services.contact_log(
            student=harbor.student,
            caregiver=harbor.caregiver,
            by=harbor.advisor,
            method="call",
            initiated_by="school",
            outcome="bounced",
        )
    services.contact_log(
        student=harbor.student,
        caregiver=harbor.caregiver,
        by=harbor.advisor,
        method="email",
        initiated_by="family",
        outcome="bounced",
    )
    assert ContactFlag.objects.get().detail == "email"


def test_meeting_needs_a_quarter_date_and_some_words(client, harbor, travel):
    travel(D(2026, 10, 5))
    client.force_login(harbor.advisor)
    url = f"/students/{harbor.student.pk}/outreach/meeting/"
    empty = client.post(url, {"held_on": "2026-10-05"}).content.decode()
    assert "Write at least one line" in empty
    before = client.post(url, {"held_on": "2026-08-01", "progress": "x"}).content.decode()
    assert "not in any quarter" in before
    response = client.post(
        url, {"held_on": "2026-10-05", "progress": "Reading more", "follow_ups": "Call home"}
    )
    assert response.status_code == 302
    meeting = QuarterlyMeeting.objects.get()
    assert meeting.quarter.number == 1
    client.force_login(harbor.coordinator)
    report = client.get("/coordinator/meetings/").content.decode()
    assert "Reading more" in report and "Call home" in report
    assert "1 of 2 students have had their meeting this quarter." in report
    assert "First contacts: 0 of 2 families reached" in report
    assert "Overdue: 2<" in report  # 5 October is past the two weeks


def test_one_tap_checkin_with_htmx(client, harbor):
    client.force_login(harbor.advisor)
    response = client.post(
        f"/students/{harbor.student.pk}/outreach/checkin/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Checked in with Sam Rivera today." in response.content.decode()
    assert CheckIn.objects.get().advisor == harbor.advisor


def test_only_the_current_advisor_logs_meetings_and_checkins(client, harbor):
    client.force_login(harbor.case_manager)
    assert client.post(f"/students/{harbor.student.pk}/outreach/checkin/").status_code == 404
    assert client.get(f"/students/{harbor.student.pk}/outreach/meeting/").status_code == 404
    assert client.get(f"/students/{harbor.student.pk}/outreach/").status_code == 200


def test_settings_page_saves_the_schools_numbers(client, harbor):
    client.force_login(harbor.coordinator)
    response = client.post(
        "/coordinator/outreach-settings/",
        {
            "checkin_days": "7",
            "quiet_start": "21:00",
            "quiet_end": "07:30",
            "no_rights_messages": "general",
            "family_link_days": "7",
        },
    )
    assert response.status_code == 302
    assert harbor.school.outreach.checkin_days == 7
    bad = client.post(
        "/coordinator/outreach-settings/",
        {
            "checkin_days": "0",
            "quiet_start": "21:00",
            "quiet_end": "07:30",
            "no_rights_messages": "general",
            "family_link_days": "7",
        },
    )
    assert "greater than or equal to 1" in bad.content.decode()


def test_contact_times_are_stored_in_utc_and_shown_in_the_schools_zone(client, harbor, travel):
    from .conftest import moment

    travel(D(2026, 9, 2), hour=9)
    late = moment(D(2026, 9, 1), hour=23)  # 03:00 UTC on 2 September
    entry = services.contact_log(
        student=harbor.student,
        caregiver=harbor.caregiver,
        by=harbor.advisor,
        method="text",
        initiated_by="family",
        outcome="reached",
        contacted_at=late,
    )
    entry.refresh_from_db()
    assert entry.contacted_at == datetime.datetime(2026, 9, 2, 3, 0, tzinfo=datetime.UTC)
    client.force_login(harbor.advisor)
    page = client.get(f"/students/{harbor.student.pk}/outreach/").content.decode()
    assert "September 1, 2026, 11:00 p.m." in page


def test_the_contact_form_chooses_nothing_for_the_person(client, harbor):
    """No "---------" and no outcome taken for granted: a contact must not count a family as
    reached because nobody changed the default."""
    client.force_login(harbor.advisor)
    url = f"/students/{harbor.student.pk}/outreach/contact/"
    page = client.get(url).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>Choose a caregiver</option>' in page
    assert '<option value="" selected>Choose the outcome</option>' in page
    assert '<option value="reached" selected>' not in page
    response = client.post(
        url,
        {
            "caregiver": harbor.caregiver.pk,
            "method": "call",
            "initiated_by": "school",
            "contacted_on": "2026-09-01",
        },
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not ContactLog.objects.exists()
