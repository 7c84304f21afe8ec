"""The meeting page on a phone (375 px): the advisor opens an agenda item, checks it off with a
note (htmx), and the page is axe clean with every item open; the caregiver's read-only view too."""

import pytest
from playwright.sync_api import expect

from tests.evidence.builders import evidence_for
from tests.meetings.conftest import begun, book_for
from tests.personas import PASSWORD

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def no_violations(page, where: str):
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def open_every_item(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def test_meeting_page_on_a_phone(visitor, cast):
    evidence_for(cast)
    conference = book_for(cast.caregiver, cast.year.terms.get(name="Fall"))
    url = f"/meetings/{conference.pk}/"

    phone = visitor.page(user=cast.advisor, phone=True)
    visit(phone, url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Conference with Sam Rivera")
    phone.get_by_text("Review the credit report from the previous term", exact=True).click()
    item = phone.locator("li.agenda-item", has_text="Review the credit report")
    expect(item.get_by_text("What the plan targeted this term")).to_be_visible()
    item.get_by_label("Covered: Review the credit report from the previous term").check()
    item.get_by_label("Notes").fill("Two competencies mastered.")
    item.get_by_role("button", name="Save this item").click()
    expect(item.get_by_role("status")).to_have_text("Saved.")
    expect(item.locator(".item-status")).to_contain_text("Covered")
    assert page_width(phone) <= 375
    no_violations(phone, "the meeting page (advisor, phone, items closed)")
    open_every_item(phone)
    assert page_width(phone) <= 375
    no_violations(phone, "the meeting page (advisor, phone, every item open)")

    family = visitor.page(user=cast.caregiver.user, phone=True)
    visit(family, url)
    expect(family.get_by_text("You are following the meeting.")).to_be_visible()
    open_every_item(family)
    expect(family.get_by_text("Two competencies mastered.")).to_be_visible()
    assert page_width(family) <= 375
    no_violations(family, "the meeting page (caregiver, phone)")


def test_revise_and_approve_in_the_room(visitor, cast):
    """The click path of the live revision and the approvals on the advisor's device."""
    from tandem.plans.models import Approval, PlanState
    from tests.meetings.conftest import shared_plan_for

    cast.caregiver_no_rights.guardianships.update(has_educational_rights=True)  # Ned
    plan = shared_plan_for(cast)
    conference = begun(book_for(cast.caregiver, cast.year.terms.get(name="Fall")))
    page = visitor.page(user=cast.advisor)
    visit(page, f"/meetings/{conference.pk}/")

    for name in ("Carla Rivera", "Ned Rivera", "Sam Rivera", "Alice Advisor"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("All invited caregivers are present.")).to_be_visible()

    page.get_by_text("Present the new PLP draft for review", exact=True).click()
    page.get_by_label("My hopes and goals", exact=True).fill("Read two novels this term.")
    expect(page.locator("#save-status-hopes_goals")).to_contain_text("Saved.")  # by itself
    page.get_by_role("button", name="Done revising: go to approval").click()

    page.get_by_label("I, Sam Rivera, have read this plan and agree it is ready.").check()
    page.get_by_role("button", name="Mark ready (student)").click()
    expect(page.get_by_text("The plan is ready. Share it with the family next.")).to_be_visible()
    page.get_by_role("button", name="Share the new version").click()
    expect(page.get_by_text("Version 2 is shared.")).to_be_visible()
    page.get_by_role("button", name="Hand over the device to approve").click()
    no_violations(page, "the approval on the device")

    for caregiver in (cast.caregiver, cast.caregiver_no_rights):
        expect(page.get_by_text("Read two novels this term.")).to_be_visible()
        page.get_by_label("Who is approving").select_option(label=caregiver.full_name)
        page.get_by_label("Type your full name").fill(caregiver.full_name)
        page.get_by_label("I have read this plan and I approve it.").check()
        page.get_by_role("button", name="Approve the plan").click()
        expect(page.get_by_text(f"Thank you, {caregiver.full_name}.")).to_be_visible()
    expect(page.get_by_text("The plan is approved.").first).to_be_visible()
    # The device goes back to the advisor with her password (the hand-over shows nothing else).
    page.get_by_role("button", name="Give the device back to the advisor").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Return to the meeting").click()
    expect(page.get_by_text("The device is back with you.")).to_be_visible()
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    assert set(Approval.objects.values_list("method", flat=True)) == {"meeting"}

    page.get_by_role("button", name="Finish the meeting").click()
    no_violations(page, "finishing the meeting")
    page.get_by_role("button", name="Finish: the meeting was held").click()
    expect(page.get_by_text("The meeting is finished and recorded as held.")).to_be_visible()
    expect(page.get_by_text("Yearly minimum met.")).to_be_visible()
