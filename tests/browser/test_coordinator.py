"""The coordinator moves a whole advisory to another advisor, and the advisor searches live."""

import pytest
from playwright.sync_api import expect

from tandem.advisories.models import Advisory
from tests.personas import make_student

from .support import visit

pytestmark = pytest.mark.browser


def test_coordinator_selects_a_page_and_moves_it(visitor, cast):
    for n in range(3):
        student = make_student(cast.school, f"Kai{n}", "Moana", grade=8, local_id=f"M-{n}")
        Advisory.objects.create(student=student, advisor=cast.advisor, year=cast.year)
    page = visitor.page(user=cast.coordinator)
    visit(page, f"/coordinator/?advisor={cast.advisor.pk}")
    expect(page.get_by_text("4 students", exact=True)).to_be_visible()

    page.get_by_label("Select every student on this page").check()
    page.get_by_label("Advisor", exact=True).last.select_option(label="Bob Advisor")
    page.get_by_role("button", name="Move selected students").click()

    expect(page.get_by_text("4 students moved to Bob Advisor.")).to_be_visible()
    current = Advisory.objects.current()
    assert current.filter(advisor=cast.other_advisor).count() == 5
    assert not current.filter(advisor=cast.advisor).exists()
    assert Advisory.objects.filter(ended_at__isnull=False).count() == 4  # history kept


def test_advisor_search_updates_as_they_type(visitor, cast):
    make_student(cast.school, "Nia", "Okafor", grade=8, local_id="S-300")
    Advisory.objects.create(
        student=cast.school.students.get(local_id="S-300"), advisor=cast.advisor, year=cast.year
    )
    page = visitor.page(user=cast.advisor)
    visit(page, "/advisor/")
    results = page.locator("#results")  # the home also lists what is due, by student
    expect(results.get_by_role("link", name="Nia Okafor")).to_be_visible()
    page.get_by_label("Search by name or student ID").fill("sam")
    expect(results.get_by_role("link", name="Nia Okafor")).to_have_count(0)
    expect(results.get_by_role("link", name="Sam Rivera")).to_be_visible()
    expect(page).to_have_url(visitor.base_url + "/advisor/?q=sam")
