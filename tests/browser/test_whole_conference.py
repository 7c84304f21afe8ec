"""A whole conference in Chromium, as the advisor runs it from one screen: who is here, every
agenda item opened and checked off, one PLP section revised in the room, the new version shared
and approved on the advisor's device by both caregivers, the meeting finished as held, the record
written and finalized, and its PDF downloaded: the revision and both approvals are in its text."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.conferences.models import Status
from tandem.plans.models import Approval, PlanState
from tests.evidence.builders import evidence_for
from tests.meetings.conftest import begun, book_for, shared_plan_for
from tests.personas import PASSWORD

from .support import axe_violations, describe, visit

pytestmark = pytest.mark.browser

REVISED = "Read two novels this term and write a review of each."


def no_violations(page, where: str):
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def pdf_text(path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_whole_conference(visitor, cast):
    evidence_for(cast)
    ned = cast.caregiver_no_rights  # a court order restored his rights: two caregivers approve
    ned.guardianships.update(has_educational_rights=True)
    plan = shared_plan_for(cast, term="Winter")  # the new plan the Fall conference reviews
    # It began ten minutes ago: a meeting is finished (held) only once it has started.
    conference = begun(book_for(cast.caregiver, cast.year.terms.get(name="Fall")))

    page = visitor.page(user=cast.advisor)
    visit(page, "/advisor/conferences/")
    page.get_by_role("link", name="Sam Rivera").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conference with Sam Rivera")

    # Who is here.
    for name in ("Carla Rivera", "Ned Rivera", "Sam Rivera", "Alice Advisor"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("All invited caregivers are present.")).to_be_visible()

    # Every agenda item: open it, see its evidence, check it off with a note.
    items = page.locator("li.agenda-item")
    total = items.count()
    ids = [items.nth(n).get_attribute("id") for n in range(total)]
    titles = [items.nth(n).locator(".item-title").inner_text() for n in range(total)]
    assert "Review the credit report from the previous term" in titles
    assert any("IEP" in title for title in titles)  # Sam has an IEP and Alice may see it
    for item_id, title in zip(ids, titles, strict=True):
        item = page.locator(f"#{item_id}")
        if item.locator("> details").get_attribute("open") is None:
            item.locator("> details > summary").click()
        item.get_by_label(f"Covered: {title}").check()
        item.get_by_label("Notes").fill(f"Talked through: {title[:40]}")
        item.get_by_role("button", name="Save this item").click()
        expect(item.get_by_role("status")).to_have_text("Saved.")
        expect(item.locator(".item-status")).to_contain_text("Covered")
    page.reload()
    expect(page.get_by_text(f"{total} of {total} items covered.")).to_be_visible()
    no_violations(page, "the meeting page with every item covered")

    # Live revision of one section, then the in-room path to approval.
    page.get_by_text("Present the new PLP draft for review", exact=True).click()
    page.get_by_label("My hopes and goals", exact=True).fill(REVISED)
    expect(page.locator("#save-status-hopes_goals")).to_contain_text("Saved.")  # by itself
    page.get_by_role("button", name="Done revising: go to approval").click()
    page.get_by_label("I, Sam Rivera, have read this plan and agree it is ready.").check()
    page.get_by_role("button", name="Mark ready (student)").click()
    page.get_by_role("button", name="Share the new version").click()
    expect(page.get_by_text("Version 2 is shared.")).to_be_visible()

    # Both caregivers approve on the advisor's device, signing as in the portal.
    page.get_by_role("button", name="Hand over the device to approve").click()
    for caregiver in (cast.caregiver, ned):
        expect(page.get_by_text(REVISED)).to_be_visible()
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
    assert Approval.objects.filter(plan=plan, version__number=2).count() == 2

    # The meeting ends: held, and it counts toward the yearly minimum.
    page.get_by_role("button", name="Finish the meeting").click()
    page.get_by_role("button", name="Finish: the meeting was held").click()
    expect(page.get_by_text("The meeting is finished and recorded as held.")).to_be_visible()
    conference.refresh_from_db()
    assert conference.status == Status.HELD

    # The record, following the school's form, then finalized.
    page.get_by_role("link", name="Meeting record", exact=True).click()
    page.get_by_label("Areas for growth").fill("Lab conclusions and reading stamina.")
    page.get_by_label("What the family will do").fill("Read together on Sunday evenings.")
    page.locator("#id_steps-0-what").fill("Bring a lab report to office hours")
    page.locator("#id_steps-0-owner_name").fill("Sam")
    page.locator("#id_steps-0-due_on").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Save and finalize…").click()
    page.get_by_role("button", name="Finalize and send to the family").click()
    expect(page.get_by_text("It can no longer be changed.")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the PDF").click()
    text = pdf_text(download.value.path())
    assert REVISED in text, "the revision made in the meeting is in the record"
    for caregiver in (cast.caregiver, ned):
        assert caregiver.full_name in text, f"{caregiver.full_name}'s approval is in the record"
    assert "Signed in the meeting" in text
    assert "Bring a lab report to office hours" in text
