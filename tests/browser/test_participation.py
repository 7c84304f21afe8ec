"""The coordinator reads participation on a 375 px phone: the charts are pictures with their
numbers in words and a table beside them, the page does not scroll sideways, axe finds nothing,
and a rate's numerator opens the students it counts."""

import pytest
from playwright.sync_api import expect

from tandem.schools.models import AcademicYear
from tests.participation.test_participation import Town
from tests.personas import make_school

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def no_violations(page, where: str):
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def test_coordinator_reads_participation_on_a_phone(visitor, transactional_db):
    school, _year = make_school("Town High")
    AcademicYear.objects.filter(school=school).delete()
    town = Town(school)
    page = visitor.page(user=town.coordinator, phone=True)
    visit(page, f"/coordinator/participation/?term={town.fall.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Participation in family review conferences"
    )
    charts = page.get_by_role("img")
    expect(charts).to_have_count(6)
    assert "target at 90 %" in charts.first.get_attribute("alt")
    table = page.locator("#rates-table")
    expect(table).to_contain_text("Target: 90 %.")
    assert page_width(page) <= 375, "the participation page scrolls sideways on a phone"
    no_violations(page, "the participation page (phone)")

    # Fall 2026: 3 of 5 invited students were held; the 3 opens them.
    fall = table.locator("tr.desk-total")
    expect(fall.locator(".rate").first).to_have_text("60 %")
    fall.locator("a.numerator").first.click()
    expect(page.locator("#list-count")).to_have_text("3 students, Fall 2026–2027.")
    students = page.locator("#students-table")
    for name in ("Ann Town", "Cal Town", "Dee Town"):
        expect(students.get_by_role("link", name=name)).to_be_visible()
    assert page_width(page) <= 375, "the students list scrolls sideways on a phone"
    no_violations(page, "the participation students list (phone)")

    # The school sets its own target.
    visit(page, f"/coordinator/participation/?term={town.fall.pk}")
    page.get_by_label("Target (percent)").fill("80")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_text("The target is now 80 %.")).to_be_visible()
