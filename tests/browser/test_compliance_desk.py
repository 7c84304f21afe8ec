"""The coordinator's compliance desk in Chromium on a phone: from "2 first contacts overdue" to
the list, select all, nudge, confirm; each advisor (or case manager) gets one message and the
next morning's digest carries it. The table scrolls inside its own box, the page never sideways;
axe finds nothing."""

import pytest
from playwright.sync_api import expect

from tandem.outreach.digest import send_digests
from tests.smtp import Inbox

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def check(page, path):
    assert page_width(page) <= 375, f"{path} scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"axe found problems on {path}:\n{describe(violations)}"


def test_from_the_overdue_count_to_a_nudge(visitor, cast, smtp):
    # Harbor High's year began 90 days ago; nobody has reached Sam's or Olive's family.
    page = visitor.page(user=cast.coordinator, phone=True)
    visit(page, "/coordinator/desk/")
    check(page, "/coordinator/desk/")
    page.get_by_role("link", name="2 first contacts overdue").click()
    expect(page.locator("#list-count")).to_contain_text("2 students")
    check(page, "the list")
    page.get_by_label("Select all 2 students in this list").check()
    page.get_by_role("button", name="Nudge the selected").click()
    expect(page.locator("h1")).to_have_text("Send this nudge?")
    expect(page.locator("main")).to_contain_text("To Bob Advisor")
    expect(page.locator("main")).to_contain_text("To Casey Manager")  # Sam's case manager
    check(page, "the confirmation")
    page.get_by_role("button", name="Send the nudge").click()
    expect(page.locator("main")).to_contain_text("Nudge sent: 2 staff messages")
    smtp.wait_for(2)
    assert sorted(m["To"] for m in smtp.messages) == ["bob@harbor.test", "casey@harbor.test"]
    assert "Olive Chen: First contact: Overdue" in Inbox.text_of(smtp.to("bob@harbor.test")[0])

    send_digests(hour=0)
    smtp.wait_for(5)
    digest = smtp.to("bob@harbor.test")[-1]
    assert "Your coordinator nudged you about 1 item" in Inbox.text_of(digest)
