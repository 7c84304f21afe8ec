"""Advisors' onboarding, the inbox and the public PLP page in Chromium: axe finds nothing, a
375 px phone never scrolls sideways, and ticking a task swaps the checklist in place (htmx)."""

import pytest
from playwright.sync_api import expect

from tandem.onboarding.services import suggestion_send

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser

PAGES = [
    ("advisor", "/advisor/expectations/"),
    ("advisor", "/advisor/suggestions/"),
    ("advisor", "/advisor/suggestions/{suggestion}/"),
    ("coordinator", "/coordinator/onboarding/"),
    ("coordinator", "/coordinator/onboarding/edit/"),
    ("coordinator", "/coordinator/suggestions/"),
    ("coordinator", "/coordinator/suggestions/{suggestion}/"),
    ("coordinator", "/coordinator/public-page/"),
    (None, "/s/{school}/"),
]


@pytest.mark.parametrize(("who", "path"), PAGES, ids=[p for _w, p in PAGES])
def test_fits_a_phone_with_no_axe_violations(visitor, cast, who, path):
    suggestion = suggestion_send(
        author=cast.advisor, school=cast.school, kind="concern", subject="Too long", text="Yes."
    )
    page = visitor.page(user=getattr(cast, who) if who else None, phone=True)
    path = path.format(suggestion=suggestion.pk, school=cast.school.pk)
    visit(page, path)
    assert page_width(page) <= 375, f"{path} scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"axe found problems on {path}:\n{describe(violations)}"


def test_the_advisor_ticks_a_task_and_acknowledges(visitor, cast):
    page = visitor.page(user=cast.advisor, phone=True)
    visit(page, "/advisor/")
    page.get_by_role("link", name="Read the expectations").click()
    first = page.locator("#checklist li").first
    first.get_by_role("button", name="Done").click()
    expect(page.locator("#checklist")).to_contain_text("1 of 5 done")
    expect(first.get_by_role("button", name="not done")).to_be_visible()
    page.get_by_role("button", name="I have read these expectations and acknowledge them").click()
    expect(page.locator("main")).to_contain_text("You acknowledged version 1")
    visit(page, "/advisor/")
    expect(page.get_by_role("link", name="Read the expectations")).to_have_count(0)
