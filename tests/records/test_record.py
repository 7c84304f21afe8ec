"""The meeting record: the school writes it, finalizing locks it and sends it to the family in
their language with the PDF; the family reads it in Tandem only once it is final."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tandem.evidence.models import Intervention
from tandem.records import services
from tandem.records.models import MeetingRecord, Preparation
from tests.signin import leads_to

from .conftest import client_as, conference_for, sam_plan

pytestmark = pytest.mark.django_db


def record_url(conference):
    return reverse("records:record", args=[conference.pk])


def form_data(conference, revision=0, **changes):
    today = timezone.localdate()
    data = {
        "revision": revision,
        "reflection": "I learned to balance equations.",
        "areas_for_growth": "Lab conclusions.",
        "long_term_goals": "Study nursing at the state university.",
        "graduation_concerns": "Two math credits behind.",
        "benchmarks_reviewed": "MAP math: +9 RIT since fall.",
        "interventions_note": "",
        "family_actions": "Quiet homework time after dinner.",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "30",
        "steps-0-what": "Sign up for math lab",
        "steps-0-owner": conference.student.user_id,
        "steps-0-due_on": (today + timedelta(days=7)).isoformat(),
        "steps-1-what": "Check homework planner weekly",
        "steps-1-owner_name": "Carla Rivera",
        "steps-1-due_on": (today + timedelta(days=14)).isoformat(),
        "new-area": "",
        "new-description": "",
    }
    data.update(changes)
    return data


def write_record(cast, conference, **fields):
    return services.record_save(
        conference=conference,
        fields={"reflection": "Proud of my lab.", "family_actions": "Read together.", **fields},
        interventions=[],
        steps=[
            services.StepRow(
                what="Math lab twice a week",
                owner=cast.advisor,
                due_on=timezone.localdate() + timedelta(days=7),
            ),
            services.StepRow(
                what="Ask about tutoring",
                owner_name="Carla Rivera",
                due_on=timezone.localdate() + timedelta(days=10),
            ),
        ],
        expected_revision=0,
        by=cast.advisor,
    )


def an_intervention(cast, description="Math lab, Tuesdays and Thursdays"):
    from tandem.evidence.services import intervention_save

    today = timezone.localdate()
    return intervention_save(
        student=cast.student,
        area="math",
        description=description,
        owner=cast.advisor,
        starts_on=today,
        review_on=today + timedelta(days=30),
        status="planned",
        by=cast.advisor,
    )


def test_the_form_starts_from_the_students_preparation(client, cast, conference, fall):
    Preparation.objects.create(
        student=cast.student, term=fall, learned="Titration.", how_to_learn="Office hours."
    )
    client_as(client, cast.advisor)
    page = client.get(record_url(conference)).content.decode()
    assert "What I learned: Titration." in page and "How I will learn it: Office hours." in page
    assert not MeetingRecord.objects.exists()  # opening the page writes nothing


def test_the_advisor_saves_fields_steps_and_interventions(client, cast, conference):
    existing = an_intervention(cast)
    client_as(client, cast.advisor)
    today = timezone.localdate()
    response = client.post(
        record_url(conference),
        form_data(
            conference,
            interventions=[existing.pk],
            **{
                "new-area": "credits",
                "new-description": "Credit recovery: Algebra I online",
                "new-owner": cast.case_manager.pk,
                "new-starts_on": today.isoformat(),
                "new-review_on": (today + timedelta(days=45)).isoformat(),
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = MeetingRecord.objects.get(conference=conference)
    assert record.long_term_goals == "Study nursing at the state university."
    steps = list(record.next_steps.all())
    assert [s.what for s in steps] == ["Sign up for math lab", "Check homework planner weekly"]
    assert steps[0].owner == cast.student.user and steps[1].owner_display == "Carla Rivera"
    created = Intervention.objects.get(description="Credit recovery: Algebra I online")
    assert created.owner == cast.case_manager and created.created_by == cast.advisor
    assert set(record.interventions.all()) == {existing, created}
    page = client.get(record_url(conference)).content.decode()
    assert "Sign up for math lab" in page and "Credit recovery: Algebra I online" in page


def test_a_step_without_owner_is_refused_and_nothing_is_saved(client, cast, conference):
    client_as(client, cast.advisor)
    data = form_data(conference, **{"steps-1-owner_name": ""})
    response = client.post(record_url(conference), data)
    assert response.status_code == 200
    assert "Choose a person or write a name." in response.content.decode()
    assert not MeetingRecord.objects.exists()


@pytest.mark.parametrize("initial_forms", ["0", "2"])
def test_a_step_is_removed(client, cast, conference, initial_forms):
    client_as(client, cast.advisor)
    client.post(record_url(conference), form_data(conference))
    page = client.get(record_url(conference)).content.decode()
    assert 'name="steps-INITIAL_FORMS" value="2"' in page  # the saved steps come back
    data = form_data(
        conference,
        revision=1,
        **{"steps-0-DELETE": "on", "steps-INITIAL_FORMS": initial_forms},
    )
    assert client.post(record_url(conference), data).status_code == 302
    record = MeetingRecord.objects.get()
    assert [s.what for s in record.next_steps.all()] == ["Check homework planner weekly"]


def test_a_stale_save_is_a_conflict_not_a_lost_edit(client, cast, conference):
    client_as(client, cast.advisor)
    client.post(record_url(conference), form_data(conference))
    client_as(client, cast.coordinator)
    response = client.post(
        record_url(conference), form_data(conference, revision=0, areas_for_growth="Mine.")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nothing was lost" in page and "Mine." in page and "Lab conclusions." in page
    assert MeetingRecord.objects.get().areas_for_growth == "Lab conclusions."


@pytest.mark.parametrize(
    "persona",
    ["caregiver", "student", "other_advisor", "other_caregiver", "caregiver_no_rights"],
)
def test_no_one_but_the_school_opens_a_record_before_it_is_final(client, cast, conference, persona):
    write_record(cast, conference)
    user = getattr(cast, persona)
    client_as(client, getattr(user, "user", user))
    assert client.get(record_url(conference)).status_code == 404
    assert client.get(reverse("records:record_pdf", args=[conference.pk])).status_code == 404
    assert client.post(record_url(conference), form_data(conference)).status_code == 404


def test_the_case_manager_and_coordinator_may_edit(client, cast, conference):
    for user in (cast.case_manager, cast.coordinator):
        client_as(client, user)
        assert 'name="family_actions"' in client.get(record_url(conference)).content.decode()


def test_finalizing_asks_first_then_locks_and_stamps(client, cast, conference):
    record = write_record(cast, conference)
    client_as(client, cast.advisor)
    finalize = reverse("records:record_finalize", args=[conference.pk])
    page = client.get(finalize).content.decode()
    assert "Once final, nobody can change the record" in page
    assert "carla@family.test" in page and "ned@family.test" not in page
    assert MeetingRecord.objects.get().finalized_at is None  # asking changed nothing
    response = client.post(finalize, {"revision": record.revision})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_final and record.finalized_by == cast.advisor
    page = client.get(record_url(conference)).content.decode()
    assert "It can no longer be changed." in page and "<textarea" not in page
    response = client.post(record_url(conference), form_data(conference, revision=1))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.reflection == "Proud of my lab."


def test_the_service_refuses_changes_to_a_final_record(cast, conference):
    write_record(cast, conference)
    services.record_finalize(conference=conference, by=cast.advisor)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        write_record(cast, conference)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.record_finalize(conference=conference, by=cast.coordinator)


def test_an_empty_record_is_not_finalized(cast, conference):
    with pytest.raises(ValidationError, match="Write the record"):
        services.record_finalize(conference=conference, by=cast.advisor)
    services.record_save(
        conference=conference,
        fields={},
        interventions=[],
        steps=[],
        expected_revision=0,
        by=cast.advisor,
    )
    with pytest.raises(ValidationError, match="empty"):
        services.record_finalize(conference=conference, by=cast.advisor)


def test_the_family_reads_the_final_record_and_its_pdf(client, cast, conference):
    write_record(cast, conference)
    services.record_finalize(conference=conference, by=cast.advisor)
    for user in (cast.caregiver.user, cast.student.user):
        client_as(client, user)
        page = client.get(record_url(conference)).content.decode()
        assert "Proud of my lab." in page and "Math lab twice a week" in page
        assert "<textarea" not in page and 'name="revision"' not in page
        response = client.get(reverse("records:record_pdf", args=[conference.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    for user in (cast.other_caregiver.user, cast.caregiver_no_rights.user, cast.other_advisor):
        client_as(client, user)
        assert client.get(record_url(conference)).status_code == 404


def test_the_family_conferences_page_links_the_record_once_final(client, cast, conference):
    from tandem.conferences.services import conference_mark

    conference_mark(by=cast.advisor, conference=conference, status="held")
    client_as(client, cast.caregiver.user)
    assert record_url(conference) not in client.get("/conferences/").content.decode()
    write_record(cast, conference)
    services.record_finalize(conference=conference, by=cast.advisor)
    page = client.get("/conferences/").content.decode()
    assert "Read the record of the meeting" in page and record_url(conference) in page


def test_finalizing_mails_each_caregiver_with_rights_the_pdf(
    cast, conference, second_parent, smtp, django_capture_on_commit_callbacks
):
    write_record(cast, conference)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_finalize(conference=conference, by=cast.advisor)
    messages = smtp.wait_for(2)
    assert sorted(m["To"] for m in messages) == ["carla@family.test", "diego@family.test"]
    for message in messages:
        assert "conference" in message["Subject"]
        (pdf,) = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
        assert pdf.get_filename().startswith("Conference-record-Sam-Rivera")
        assert pdf.get_payload(decode=True).startswith(b"%PDF")
        assert leads_to(smtp.text_of(message), reverse("records:record", args=[conference.pk]))


def test_the_mail_is_rendered_in_the_caregivers_language(
    cast, conference, smtp, django_capture_on_commit_callbacks
):
    cast.caregiver.preferred_language = "es"
    cast.caregiver.save()
    write_record(cast, conference)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_finalize(conference=conference, by=cast.advisor)
    (message,) = smtp.wait_for(1)
    assert message["To"] == "carla@family.test"
    html = [p for p in message.walk() if p.get_content_type() == "text/html"][0]
    assert 'lang="es"' in html.get_payload(decode=True).decode()  # rendered under override("es")
    assert any(p.get_content_type() == "application/pdf" for p in message.walk())


def test_a_rolled_back_finalize_sends_nothing(
    cast, conference, smtp, django_capture_on_commit_callbacks
):
    from django.db import transaction

    write_record(cast, conference)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.record_finalize(conference=conference, by=cast.advisor)
        raise RuntimeError
    assert callbacks == [] and smtp.messages == []
    assert not MeetingRecord.objects.get().is_final


# -- the PDF ----------------------------------------------------------------------------------


def pdf_text(response) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_pdf_holds_the_record_the_plan_changes_and_the_approvals(
    client, cast, fall, second_parent
):
    from tandem.plans import approvals
    from tandem.plans import services as plans

    plan = sam_plan(cast, fall)  # written and shared before the meeting day
    meeting_day = timezone.now() + timedelta(days=3)
    conference = conference_for(cast, fall, starts_at=meeting_day)
    with time_machine.travel(meeting_day, tick=False):
        section = plan.sections.filter(kind="text").first()
        plans.section_save(
            plan=plan,
            key=section.key,
            body="Revised in the meeting: lab reports every Friday.",
            items=[],
            expected_revision=section.revision,
            by=cast.advisor,
        )
        plans.plan_mark_ready(plan=plan, by=cast.student.user, as_student=True)
        plans.plan_mark_ready(plan=plan, by=cast.advisor, as_student=False)
        plans.plan_share(plan=plan, by=cast.advisor, notify=False)
        approvals.approval_give(
            plan=plan,
            caregiver=cast.caregiver,
            version_number=2,
            typed_name="Carla Rivera",
            confirmed=True,
            ip_address=None,
            user_agent="",
            by=cast.caregiver.user,
        )
        approvals.approval_record(
            plan=plan,
            caregiver=second_parent,
            version_number=2,
            method="verbal",
            approved_at=timezone.now(),
            note="",
            attachment=None,
            by=cast.advisor,
        )
        services.record_save(
            conference=conference,
            fields={"reflection": "Proud of my lab.", "graduation_concerns": "Math credits."},
            interventions=[an_intervention(cast, "Math lab, Tuesdays")],
            steps=[
                services.StepRow(
                    what="Tutoring sign-up",
                    owner_name="Carla Rivera",
                    due_on=timezone.localdate() + timedelta(days=5),
                )
            ],
            expected_revision=0,
            by=cast.advisor,
        )
    client_as(client, cast.advisor)
    response = client.get(reverse("records:record_pdf", args=[conference.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Draft — not final yet" in text
    assert "Proud of my lab." in text and "Math credits." in text
    assert "Tutoring sign-up" in text and "Math lab, Tuesdays" in text
    assert section.title in text
    assert "Revised in the meeting: lab reports every Friday." in text
    assert text.count("Written.") == 0  # sections written before the meeting day are not changes
    assert "Carla Rivera" in text and "Diego Rivera" in text and "Verbally" in text


def test_the_pdf_labels_follow_the_readers_language(client, cast, conference):
    write_record(cast, conference)
    services.record_finalize(conference=conference, by=cast.advisor)
    cast.caregiver.user.preferred_language = "es"
    cast.caregiver.user.save()
    client_as(client, cast.caregiver.user)
    response = client.get(reverse("records:record_pdf", args=[conference.pk]))
    assert response.status_code == 200
    assert "Proud of my lab." in pdf_text(response)


def test_attendance_from_the_meeting_is_shown(client, cast, conference):
    from tandem.meetings.models import Attendee, Meeting

    meeting = Meeting.objects.create(conference=conference, started_by=cast.advisor)
    Attendee.objects.create(
        meeting=meeting,
        kind="caregiver",
        caregiver=cast.caregiver,
        name="Carla Rivera",
        present=True,
    )
    Attendee.objects.create(meeting=meeting, kind="student", name="Sam Rivera", present=False)
    write_record(cast, conference)
    services.record_finalize(conference=conference, by=cast.advisor)
    client_as(client, cast.advisor)
    page = client.get(record_url(conference)).content.decode()
    assert "Who was there" in page and "All caregivers were present." in page


def test_revisions_while_the_meeting_ran_count_even_off_the_booked_day(cast, fall):
    """The meetings app opened the meeting early (say, moved to today by phone): the plan
    edits made since it started are the meeting's changes."""
    from tandem.meetings.models import Meeting
    from tandem.plans import services as plans
    from tandem.records.selectors import record_document

    plan = sam_plan(cast, fall)
    conference = conference_for(cast, fall, starts_at=timezone.now() + timedelta(days=3))
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        Meeting.objects.create(
            conference=conference, started_by=cast.advisor, started_at=timezone.now()
        )
    with time_machine.travel(timezone.now() + timedelta(minutes=10), tick=False):
        section = plan.sections.filter(kind="text").first()
        plans.section_save(
            plan=plan,
            key=section.key,
            body="Changed with the family.",
            items=[],
            expected_revision=section.revision,
            by=cast.advisor,
        )
    changes = record_document(conference).changes
    assert [(c.title, c.body) for c in changes] == [(section.title, "Changed with the family.")]


def test_the_reviewed_plan_is_the_next_terms_draft_when_there_is_one(cast, fall):
    from tandem.plans import services as plans
    from tandem.records.selectors import record_document

    sam_plan(cast, fall)
    winter = cast.year.terms.get(name="Winter")
    conference = conference_for(cast, fall, starts_at=timezone.now() + timedelta(days=2))
    with time_machine.travel(conference.starts_at, tick=False):
        draft = plans.plan_create(student=cast.student, term=winter, kind="term", by=cast.advisor)
        section = draft.sections.filter(kind="text").first()
        plans.section_save(
            plan=draft,
            key=section.key,
            body="Winter goal, agreed at the table.",
            items=[],
            expected_revision=0,
            by=cast.advisor,
        )
    document = record_document(conference)
    assert document.plan == draft
    assert [c.body for c in document.changes] == ["Winter goal, agreed at the table."]
