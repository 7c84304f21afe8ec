"""An advisor on a 375 px phone logs a call with a family, a check-in and a quarterly meeting;
axe finds nothing on each page, and nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from tandem.outreach.models import CheckIn, ContactLog, QuarterlyMeeting

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def check(page, where: str, *, phone: bool = True):
    if phone:
        assert page_width(page) <= 375, f"{where} scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def test_advisor_logs_a_call_a_checkin_and_a_meeting_on_a_phone(visitor, cast):
    phone = visitor.page(user=cast.advisor, phone=True)

    # What's due: Sam needs a check-in; one tap logs it.
    visit(phone, "/advisor/due/")
    expect(phone.get_by_role("heading", name="What's due")).to_be_visible()
    check(phone, "the due list")
    phone.get_by_role("button", name="Checked in with Sam Rivera").click()
    expect(phone.get_by_text("Checked in with Sam Rivera today.")).to_be_visible()
    assert CheckIn.objects.filter(student=cast.student, advisor=cast.advisor).count() == 1

    # A call with Sam's mother, from his outreach page.
    visit(phone, f"/students/{cast.student.pk}/outreach/")
    check(phone, "the student's outreach page")
    phone.get_by_role("button", name="Log a contact").click()
    check(phone, "the contact form")
    phone.get_by_label("Caregiver").select_option(label="Carla Rivera")
    phone.get_by_label("How").select_option(label="Phone call")
    phone.get_by_label("Outcome").select_option(label="Reached")
    phone.get_by_label("Note").fill("Talked about Sam's robotics goal")
    phone.get_by_role("button", name="Save the contact").click()
    expect(phone.get_by_text("Contact with Carla Rivera logged.")).to_be_visible()
    expect(phone.get_by_text("Talked about Sam's robotics goal")).to_be_visible()
    entry = ContactLog.objects.get(student=cast.student)
    assert (entry.method, entry.outcome, entry.by) == ("call", "reached", cast.advisor)

    # The quarterly meeting, by keyboard-friendly form on the phone.
    phone.get_by_role("button", name="Log a quarterly meeting").click()
    check(phone, "the meeting form")
    phone.get_by_label("Progress").fill("Finished the reading goal")
    phone.get_by_label("Follow-ups").fill("Ask the coordinator about a mentor")
    phone.get_by_role("button", name="Save the meeting").click()
    expect(phone.get_by_text("Meeting with Sam Rivera logged")).to_be_visible()
    meeting = QuarterlyMeeting.objects.get(student=cast.student)
    assert meeting.progress == "Finished the reading goal"
    check(phone, "the outreach page after logging")


def test_referral_form_and_page_are_accessible(visitor, cast):
    page = visitor.page(user=cast.advisor)
    visit(page, f"/students/{cast.student.pk}/referrals/new/")
    check(page, "the referral form", phone=False)
    page.get_by_label("Student support team").check()
    page.get_by_label("Concern").select_option(label="Academic")
    page.get_by_label("What you saw").fill("Missed three assignments")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_text("Referral sent. The team has been notified.")).to_be_visible()
    check(page, "the referral page", phone=False)
