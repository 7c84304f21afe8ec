"""The plan pages, as the advisor, the student, the family and outsiders use them."""

import io
import re

import pytest
from django.urls import reverse

from tandem.plans import approvals, services
from tandem.plans.models import Approval, FamilyInput, Plan, PlanState
from tandem.schools import calendar
from tests.signin import leads_to

from .conftest import fill_required, make_ready

pytestmark = pytest.mark.django_db


def test_advisor_starts_a_plan_from_the_student_page(client, cast, competencies):
    client.force_login(cast.advisor)
    url = reverse("plans:student_plans", args=[cast.student.pk])
    term = cast.year.terms.get(name="Fall")
    response = client.post(url, {"term": term.pk, "kind": "term"}, follow=True)
    plan = Plan.objects.get(student=cast.student)
    assert response.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk])
    html = response.content.decode()
    assert "My hopes and goals" in html and "ELA-1" in html


@pytest.mark.parametrize("persona", ["other_advisor", "coordinator", "case_manager"])
def test_only_the_advisor_starts_plans(client, cast, competencies, persona):
    client.force_login(getattr(cast, persona))
    term = cast.year.terms.get(name="Fall")
    response = client.post(
        reverse("plans:student_plans", args=[cast.student.pk]), {"term": term.pk, "kind": "term"}
    )
    assert response.status_code == 404
    assert not Plan.objects.exists()


