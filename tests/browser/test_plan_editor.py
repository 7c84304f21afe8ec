"""The plan editor in Chromium: typing saves by itself, "Mark ready" keeps every section's text,
the page warns before it is left with unsaved words, and the state on the open page follows
the edits without a reload."""

import pytest
from playwright.sync_api import expect

from tandem.plans import services
from tandem.plans.models import Competency, Plan, PlanState
from tests.plans.conftest import make_ready

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(cast):
    Competency.objects.create(school=cast.school, code="ELA-1", statement="Reads closely")
    Competency.objects.create(school=cast.school, code="MATH-2", statement="Models with equations")
    return services.plan_create(
        student=cast.student, term=cast.year.terms.get(name="Fall"), kind="term", by=cast.advisor
    )


def state_of(page, key):
    return page.locator(f"#save-status-{key} .save-state")


def test_two_sections_typed_one_saved_then_mark_ready_keeps_both(visitor, cast, plan):
    page = visitor.page(user=cast.student.user, phone=True)
    visit(page, f"/plans/{plan.pk}/")
    page.get_by_label("My hopes and goals", exact=True).fill("Build a robot")
    page.get_by_label("How I learn best", exact=True).fill("Hands-on")
    page.get_by_label("ELA-1").check()
    page.get_by_label("What (new step)").first.fill("Robotics club")
    for key in ("hopes_goals", "learn_best", "competencies", "action_steps"):
        expect(state_of(page, key)).to_contain_text("Saved.")
    # The status and "still to write" follow without a reload.
    expect(page.locator("#plan-workflow")).not_to_contain_text("Still to write")

    # Two more sections typed; the first is saved, the second is not yet when Mark ready is
    # clicked (the autosave waits a second after the last keystroke).
    page.get_by_label("Supports and accommodations", exact=True).fill("Extra time")
    expect(state_of(page, "supports")).to_contain_text("Saved.")
    page.get_by_label("Long-term goals", exact=True).press_sequentially("Engineer")
    expect(state_of(page, "long_term")).to_contain_text("Not saved yet")
    page.get_by_role("button", name="Mark ready").click()
    expect(page.get_by_text("Marked ready.")).to_be_visible()

    saved = {s.key: s for s in Plan.objects.get(pk=plan.pk).sections.all()}
    assert saved["supports"].body == "Extra time"
    assert saved["long_term"].body == "Engineer"
    assert saved["hopes_goals"].body == "Build a robot"
    assert Plan.objects.get(pk=plan.pk).student_ready_at is not None
    expect(page.get_by_label("Long-term goals", exact=True)).to_have_value("Engineer")
    assert page_width(page) <= 375, "the editor scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_leaving_with_unsaved_words_asks_first(visitor, cast, plan):
    page = visitor.page(user=cast.advisor)
    visit(page, f"/plans/{plan.pk}/")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.get_by_label("My hopes and goals", exact=True).press_sequentially("Half a thou")
    page.get_by_role("link", name="Plans", exact=True).click()
    expect(page.get_by_label("My hopes and goals", exact=True)).to_have_value("Half a thou")
    assert asked == ["beforeunload"]
    assert page.url.endswith(f"/plans/{plan.pk}/")

    # Once saved, leaving asks nothing.
    expect(state_of(page, "hopes_goals")).to_contain_text("Saved.")
    page.get_by_role("link", name="Plans", exact=True).click()
    expect(page).to_have_url(f"{visitor.base_url}/students/{cast.student.pk}/plans/")
    assert asked == ["beforeunload"]


def test_an_edit_returns_the_open_page_to_draft(visitor, cast, plan, settings):
    make_ready(plan, cast)
    services.plan_share(plan=plan, by=cast.advisor, notify=False)
    page = visitor.page(user=cast.advisor)
    visit(page, f"/plans/{plan.pk}/")
    expect(page.locator("#plan-state")).to_have_text("Shared with family")
    expect(page.get_by_role("button", name="Record an approval")).to_be_visible()

    page.get_by_label("Supports and accommodations", exact=True).fill("A quiet room")
    expect(state_of(page, "supports")).to_contain_text("Saved.")
    expect(page.locator("#plan-state")).to_have_text("Draft")
    expect(page.get_by_role("button", name="Record an approval")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark ready")).to_be_visible()
    assert Plan.objects.get(pk=plan.pk).state == PlanState.DRAFT


def test_a_conflict_waits_for_the_merge(visitor, cast, plan):
    page = visitor.page(user=cast.student.user)
    visit(page, f"/plans/{plan.pk}/")
    services.section_save(  # Alice saves the same section while Sam has the page open
        plan=plan,
        key="supports",
        body="Alice's words",
        items=[],
        expected_revision=0,
        by=cast.advisor,
    )
    page.get_by_label("Supports and accommodations", exact=True).fill("Sam's words")
    conflict = page.locator("#save-status-supports [role=alert]")
    expect(conflict).to_contain_text("Alice's words")
    expect(conflict).to_contain_text("Sam's words")
    # Typing on does not overwrite Alice: the section waits for "Save the merged text".
    page.get_by_label("Supports and accommodations", exact=True).fill("Alice's and Sam's words")
    page.wait_for_timeout(1500)
    assert plan.sections.get(key="supports").body == "Alice's words"
    page.get_by_role("button", name="Save the merged text").click()
    expect(state_of(page, "supports")).to_contain_text("Saved.")
    assert plan.sections.get(key="supports").body == "Alice's and Sam's words"
