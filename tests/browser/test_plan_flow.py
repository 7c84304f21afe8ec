"""A plan from draft to approval in the browser: the student and the advisor write and mark it
ready, the advisor shares it, a caregiver on a phone comments and approves. axe checks each page."""

import re

import pytest
from playwright.sync_api import expect

from tandem.plans.models import Approval, Competency, Plan, PlanState
from tests.smtp import Inbox

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def no_violations(page, where: str):
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def save_section(page, title: str):
    """The section saves itself a second after the typing stops."""
    expect(page.locator(f"section:has(h3:has-text('{title}')) .save-state")).to_contain_text(
        "Saved."
    )


def test_plan_from_draft_to_family_approval(visitor, cast, smtp):
    Competency.objects.create(
        school=cast.school, code="ELA-1", statement="Reads closely to find evidence"
    )
    # The advisor starts the plan from Sam's page.
    advisor = visitor.page(user=cast.advisor)
    visit(advisor, f"/students/{cast.student.pk}/plans/")
    advisor.get_by_label("Term").select_option(label="Fall")
    advisor.get_by_role("button", name="Start the plan").click()
    expect(advisor.get_by_role("heading", name="Sam Rivera's learning plan")).to_be_visible()
    plan = Plan.objects.get(student=cast.student)
    no_violations(advisor, "the advisor's plan page")

    # Sam writes his part.
    student = visitor.page(user=cast.student.user)
    visit(student, f"/plans/{plan.pk}/")
    student.get_by_label("My hopes and goals", exact=True).fill("Build a robot that sorts trash")
    save_section(student, "My hopes and goals")
    student.get_by_label("How I learn best", exact=True).fill("Hands-on, with music on")
    save_section(student, "How I learn best")
    student.get_by_label(re.compile("ELA-1")).check()
    save_section(student, "Competencies I am targeting this term")
    student.get_by_label("What (new step)").first.fill("Robotics club on Tuesdays")
    save_section(student, "Action steps")
    student.reload()
    student.get_by_role("button", name="Mark ready").click()
    expect(student.get_by_text("Marked ready.")).to_be_visible()

    # The advisor marks it ready and shares it.
    visit(advisor, f"/plans/{plan.pk}/")
    expect(advisor.get_by_text("Build a robot that sorts trash")).to_be_visible()
    advisor.get_by_role("button", name="Mark ready").click()
    advisor.get_by_role("button", name="Share with the family").click()
    expect(advisor.get_by_text("carla@family.test")).to_be_visible()
    no_violations(advisor, "the share confirmation")
    advisor.get_by_role("button", name="Share now").click()
    expect(advisor.get_by_text("Version 1 is shared with the family.")).to_be_visible()

    # Carla gets the e-mail and opens the link on her phone.
    (message,) = smtp.wait_for(1)
    link = re.search(r"https?://\S+/signin/link/open/\S+", Inbox.text_of(message)).group(0)
    phone = visitor.page(phone=True)
    phone.goto(link)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
    expect(phone.get_by_text("Build a robot that sorts trash")).to_be_visible()
    assert page_width(phone) <= 375, "the plan page scrolls sideways on a phone"
    no_violations(phone, "the family's plan page on a phone")

    phone.get_by_label(re.compile("Are your hopes for your student reflected here")).fill(
        "Yes. Please add more reading at home."
    )
    phone.get_by_role("button", name="Send to the advisor").click()
    expect(phone.get_by_text("Thank you. The advisor will see your comments.")).to_be_visible()

    phone.get_by_label("Type your full name").fill("Carla Rivera")
    phone.get_by_label("I have read this plan and I approve it.").check()
    phone.get_by_role("button", name="Approve the plan").click()
    expect(phone.get_by_text("Thank you. Your approval is recorded.")).to_be_visible()

    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    approval = Approval.objects.get()
    assert approval.typed_name == "Carla Rivera" and approval.version.number == 1
    assert "Mobile" in approval.user_agent or approval.user_agent

    visit(advisor, f"/plans/{plan.pk}/")
    expect(advisor.get_by_text("Please add more reading at home.")).to_be_visible()
    no_violations(advisor, "the approved plan, as the advisor")
    visit(advisor, "/advisor/plans/")
    no_violations(advisor, "the advisor's plan list")
    coordinator = visitor.page(user=cast.coordinator)
    visit(coordinator, "/coordinator/plans/")
    no_violations(coordinator, "the coordinator's plan list")