def test_student_edits_a_section_and_sees_who_saved(client, cast, plan):
    client.force_login(cast.student.user)
    response = client.post(
        reverse("plans:section_save", args=[plan.pk, "hopes_goals"]),
        {"hopes_goals-revision": 0, "hopes_goals-body": "Finish my robotics project"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<p class="save-state" data-state="saved">')
    assert "Saved." in html and "Last edited by Samuel Rivera" in html
    assert plan.sections.get(key="hopes_goals").body == "Finish my robotics project"


def test_second_save_shows_a_conflict_with_both_texts(client, cast, plan):
    from django.test import Client

    url = reverse("plans:section_save", args=[plan.pk, "hopes_goals"])
    advisor, student = Client(), Client()
    advisor.force_login(cast.advisor)
    student.force_login(cast.student.user)
    # Both opened the page at revision 0.
    advisor.post(url, {"hopes_goals-revision": 0, "hopes_goals-body": "Advisor: pass algebra"})
    response = student.post(
        url, {"hopes_goals-revision": 0, "hopes_goals-body": "Student: build a robot"}
    )
    html = response.content.decode()
    assert response.status_code == 409  # the plan page again, with both texts
    assert "saved this section at" in html and "Alice Advisor" in html
    assert "Advisor: pass algebra" in html and "Student: build a robot" in html
    assert plan.sections.get(key="hopes_goals").body == "Advisor: pass algebra"
    revision = re.search(r'name="hopes_goals-revision" value="(\d+)"', html).group(1)
    student.post(
        url,
        {"hopes_goals-revision": revision, "hopes_goals-body": "Pass algebra and build a robot"},
    )
    assert plan.sections.get(key="hopes_goals").body == "Pass algebra and build a robot"


def test_action_steps_and_competencies_are_saved_from_the_form(client, cast, plan):
    client.force_login(cast.advisor)
    client.post(
        reverse("plans:section_save", args=[plan.pk, "action_steps"]),
        {
            "action_steps-revision": 0,
            "action_steps-what": ["Join tutoring", ""],
            "action_steps-who": ["Sam", ""],
            "action_steps-by": ["2026-12-01", ""],
        },
    )
    client.post(
        reverse("plans:section_save", args=[plan.pk, "competencies"]),
        {"competencies-revision": 0, "competencies-competencies": ["MATH-2"]},
    )
    assert plan.sections.get(key="action_steps").items == [
        {"what": "Join tutoring", "who": "Sam", "by": "2026-12-01"}
    ]
    assert plan.sections.get(key="competencies").items == ["MATH-2"]


def test_forged_competency_is_refused_with_a_message(client, cast, plan):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("plans:section_save", args=[plan.pk, "competencies"]),
        {"competencies-revision": 0, "competencies-competencies": ["X-1"]},
        follow=True,
    )
    assert "Unknown competency: X-1." in response.content.decode()


def test_ready_and_share_from_the_page(client, cast, plan, django_capture_on_commit_callbacks):
    fill_required(plan, cast.advisor)
    student = cast.student.user
    client.force_login(student)
    client.post(reverse("plans:ready", args=[plan.pk]), {"ready": "1"})
    client.force_login(cast.advisor)
    client.post(reverse("plans:ready", args=[plan.pk]), {"ready": "1"})
    plan.refresh_from_db()
    assert plan.state == PlanState.READY
    confirm = client.get(reverse("plans:share", args=[plan.pk])).content.decode()
    assert "carla@family.test" in confirm and "ned@family.test" not in confirm
    client.post(reverse("plans:share", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.state == PlanState.SHARED


def test_the_student_cannot_share(client, cast, plan):
    make_ready(plan, cast)
    client.force_login(cast.student.user)
    assert client.post(reverse("plans:share", args=[plan.pk])).status_code == 404


def test_family_sees_nothing_before_the_plan_is_shared(client, cast, plan):
    client.force_login(cast.caregiver.user)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    listing = client.get(reverse("plans:student_plans", args=[cast.student.pk]))
    assert "No plans yet." in listing.content.decode()


def test_family_reads_the_shared_version_not_the_new_draft(client, cast, shared_plan):
    section = shared_plan.sections.get(key="hopes_goals")
    services.section_save(
        plan=shared_plan,
        key="hopes_goals",
        body="DRAFT-ONLY WORDS",
        items=[],
        expected_revision=section.revision,
        by=cast.advisor,
    )
    client.force_login(cast.caregiver.user)
    html = client.get(reverse("plans:detail", args=[shared_plan.pk])).content.decode()
    assert "DRAFT-ONLY WORDS" not in html
    assert "My hopes and goals: Sam&#x27;s own words." in html
    assert "are revising the plan" in html


def test_family_comments_and_approves_on_the_page(client, cast, shared_plan):
    client.force_login(cast.caregiver.user)
    url = reverse("plans:detail", args=[shared_plan.pk])
    html = client.get(url).content.decode()
    assert "Are your hopes for your student reflected here?" in html
    client.post(
        reverse("plans:family_input", args=[shared_plan.pk]),
        {"version": 1, "q-0": "Yes, and more reading please.", "c-learn_best": "He likes music"},
    )
    assert FamilyInput.objects.count() == 2
    bad = client.post(
        reverse("plans:approve", args=[shared_plan.pk]),
        {"version": 1, "typed_name": "Carla", "confirm": "on"},
    )
    assert bad.status_code == 400
    assert "Type your full name as the school has it: Carla Rivera." in bad.content.decode()
    client.post(
        reverse("plans:approve", args=[shared_plan.pk]),
        {"version": 1, "typed_name": "Carla Rivera", "confirm": "on"},
        HTTP_USER_AGENT="Mozilla/5.0 (iPhone)",
        REMOTE_ADDR="10.9.8.7",
    )
    approval = Approval.objects.get()
    assert approval.ip_address == "10.9.8.7" and "iPhone" in approval.user_agent
    shared_plan.refresh_from_db()
    assert shared_plan.state == PlanState.APPROVED
    advisor_view = client.get(url)
    client.force_login(cast.advisor)
    advisor_html = client.get(url).content.decode()
    assert "He likes music" in advisor_html and "Carla Rivera" in advisor_html
    assert advisor_view.status_code == 200


@pytest.mark.parametrize("persona", ["caregiver_no_rights", "other_caregiver"])
def test_other_families_cannot_approve_or_comment(client, cast, shared_plan, persona):
    client.force_login(getattr(cast, persona).user)
    assert (
        client.post(
            reverse("plans:approve", args=[shared_plan.pk]),
            {"version": 1, "typed_name": "x", "confirm": "on"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("plans:family_input", args=[shared_plan.pk]), {"version": 1, "q-0": "x"}
        ).status_code
        == 404
    )
    assert not Approval.objects.exists() and not FamilyInput.objects.exists()


def test_advisor_records_a_paper_approval_with_a_photo(
    client, cast, shared_plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.advisor)
    photo = io.BytesIO(b"\xff\xd8\xff\xe0 fake jpeg")
    photo.name = "signed-page.jpg"

    response = client.post(
        reverse("plans:record_approval", args=[shared_plan.pk]),
        {
            "version": 1,
            "caregiver": cast.caregiver.pk,
            "method": "paper",
            "approved_on": calendar.today(cast.school).isoformat(),  # the school's day, not UTC's
            "note": "Signed at pickup",
            "attachment": photo,
        },
        follow=True,
    )
    assert "The approval is recorded." in response.content.decode()
    approval = Approval.objects.get()
    assert approval.method == "paper" and approval.attachment
    shared_plan.refresh_from_db()
    assert shared_plan.state == PlanState.APPROVED


def test_advisor_cannot_record_an_approval_for_a_caregiver_without_rights(
    client, cast, shared_plan
):

    client.force_login(cast.advisor)
    response = client.post(
        reverse("plans:record_approval", args=[shared_plan.pk]),
        {
            "version": 1,
            "caregiver": cast.caregiver_no_rights.pk,
            "method": "verbal",
            "approved_on": calendar.today(cast.school).isoformat(),  # the school's day, not UTC's
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Approval.objects.exists()


def test_revision_plan_from_the_page(client, cast, shared_plan):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(cast.advisor)
    today = timezone.localdate()
    response = client.post(
        reverse("plans:revision", args=[shared_plan.pk]),
        {
            "changes": "Add a math goal",
            "owner": cast.advisor.pk,
            "due_on": (today + timedelta(days=3)).isoformat(),
            "review_on": (today + timedelta(days=5)).isoformat(),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "The revision plan is recorded." in html and "Add a math goal" in html
    shared_plan.refresh_from_db()
    assert shared_plan.state == PlanState.NEEDS_REVISION


def test_compare_marks_the_changes(client, cast, shared_plan):
    section = shared_plan.sections.get(key="hopes_goals")
    services.section_save(
        plan=shared_plan,
        key="hopes_goals",
        body="My hopes and goals: Sam's own brave words.",
        items=[],
        expected_revision=section.revision,
        by=cast.advisor,
    )
    services.plan_mark_ready(plan=shared_plan, by=cast.student.user, as_student=True)
    services.plan_mark_ready(plan=shared_plan, by=cast.advisor, as_student=False)
    services.plan_share(plan=shared_plan, by=cast.advisor)
    client.force_login(cast.advisor)
    html = client.get(reverse("plans:compare", args=[shared_plan.pk])).content.decode()
    assert "<ins>brave </ins>" in html or "<ins>brave</ins>" in html
    assert "(no change)" in html


def test_pdf_contains_the_plan_and_its_approvals(client, cast, shared_plan):
    from pypdf import PdfReader

    approvals.approval_give(
        plan=shared_plan,
        caregiver=cast.caregiver,
        version_number=1,
        typed_name="Carla Rivera",
        confirmed=True,
        ip_address=None,
        user_agent="",
        by=cast.caregiver.user,
    )
    client.force_login(cast.caregiver.user)
    response = client.get(reverse("plans:version_pdf", args=[shared_plan.pk, 1]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Sam's own words" in text
    assert "Reads closely to find evidence" in text and "Read 20 minutes a night" in text
    assert "Carla Rivera" in text and "Signed in Tandem" in text


def test_pdf_labels_follow_the_readers_language(client, cast, shared_plan):
    from pypdf import PdfReader

    user = cast.caregiver.user
    user.preferred_language = "es"
    user.save()
    client.force_login(user)
    response = client.get(reverse("plans:version_pdf", args=[shared_plan.pk, 1]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Aprobaciones" in text


def test_share_email_arrives_in_spanish_with_the_pdf(
    cast, plan, smtp, django_capture_on_commit_callbacks
):
    cast.caregiver.preferred_language = "es"
    cast.caregiver.save()
    make_ready(plan, cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_share(plan=plan, by=cast.advisor)
    (message,) = smtp.wait_for(1)
    assert message["To"] == "carla@family.test"
    assert "plan de aprendizaje" in message["Subject"].lower()
    body = smtp.text_of(message)
    assert "/signin/link/open/?t=" in body and leads_to(body, f"/plans/{plan.pk}/")
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename().startswith("PLP-Sam-Rivera")
    assert attachment.get_content()[:4] == b"%PDF"


def test_coordinator_lists_plans_by_state(client, cast, shared_plan):
    client.force_login(cast.coordinator)
    html = client.get(reverse("plans:coordinator_plans")).content.decode()
    assert "Sam Rivera" in html and "Olive Chen" in html
    shared = client.get(reverse("plans:coordinator_plans"), {"state": "shared"}).content.decode()
    assert "Sam Rivera" in shared and "Olive Chen" not in shared
    none = client.get(reverse("plans:coordinator_plans"), {"state": "none"}).content.decode()
    assert "Olive Chen" in none and "Sam Rivera" not in none
    assert "Family: review and approve" in shared


def test_advisor_list_shows_whose_turn_it_is(client, cast, plan):
    client.force_login(cast.advisor)
    html = client.get(reverse("plans:advisor_plans")).content.decode()
    assert "Sam Rivera" in html and "Draft: waiting on student and advisor" in html
    assert "Olive Chen" not in html


def test_coordinator_edits_the_template_and_competencies(client, cast):
    client.force_login(cast.coordinator)
    url = reverse("plans:template")
    page = client.get(url)
    formset = page.context["formset"]
    data = {
        "sections-TOTAL_FORMS": len(formset.forms),
        "sections-INITIAL_FORMS": formset.initial_form_count(),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
        "family_questions_en": "What does your student enjoy at home?",
    }
    for i, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if name == "id":
                value = form.instance.pk or ""
            if value is None or value is False:
                continue
            data[f"sections-{i}-{name}"] = value
    last = len(formset.forms) - 1
    data.update(
        {
            f"sections-{last}-title_en": "My strengths",
            f"sections-{last}-kind": "text",
            f"sections-{last}-order": 20,
        }
    )
    response = client.post(url, data, follow=True)
    assert "The template is saved." in response.content.decode()
    template = services.template_for(cast.school)
    assert template.sections.filter(key="my-strengths").exists()
    assert template.extra_questions == ["What does your student enjoy at home?"]

    comp = reverse("plans:competencies")
    client.post(comp, {"code": "SCI-1", "statement_en": "Designs an experiment"})
    again = client.post(comp, {"code": "SCI-1", "statement_en": "Duplicate"})
    assert "That code is already in the list." in again.content.decode()


def test_plan_lists_do_not_grow_with_the_school(client, cast, competencies):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.advisories.test_query_counts import add_students

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    term = cast.year.terms.get(name="Fall")
    for persona, name in (
        ("advisor", "plans:advisor_plans"),
        ("coordinator", "plans:coordinator_plans"),
    ):
        client.force_login(getattr(cast, persona))
        add_students(cast, 18, start=1000 if persona == "advisor" else 5000)
        for student in cast.school.students.filter(local_id__startswith="B-")[:10]:
            if not student.plans.exists():
                services.plan_create(student=student, term=term, kind="term", by=cast.advisor)
        small = count(reverse(name))
        add_students(cast, 480, start=2000 if persona == "advisor" else 6000)
        large = count(reverse(name))
        assert small == large, f"{name}: {small} queries at 20 students, {large} at 500"
