"""The meeting page: who runs it, who follows it, who gets a 404; the evidence each item opens
(IEP goals only for a viewer who may see them, and logged); items covered with notes;
attendance; finishing as held or no-show, and the yearly minimum."""

import pytest
from django.urls import reverse

from tandem.advisories.models import Advisory
from tandem.conferences.models import Status
from tandem.core.models import AccessLog
from tandem.meetings import selectors, services
from tandem.meetings.models import Coverage, Evidence, Meeting
from tests.conferences.conftest import started
from tests.evidence.builders import evidence_for

pytestmark = pytest.mark.django_db

IEP_TITLE = "Review IEP goals and progress monitoring data"


def agenda_url(conference):
    return reverse("meetings:agenda", args=[conference.pk])


def test_owner_allowed_and_outsiders(client, cast, conference):
    url = agenda_url(conference)
    for user in (cast.advisor, cast.coordinator, cast.school_admin, cast.case_manager):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Save this item" in page and "Save attendance" in page, user
        assert "Tips for the advisor" in page
    for user in (cast.caregiver.user, cast.student.user):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "You are following the meeting." in page
        assert "Save this item" not in page and "Tips for the advisor" not in page
        assert "Be mindful of the culture" not in page  # tips are the advisor's
    for user in (
        cast.other_advisor,
        cast.caregiver_no_rights.user,
        cast.other_caregiver.user,
        cast.other_student.user,
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.logout()
    assert client.get(url).status_code == 302


def test_iep_item_present_and_logged_for_those_who_may_see_it(client, cast, conference):
    evidence_for(cast)
    for user in (cast.case_manager, cast.advisor, cast.caregiver.user):
        client.force_login(user)
        page = client.get(agenda_url(conference)).content.decode()
        assert IEP_TITLE in page and "Progress monitoring data" in page
    logged = AccessLog.objects.filter(purpose="conference meeting", student=cast.student)
    assert [row.user for row in logged.order_by("pk")] == [
        cast.case_manager,
        cast.advisor,
        cast.caregiver.user,
    ]
    assert {row.record_type for row in logged} == {"evidence.iepgoal"}


def test_iep_item_absent_for_a_student_without_one(client, cast, olive_conference):
    evidence_for(cast, student=cast.other_student)  # goals entered, but Olive has no IEP
    for user in (cast.other_advisor, cast.other_caregiver.user, cast.coordinator):
        client.force_login(user)
        page = client.get(agenda_url(olive_conference)).content.decode()
        assert IEP_TITLE not in page and "IEP" not in page
    assert not AccessLog.objects.exists()


def test_iep_absent_for_an_advisor_who_no_longer_has_the_record(client, cast, conference):
    """The conference was booked with Alice; Sam moved to Bob's advisory. Alice keeps the
    conference on her calendar, but not Sam's record: no meeting page, no IEP, nothing logged.
    Bob (now his advisor) runs it."""
    evidence_for(cast)
    Advisory.objects.filter(student=cast.student).delete()
    Advisory.objects.create(student=cast.student, advisor=cast.other_advisor, year=cast.year)
    client.force_login(cast.advisor)
    assert client.get(agenda_url(conference)).status_code == 404
    assert not AccessLog.objects.exists()
    client.force_login(cast.other_advisor)
    assert IEP_TITLE in client.get(agenda_url(conference)).content.decode()


def test_items_open_their_evidence(client, cast, conference):
    evidence_for(cast)
    client.force_login(cast.advisor)
    page = client.get(agenda_url(conference)).content.decode()
    assert "What the plan targeted this term" in page  # credit report
    assert "What was the student successful with?" in page  # narrative
    assert "Detailed scores" in page  # growth first, details behind a disclosure
    assert "The family's questions and input" in page
    client.force_login(cast.caregiver.user)
    page = client.get(agenda_url(conference)).content.decode()
    assert "COM.1" not in page  # families read the report in plain words
    assert "The new plan has not been shared with the family yet." in page  # draft stays private


def test_covering_an_item_with_notes(client, cast, conference):
    client.force_login(cast.advisor)
    client.get(agenda_url(conference))
    item = services.checklist_for(cast.school).items.get(evidence=Evidence.CREDIT_REPORT)
    url = reverse("meetings:cover", args=[conference.pk, item.pk])
    data = {f"item-{item.pk}-covered": "on", f"item-{item.pk}-notes": "Two competencies mastered."}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved." in html and "Last saved by Alice Advisor" in html
    coverage = Coverage.objects.get()
    assert coverage.covered and coverage.by == cast.advisor
    assert coverage.notes == "Two competencies mastered."
    # The family sees it covered, read-only.
    client.force_login(cast.caregiver.user)
    page = client.get(agenda_url(conference)).content.decode()
    assert "Two competencies mastered." in page and "1 of 8 items covered." in page
    assert client.post(url, data).status_code == 404  # followers do not write
    client.force_login(cast.other_advisor)
    assert client.post(url, data).status_code == 404


def _meeting(conference, cast):
    return services.meeting_for(conference=conference, by=cast.advisor)


def test_attendance_lists_everyone_invited(client, cast, conference):
    meeting = _meeting(conference, cast)
    assert not meeting.attendees.filter(name="Ned Rivera").exists()  # no rights, not invited
    # A court order gives Ned his rights back before the meeting: he is invited from then on.
    cast.caregiver_no_rights.guardianships.update(has_educational_rights=True)
    ned_has_rights = cast.caregiver_no_rights
    meeting = _meeting(conference, cast)
    names = [(a.kind, a.name) for a in meeting.attendees.all()]
    assert ("caregiver", "Carla Rivera") in names and ("caregiver", "Ned Rivera") in names
    assert ("student", "Sam Rivera") in names and ("advisor", "Alice Advisor") in names
    client.force_login(cast.advisor)
    url = reverse("meetings:attendance", args=[conference.pk])
    carla = meeting.attendees.get(caregiver=cast.caregiver)
    client.post(url, {"present": [carla.pk]})
    page = client.get(agenda_url(conference)).content.decode()
    assert "1 of 2 invited caregivers present." in page
    client.post(
        url,
        {
            "add": "1",
            "other-name": "Rosa Rivera",
            "other-role": "grandmother",
            "other-family": "on",
        },
    )
    rosa = meeting.attendees.get(name="Rosa Rivera")
    assert rosa.present and rosa.family and not rosa.invited
    ned = meeting.attendees.get(caregiver=ned_has_rights)
    client.post(url, {"present": [carla.pk, ned.pk, rosa.pk]})
    assert (
        "All invited caregivers are present." in client.get(agenda_url(conference)).content.decode()
    )
    client.post(url, {"remove": rosa.pk})
    assert not meeting.attendees.filter(name="Rosa Rivera").exists()
    client.force_login(cast.caregiver.user)
    assert client.post(url, {"present": []}).status_code == 404


def test_finishing_marks_held_and_counts(client, cast, conference):
    meeting = _meeting(conference, cast)
    meeting.attendees.filter(caregiver=cast.caregiver).update(present=True)
    assert selectors.held_meetings_this_year(cast.student) == 0
    url = reverse("meetings:finish", args=[conference.pk])
    with started(conference):
        client.force_login(cast.advisor)  # sessions expire: sign in at the meeting's time
        assert "will be recorded as held" in client.get(url).content.decode()
        client.post(url)
    conference.refresh_from_db()
    assert conference.status == Status.HELD
    assert Meeting.objects.get().finished_by == cast.advisor
    assert selectors.held_meetings_this_year(cast.student) == 1
    assert selectors.held_counts(cast.school) == {cast.student.pk: 1}
    page = client.get(agenda_url(conference)).content.decode()
    assert "Yearly minimum met." in page and "Save this item" not in page
    client.force_login(cast.caregiver.user)
    student_page = client.get(reverse("people:student_detail", args=[cast.student.pk]))
    assert "1 of 1 family review meeting held this school year." in student_page.content.decode()


def test_nobody_from_the_family_is_a_no_show_and_does_not_count(client, cast, conference):
    meeting = _meeting(conference, cast)
    meeting.attendees.filter(kind="student").update(present=True)  # the student alone
    url = reverse("meetings:finish", args=[conference.pk])
    with started(conference):
        client.force_login(cast.advisor)
        assert "recorded as a no-show" in client.get(url).content.decode()
        response = client.post(url, follow=True)
    assert "recorded as a no-show" in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == Status.NO_SHOW
    assert not conference.busy.exists()  # the time is freed to book again
    assert selectors.held_meetings_this_year(cast.student) == 0
    assert selectors.held_counts(cast.school) == {}
    assert "Yearly minimum not met yet." in client.get(agenda_url(conference)).content.decode()


def test_finishing_is_for_the_schools_people(client, cast, conference):
    url = reverse("meetings:finish", args=[conference.pk])
    for user in (cast.caregiver.user, cast.student.user, cast.other_advisor):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    conference.refresh_from_db()
    assert conference.status == Status.BOOKED
    client.force_login(cast.case_manager)
    assert client.get(url).status_code == 200


def test_school_progress_counts_only_held(cast, conference, olive_conference):
    with started(olive_conference):
        services.meeting_finish(meeting=_meeting(olive_conference, cast), by=cast.other_advisor)
    meeting = _meeting(conference, cast)
    meeting.attendees.filter(caregiver=cast.caregiver).update(present=True)
    with started(conference):
        services.meeting_finish(meeting=meeting, by=cast.advisor)
    progress = selectors.school_progress(cast.school)
    assert (progress.students, progress.met, progress.required) == (2, 1, 1)


def test_the_coordinator_sees_the_yearly_minimum_on_the_conferences_page(
    client, cast, conference, olive_conference
):
    url = reverse("conferences:terms")
    client.force_login(cast.coordinator)
    assert "0 of 2 students have had their 1 held family review meeting" in (
        client.get(url).content.decode()
    )
    with started(olive_conference):
        services.meeting_finish(meeting=_meeting(olive_conference, cast), by=cast.other_advisor)
    meeting = _meeting(conference, cast)
    meeting.attendees.filter(caregiver=cast.caregiver).update(present=True)
    with started(conference):
        services.meeting_finish(meeting=meeting, by=cast.advisor)
    page = client.get(url).content.decode()
    assert "1 of 2 students have had their 1 held family review meeting" in page
    assert "a no-show does not" in page


def test_a_cancelled_conference_records_nothing(cast, conference):
    from django.core.exceptions import ValidationError

    from tandem.conferences.services import conference_cancel

    meeting = _meeting(conference, cast)
    conference_cancel(by=cast.advisor, conference=conference, by_family=False)
    with pytest.raises(ValidationError, match="cancelled"):
        services.attendance_save(meeting=meeting, present_ids=[], by=cast.advisor)
    with pytest.raises(ValidationError, match="cancelled"):
        services.meeting_finish(meeting=meeting, by=cast.advisor)


def test_the_family_sees_only_a_final_narrative(client, cast, conference):
    from tandem.evidence.services import narrative_save

    fall = cast.year.terms.get(name="Fall")
    narrative_save(
        student=cast.student,
        term=fall,
        successes="Led his exhibition.",
        challenges="Math.",
        notes="",
        finalize=False,
        by=cast.advisor,
    )
    url = agenda_url(conference)
    client.force_login(cast.advisor)
    assert "Led his exhibition." in client.get(url).content.decode()
    for user in (cast.caregiver.user, cast.student.user):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Led his exhibition." not in page
        assert "The advisor has not written the narrative for this term yet." in page
    narrative_save(
        student=cast.student,
        term=fall,
        successes="Led his exhibition.",
        challenges="Math.",
        notes="",
        finalize=True,
        by=cast.advisor,
    )
    client.force_login(cast.caregiver.user)
    assert "Led his exhibition." in client.get(url).content.decode()


def test_shared_screen_view_and_record_links(client, cast, conference):
    client.force_login(cast.advisor)
    page = client.get(agenda_url(conference) + "?view=screen").content.decode()
    assert 'class="meeting shared-screen"' in page and "Normal view" in page
    for name in ("preparation", "present", "record", "record.pdf"):
        assert f"/conferences/meetings/{conference.pk}/{name}" in page


def test_family_gets_the_record_links_only_once_it_is_final(client, cast, conference):
    from tandem.records import services as record_services

    record_url = f"/conferences/meetings/{conference.pk}/record/"
    client.force_login(cast.caregiver.user)
    page = client.get(agenda_url(conference)).content.decode()
    assert f"/conferences/meetings/{conference.pk}/preparation/" in page
    assert record_url not in page
    assert client.get(record_url).status_code == 404
    record_services.record_save(
        conference=conference,
        fields={"areas_for_growth": "Lab conclusions."},
        interventions=[],
        steps=[],
        expected_revision=0,
        by=cast.advisor,
    )
    record_services.record_finalize(conference=conference, by=cast.advisor)
    page = client.get(agenda_url(conference)).content.decode()
    assert record_url in page
    assert client.get(record_url).status_code == 200


def test_times_on_the_meeting_page_are_the_schools(client, cast, conference):
    """Harbor High is in New York: a meeting finished at 18:51 UTC finished at 1:51 p.m."""
    import datetime

    import time_machine

    meeting = _meeting(conference, cast)
    meeting.attendees.filter(caregiver=cast.caregiver).update(present=True)
    # 18:51 UTC on the conference's day, after it started (it starts in the New York morning).
    finished = conference.starts_at.astimezone(datetime.UTC).replace(hour=18, minute=51)
    with time_machine.travel(finished, tick=False):
        services.meeting_finish(meeting=meeting, by=cast.advisor)
    client.force_login(cast.advisor)
    page = client.get(agenda_url(conference)).content.decode()
    assert "The meeting finished on" in page and "1:51 p.m." in page and "6:51 p.m." not in page


def test_after_a_no_show_the_advisor_offers_new_times_from_the_meeting_page(
    client, cast, conference, smtp, django_capture_on_commit_callbacks
):
    with started(conference):
        services.meeting_finish(meeting=_meeting(conference, cast), by=cast.advisor)
    conference.refresh_from_db()
    assert conference.status == Status.NO_SHOW
    offer = reverse("conferences:offer_rebooking", args=[conference.pk])
    client.force_login(cast.case_manager)  # runs meetings, but rebooking is the advisor's
    assert offer not in client.get(agenda_url(conference)).content.decode()
    client.force_login(cast.advisor)
    page = client.get(agenda_url(conference)).content.decode()
    assert offer in page and "Nobody from the family came." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer, {"next": agenda_url(conference)}, follow=True)
    assert response.redirect_chain[-1][0] == agenda_url(conference)
    assert "Booking reopened for Sam" in response.content.decode()
    assert "Send the booking link again" in response.content.decode()
    (message,) = smtp.wait_for(1)
    assert message["To"] == "carla@family.test"
