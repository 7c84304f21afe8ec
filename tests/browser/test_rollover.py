"""Rollover in Chromium: the preview fits a 375 px phone with no axe violations, and the
coordinator unticks a student, confirms, and reads what was made."""

import pytest
from playwright.sync_api import expect

from tandem.advisories.models import Advisory
from tandem.conferences.services import window_for_term

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def test_the_preview_fits_a_phone_with_no_axe_violations(visitor, cast):
    window_for_term(term=cast.year.terms.get(name="Fall"))
    page = visitor.page(user=cast.coordinator, phone=True)
    visit(page, "/coordinator/rollover/")
    expect(page.locator("main")).to_contain_text("Carried forward, same advisor")
    assert page_width(page) <= 375, "the rollover page scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"axe found problems:\n{describe(violations)}"


def test_the_coordinator_unticks_a_student_and_confirms(visitor, cast):
    page = visitor.page(user=cast.coordinator)
    visit(page, "/coordinator/")
    page.get_by_role("link", name="The next school year").click()
    # Olive (grade 11) is the highest grade here: graduating, not ticked. Sam is carried.
    page.get_by_label("Sam Rivera continues next year").uncheck()
    page.get_by_label("Olive Chen continues next year").check()
    page.get_by_role("button", name="Confirm the next year").click()
    expect(page.locator("main")).to_contain_text("Advisories carried forward: 1. Plans opened: 1.")
    carried = Advisory.objects.filter(year__starts_on__gt=cast.year.starts_on)
    assert [a.student for a in carried] == [cast.other_student]
    expect(page.locator("main")).to_contain_text("exists already")
