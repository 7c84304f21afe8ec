"""Live revision and approval in the room: a section revised from the agenda reopens the shared
plan; the student agrees (on the device, or the advisor records it), the new version is shared
without e-mailing it again, and each caregiver present approves on the device as in the portal —
or aloud, or a revision plan is made."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tandem.meetings import services
from tandem.meetings.models import EventKind, RoomEvent
from tandem.plans.models import Approval, PlanState

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPad) Safari"


def present(meeting, *people):
    """Mark people present as the advisor does (which starts the meeting)."""
    ids = []
    for person in people:
        if person == "student":
            ids += meeting.attendees.filter(kind="student").values_list("pk", flat=True)
        else:
            ids += meeting.attendees.filter(caregiver=person).values_list("pk", flat=True)
    services.attendance_save(meeting=meeting, present_ids=ids, by=meeting.conference.advisor)


def test_in_room_flow_at_the_service_level(cast, conference, plan, ned_has_rights):
    meeting = services.meeting_for(conference=conference, by=cast.advisor)
    present(meeting, "student", cast.caregiver, ned_has_rights)
    from tandem.plans import services as plan_services

    section = plan.sections.get(key="hopes_goals")
    plan_services.section_save(
        plan=plan,
        key="hopes_goals",
        body="Read two novels.",
        items=[],
        expected_revision=section.revision,
        by=cast.advisor,
    )
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT
    with pytest.raises(ValidationError):
        services.room_share(meeting=meeting, plan=plan, email_family=False, by=cast.advisor)
    services.room_ready(meeting=meeting, plan=plan, how="agreed", confirmed=True, by=cast.advisor)
    plan.refresh_from_db()
    assert plan.state == PlanState.READY
    sent = len(mail.outbox)
    version = services.room_share(meeting=meeting, plan=plan, email_family=False, by=cast.advisor)
    assert version.number == 2 and len(mail.outbox) == sent  # not e-mailed again
    for caregiver in (cast.caregiver, ned_has_rights):
        services.room_sign(
            meeting=meeting,
            plan=plan,
            caregiver=caregiver,
            version_number=2,
            typed_name=caregiver.full_name.upper(),
            confirmed=True,
            ip_address="10.0.0.7",
            user_agent=BROWSER,
            by=cast.advisor,
        )
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    approvals = Approval.objects.filter(version=version)
    assert {a.method for a in approvals} == {"meeting"}
    assert {a.ip_address for a in approvals} == {"10.0.0.7"}
    assert [e.kind for e in RoomEvent.objects.all()] == [
        EventKind.STUDENT_AGREED,
        EventKind.ADVISOR_READY,
        EventKind.SHARED,
        EventKind.SIGNED,
        EventKind.SIGNED,
    ]
    meeting.refresh_from_db()
    assert meeting.started_at is not None and meeting.started_by == cast.advisor
    # The meeting record lists the section revised in the room.
    from tandem.records.selectors import record_document

    hopes = plan.sections.get(key="hopes_goals")
    assert [c.title for c in record_document(conference).changes] == [hopes.title]


def test_the_student_must_be_present_and_the_caregiver_too(cast, conference, plan):
    meeting = services.meeting_for(conference=conference, by=cast.advisor)
    with pytest.raises(ValidationError, match="caregiver|present"):
        services.room_sign(
            meeting=meeting,
            plan=plan,
            caregiver=cast.caregiver,
            version_number=1,
            typed_name="Carla Rivera",
            confirmed=True,
            ip_address=None,
            user_agent="",
            by=cast.advisor,
        )
    from tandem.plans import services as plan_services

    plan_services.section_save(
        plan=plan,
        key="hopes_goals",
        body="New.",
        items=[],
        expected_revision=plan.sections.get(key="hopes_goals").revision,
        by=cast.advisor,
    )
    with pytest.raises(ValidationError, match="Mark Sam Rivera present first"):
        services.room_ready(
            meeting=meeting, plan=plan, how="device", confirmed=True, by=cast.advisor
        )
    assert not Approval.objects.exists()


def test_in_room_flow_through_the_pages(client, cast, conference, plan, ned_has_rights):
    """The click path the whole-conference browser test follows."""
    client.force_login(cast.advisor)
    agenda = reverse("meetings:agenda", args=[conference.pk])
    page = client.get(agenda).content.decode()
    assert 'id="section-hopes_goals"' in page  # the plans section editor, inline
    assert f'action="{reverse("plans:save", args=[plan.pk])}"' in page  # Save comes back here
    meeting = services.meeting_for(conference=conference, by=cast.advisor)
    ids = {a.name: a.pk for a in meeting.attendees.all()}
    client.post(
        reverse("meetings:attendance", args=[conference.pk]),
        {
            "present": [
                ids["Carla Rivera"],
                ids["Ned Rivera"],
                ids["Sam Rivera"],
                ids["Alice Advisor"],
            ]
        },
    )
    section = plan.sections.get(key="hopes_goals")
    response = client.post(
        reverse("plans:section_save", args=[plan.pk, "hopes_goals"]),
        {"hopes_goals-revision": section.revision, "hopes_goals-body": "Read two novels."},
        headers={"HX-Request": "true"},
    )
    assert "Saved." in response.content.decode()
    page = client.get(agenda + "?open=approval").content.decode()
    assert "Mark ready (student)" in page and "Record the student's agreement" in page
    ready = reverse("meetings:ready", args=[conference.pk])
    client.post(ready, {"how": "device"})  # the box not ticked
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT
    client.post(ready, {"how": "device", "confirm": "on"})
    plan.refresh_from_db()
    assert plan.state == PlanState.READY
    assert "Share the new version" in client.get(agenda).content.decode()
    sent = len(mail.outbox)
    client.post(reverse("meetings:share", args=[conference.pk]))
    plan.refresh_from_db()
    assert plan.state == PlanState.SHARED and len(mail.outbox) == sent

    sign = reverse("meetings:sign", args=[conference.pk])
    assert client.get(sign).status_code == 302  # the device must be handed over first
    client.post(reverse("meetings:hand_over", args=[conference.pk]))
    page = client.get(sign).content.decode()
    assert "Read two novels." in page and "Who is approving" in page
    wrong = client.post(
        sign,
        {"version": 2, "caregiver": cast.caregiver.pk, "typed_name": "Carla R", "confirm": "on"},
        HTTP_USER_AGENT=BROWSER,
    )
    assert wrong.status_code == 400
    assert "Type your full name as the school has it: Carla Rivera." in wrong.content.decode()
    response = client.post(
        sign,
        {
            "version": 2,
            "caregiver": cast.caregiver.pk,
            "typed_name": "Carla Rivera",
            "confirm": "on",
        },
        HTTP_USER_AGENT=BROWSER,
        follow=True,
    )
    assert "Thank you, Carla Rivera. Your approval is recorded." in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == PlanState.SHARED  # the second household has not approved yet
    response = client.post(
        sign,
        {"version": 2, "caregiver": ned_has_rights.pk, "typed_name": "ned rivera", "confirm": "on"},
        HTTP_USER_AGENT=BROWSER,
        follow=True,
    )
    assert "The plan is approved." in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    carla = Approval.objects.get(caregiver=cast.caregiver)
    assert (carla.method, carla.typed_name, carla.user_agent) == (
        "meeting",
        "Carla Rivera",
        BROWSER,
    )
    assert carla.ip_address == "127.0.0.1" and carla.recorded_by == cast.advisor
    assert carla.get_method_display() == "Signed in the meeting"


def test_verbal_approval_and_revision_plan(client, cast, conference, plan, ned_has_rights):
    meeting = services.meeting_for(conference=conference, by=cast.advisor)
    present(meeting, cast.caregiver)
    client.force_login(cast.advisor)
    verbal = reverse("meetings:verbal", args=[conference.pk])
    # Ned is not here: he cannot be recorded as approving in the room.
    response = client.post(verbal, {"verbal-version": 1, "verbal-caregiver": ned_has_rights.pk})
    assert response.status_code == 400
    client.post(verbal, {"verbal-version": 1, "verbal-caregiver": cast.caregiver.pk})
    approval = Approval.objects.get()
    assert approval.method == "verbal" and approval.note == "In the conference."
    plan.refresh_from_db()
    assert plan.state == PlanState.SHARED  # Ned's household still to approve
    revision = reverse("meetings:revision", args=[conference.pk])
    assert "Who revises it" in client.get(revision).content.decode()
    today = timezone.localdate()
    client.post(
        revision,
        {
            "changes": "Add a reading goal Ned asked for.",
            "owner": cast.advisor.pk,
            "due_on": (today + timedelta(days=7)).isoformat(),
            "review_on": (today + timedelta(days=10)).isoformat(),
        },
    )
    plan.refresh_from_db()
    assert plan.state == PlanState.NEEDS_REVISION
    page = client.get(reverse("meetings:agenda", args=[conference.pk])).content.decode()
    assert "Add a reading goal Ned asked for." in page
    assert RoomEvent.objects.filter(kind=EventKind.REVISION_PLAN).exists()


@pytest.mark.parametrize("name", ["ready", "share", "hand_over", "sign", "verbal", "revision"])
def test_only_the_students_advisor_acts_on_the_plan(client, cast, conference, plan, name):
    url = reverse(f"meetings:{name}", args=[conference.pk])
    for user in (
        cast.coordinator,
        cast.case_manager,
        cast.caregiver.user,
        cast.student.user,
        cast.other_advisor,
        cast.other_caregiver.user,
    ):
        client.force_login(user)
        assert client.post(url, {}).status_code == 404, user
    client.force_login(cast.advisor)
    assert client.post(url, {}).status_code in (200, 302, 400)
