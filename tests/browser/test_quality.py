"""Plan quality on a 375 px phone: the coordinator draws the term's sample, reviews a plan with
its text beside the rubric, and reads the overview (chart and table); the advisor reads the
feedback. No page scrolls sideways; axe finds nothing."""

import pytest
from playwright.sync_api import expect

from tandem.quality import services
from tests.core.test_access_matrix import shared_plan_of

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def check(page, where: str):
    assert page_width(page) <= 375, f"{where} scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def test_a_review_from_the_sample_to_the_advisors_feedback(visitor, cast):
    plan = shared_plan_of(cast)
    rubric = services.rubric_for(cast.school)
    page = visitor.page(user=cast.coordinator, phone=True)

    visit(page, f"/coordinator/quality/terms/{plan.term.pk}/")
    check(page, "the sample page before drawing")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_text("The sample is drawn.")).to_be_visible()
    check(page, "the sample page")
    page.get_by_role("link", name="Not reviewed yet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan quality review: Sam Rivera")
    check(page, "the review page")
    for criterion in rubric.criteria.all():
        page.get_by_role("group", name=criterion.name).get_by_label("3 · Proficient").check()
    page.get_by_label("Feedback to the advisor").fill("Give each step a date.")
    page.get_by_role("button", name="Submit the review").click()
    expect(page.get_by_text("Submitted: the advisor can read it now.")).to_be_visible()

    visit(page, "/coordinator/quality/")
    expect(page.get_by_role("img")).to_have_attribute(
        "alt", "Average level by criterion over terms; the table below has the numbers."
    )
    check(page, "the quality overview")
    visit(page, "/coordinator/quality/rubric/")
    check(page, "the rubric")

    advisor = visitor.page(user=cast.advisor, phone=True)
    visit(advisor, "/advisor/quality/feedback/")
    advisor.get_by_role("link", name="Sam Rivera").click()
    expect(advisor.get_by_text("Give each step a date.")).to_be_visible()
    check(advisor, "the advisor's feedback")
