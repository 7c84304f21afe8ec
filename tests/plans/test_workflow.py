"""The plan's workflow: only the allowed moves, approvals bound to the exact text."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.people.models import Guardianship, Household
from tandem.plans import approvals, services
from tandem.plans import selectors as plan_selectors
from tandem.plans.models import Approval, PlanEdit, PlanState, PlanVersion
from tests.personas import make_caregiver

from .conftest import fill_required, make_ready

pytestmark = pytest.mark.django_db
S = PlanState


def approve(plan, caregiver, version=None):
    version = version or services.latest_version(plan)
    return approvals.approval_give(
        plan=plan,
        caregiver=caregiver,
        version_number=version.number,
        typed_name=caregiver.full_name,
        confirmed=True,
        ip_address="10.0.0.7",
        user_agent="Phone",
        by=caregiver.user,
    )


def test_new_plan_copies_the_school_template(plan):
    keys = list(plan.sections.values_list("key", flat=True))
    assert keys[:3] == ["hopes_goals", "competencies", "learn_best"]
    assert plan.state == S.DRAFT


def test_one_plan_per_student_and_term(plan, cast):
    with pytest.raises(ValidationError):
        services.plan_create(student=cast.student, term=plan.term, kind="term", by=cast.advisor)


def test_ready_needs_both_and_the_required_sections(plan, cast):
    with pytest.raises(ValidationError) as error:
        services.plan_mark_ready(plan=plan, by=cast.advisor, as_student=False)
    assert "My hopes and goals" in error.value.messages[0]
    fill_required(plan, cast.advisor)
    plan = services.plan_mark_ready(plan=plan, by=cast.advisor, as_student=False)
    assert plan.state == S.DRAFT  # the student has not said so yet
    plan = services.plan_mark_ready(plan=plan, by=cast.student.user, as_student=True)
    assert plan.state == S.READY
    plan = services.plan_mark_ready(plan=plan, by=cast.student.user, as_student=True, ready=False)
    assert plan.state == S.DRAFT


def test_each_edit_is_attributed(plan, cast):
    section = plan.sections.get(key="hopes_goals")
    services.section_save(
        plan=plan,
        key="hopes_goals",
        body="Pass algebra",
        items=[],
        expected_revision=0,
        by=cast.student.user,
    )
    services.section_save(
        plan=plan,
        key="hopes_goals",
        body="Pass algebra with a B",
        items=[],
        expected_revision=1,
        by=cast.advisor,
    )
    edits = list(PlanEdit.objects.filter(section=section).order_by("revision"))
    assert [(e.author, e.body) for e in edits] == [
        (cast.student.user, "Pass algebra"),
        (cast.advisor, "Pass algebra with a B"),
    ]


def test_stale_save_is_a_conflict_not_a_lost_update(plan, cast):
    services.section_save(
        plan=plan,
        key="hopes_goals",
        body="Advisor's words",
        items=[],
        expected_revision=0,
        by=cast.advisor,
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.section_save(
            plan=plan,
            key="hopes_goals",
            body="Student's words",
            items=[],
            expected_revision=0,
            by=cast.student.user,
        )
    assert conflict.value.section.body == "Advisor's words"
    assert conflict.value.yours_body == "Student's words"
    assert plan.sections.get(key="hopes_goals").body == "Advisor's words"


def test_unknown_competency_is_refused(plan, cast):
    with pytest.raises(ValidationError):
        services.section_save(
            plan=plan,
            key="competencies",
            body="",
            items=["NOPE-9"],
            expected_revision=0,
            by=cast.advisor,
        )


def test_sharing_freezes_a_version_with_a_stable_hash(shared_plan):
    version = services.latest_version(shared_plan)
    assert shared_plan.state == S.SHARED and version.number == 1
    assert version.content_hash == services.content_hash(services.plan_content(shared_plan))
    shuffled = {k: version.content[k] for k in reversed(list(version.content))}
    assert services.content_hash(shuffled) == version.content_hash
    assert len(version.content_hash) == 64
    with pytest.raises(ValueError):
        version.save()


def test_hash_changes_with_one_character(shared_plan):
    content = services.plan_content(shared_plan)
    content["sections"][0]["body"] += "."
    assert services.content_hash(content) != services.latest_version(shared_plan).content_hash


def test_approval_by_each_household(shared_plan, cast):
    """Default rule: one caregiver with rights in each household with rights."""
    second_home = Household.objects.create(school=cast.school, name="Grandma's")
    grandma = make_caregiver(cast.school, "Rosa", "Rivera", email="rosa@family.test")
    Guardianship.objects.create(
        student=cast.student, caregiver=grandma, household=second_home, relationship="grandparent"
    )
    approve(shared_plan, cast.caregiver)
    shared_plan.refresh_from_db()
    assert shared_plan.state == S.SHARED  # Grandma's household has not approved
    approve(shared_plan, grandma)
    shared_plan.refresh_from_db()
    assert shared_plan.state == S.APPROVED and shared_plan.approved_at


def test_caregiver_without_rights_cannot_approve(shared_plan, cast):
    with pytest.raises(ValidationError):
        approve(shared_plan, cast.caregiver_no_rights)
    assert not Approval.objects.exists()


def test_portal_approval_needs_the_name_and_the_box(shared_plan, cast):
    version = services.latest_version(shared_plan)
    for name, confirmed in (("Someone Else", True), ("Carla Rivera", False), ("", True)):
        with pytest.raises(ValidationError):
            approvals.approval_give(
                plan=shared_plan,
                caregiver=cast.caregiver,
                version_number=version.number,
                typed_name=name,
                confirmed=confirmed,
                ip_address=None,
                user_agent="",
                by=cast.caregiver.user,
            )
    approval = approvals.approval_give(
        plan=shared_plan,
        caregiver=cast.caregiver,
        version_number=version.number,
        typed_name="  carla   RIVERA ",
        confirmed=True,
        ip_address="10.0.0.7",
        user_agent="Mozilla/5.0 (iPhone)",
        by=cast.caregiver.user,
    )
    assert approval.version == version and approval.ip_address == "10.0.0.7"
    assert approval.user_agent == "Mozilla/5.0 (iPhone)" and approval.method == "portal"


def test_approval_of_an_old_version_is_refused(shared_plan, cast):
    with pytest.raises(ValidationError):
        approvals.approval_give(
            plan=shared_plan,
            caregiver=cast.caregiver,
            version_number=99,
            typed_name="Carla Rivera",
            confirmed=True,
            ip_address=None,
            user_agent="",
            by=cast.caregiver.user,
        )


def test_a_later_edit_invalidates_the_approval(
    shared_plan, cast, django_capture_on_commit_callbacks
):
    approve(shared_plan, cast.caregiver)
    shared_plan.refresh_from_db()
    assert shared_plan.state == S.APPROVED
    section = shared_plan.sections.get(key="hopes_goals")
    services.section_save(
        plan=shared_plan,
        key="hopes_goals",
        body="A new goal",
        items=[],
        expected_revision=section.revision,
        by=cast.advisor,
    )
    shared_plan.refresh_from_db()
    assert shared_plan.state == S.DRAFT
    # The approval covers version 1's text, which is no longer the plan's text.
    approved_text = services.latest_version(shared_plan).content_hash
    assert services.content_hash(services.plan_content(shared_plan)) != approved_text
    make_ready(shared_plan, cast)
    version2 = services.plan_share(plan=shared_plan, by=cast.advisor)
    assert version2.number == 2
    old = Approval.objects.get()
    assert old.version.number == 1  # still there, as an approval of version 1
    assert not plan_selectors.approval_rule_met(shared_plan, version2)


def test_recorded_approval_by_text(shared_plan, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    shot = SimpleUploadedFile("text.png", b"\x89PNG\r\n\x1a\n...", content_type="image/png")
    approval = approvals.approval_record(
        plan=shared_plan,
        caregiver=cast.caregiver,
        version_number=1,
        method="text",
        approved_at=timezone.now(),
        note="Replied YES to the plan",
        attachment=shot,
        by=cast.advisor,
    )
    assert approval.recorded_by == cast.advisor and approval.attachment.name.endswith(".png")
    shared_plan.refresh_from_db()
    assert shared_plan.state == S.APPROVED


def test_recorded_approval_cannot_be_in_the_future(shared_plan, cast):
    with pytest.raises(ValidationError):
        approvals.approval_record(
            plan=shared_plan,
            caregiver=cast.caregiver,
            version_number=1,
            method="verbal",
            approved_at=timezone.now() + timedelta(days=2),
            note="",
            attachment=None,
            by=cast.advisor,
        )


def test_a_recorded_approval_may_be_dated_from_the_schools_day_of_sharing(shared_plan, cast):
    """Shared at 8 p.m. in Honolulu (6 a.m. the next day in UTC): a paper approval signed that
    evening, at the school, belongs to the day of sharing, not to 'before the version'."""
    import datetime
    import zoneinfo

    honolulu = zoneinfo.ZoneInfo("Pacific/Honolulu")
    type(cast.school).objects.filter(pk=cast.school.pk).update(time_zone="Pacific/Honolulu")
    shared = datetime.datetime(2027, 3, 12, 20, 0, tzinfo=honolulu)
    PlanVersion.objects.filter(plan=shared_plan).update(created_at=shared)
    with time_machine.travel(shared + timedelta(hours=2), tick=False):
        record = {
            "plan": shared_plan,
            "caregiver": cast.caregiver,
            "version_number": 1,
            "method": "paper",
            "note": "",
            "attachment": None,
            "by": cast.advisor,
        }
        with pytest.raises(ValidationError):  # the day before, at the school
            approvals.approval_record(
                **record, approved_at=datetime.datetime(2027, 3, 11, 23, 0, tzinfo=honolulu)
            )
        approval = approvals.approval_record(
            **record, approved_at=datetime.datetime(2027, 3, 12, 9, 0, tzinfo=honolulu)
        )
    assert approval.approved_at.astimezone(honolulu).date() == datetime.date(2027, 3, 12)


def test_revision_plan_then_share_again(shared_plan, cast):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        approvals.revision_plan_create(
            plan=shared_plan,
            changes="More math",
            owner=cast.advisor,
            due_on=today + timedelta(days=5),
            review_on=today + timedelta(days=2),
            by=cast.advisor,
        )
    revision = approvals.revision_plan_create(
        plan=shared_plan,
        changes="More math practice",
        owner=cast.advisor,
        due_on=today + timedelta(days=5),
        review_on=today + timedelta(days=7),
        by=cast.advisor,
    )
    shared_plan.refresh_from_db()
    assert shared_plan.state == S.NEEDS_REVISION
    services.plan_share(plan=shared_plan, by=cast.advisor)
    revision.refresh_from_db()
    assert revision.resolved_at is not None
    assert PlanVersion.objects.filter(plan=shared_plan).count() == 2


@pytest.mark.parametrize("start", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_transition_is_allowed_or_refused(plan, start, target):
    plan.state = start
    if target in services.ALLOWED[start]:
        services._move(plan, target)
        assert plan.state == target
    else:
        with pytest.raises(ValidationError):
            services._move(plan, target)
        assert plan.state == start


def test_workflow_services_refuse_moves_out_of_order(plan, cast):
    with pytest.raises(ValidationError):
        services.plan_share(plan=plan, by=cast.advisor)  # a draft
    with pytest.raises(ValidationError):
        services.plan_activate(plan=plan, by=cast.advisor)
    with pytest.raises(ValidationError):
        services.plan_close(plan=plan, by=cast.advisor)


def test_closed_plan_is_read_only(shared_plan, cast):
    approve(shared_plan, cast.caregiver)
    services.plan_activate(plan=shared_plan, by=cast.advisor)
    services.plan_close(plan=shared_plan, by=cast.advisor)
    with pytest.raises(ValidationError):
        services.section_save(
            plan=shared_plan,
            key="hopes_goals",
            body="x",
            items=[],
            expected_revision=99,
            by=cast.advisor,
        )


def test_daily_job_closes_plans_of_ended_terms_and_reminds_owners(
    shared_plan, cast, smtp, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    today = timezone.localdate()
    approvals.revision_plan_create(
        plan=shared_plan,
        changes="Add a reading goal",
        owner=cast.advisor,
        due_on=today + timedelta(days=1),
        review_on=today + timedelta(days=3),
        by=cast.advisor,
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("plan_daily")
    (message,) = smtp.wait_for(1)
    assert message["To"] == "alice@harbor.test" and "Sam Rivera" in message["Subject"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("plan_daily")  # reminded once only
    assert len(smtp.messages) == 1
