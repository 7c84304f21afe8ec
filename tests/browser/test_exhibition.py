"""An exhibition on a 375 px phone: a community panelist opens the link e-mailed to them (no
account) and scores Sam's presentation; Bob, a second rater, does not see Pat's scores until he
submits his own; Alice, Sam's advisor, finalises the results; Sam's credit report shows the new
competency ratings and the panel's notes. No page scrolls sideways; axe finds nothing."""

import re

import pytest
from playwright.sync_api import expect

from tests.exhibitions.stage import build_stage

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def check(page, where: str):
    assert page_width(page) <= 375, f"{where} scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def score(page, levels: dict[str, str]):
    for criterion, level in levels.items():
        page.get_by_role("group", name=criterion).get_by_label(level).check()


def test_a_panel_from_the_emailed_link_to_the_credit_report(visitor, cast, smtp, site):
    stage = build_stage(cast)
    (invitation,) = smtp.to("pat@community.test")
    link = re.search(r"http\S+/panel/\S+/", smtp.text_of(invitation)).group(0)
    assert link.startswith(site)

    pat = visitor.page(phone=True)  # no account, no session: the link is all Pat has
    visit(pat, link.removeprefix(site))
    expect(pat.get_by_role("heading", level=1)).to_have_text("Your panel at Senior Exhibition")
    check(pat, "the panelist's panels")
    pat.get_by_role("link", name="Sam R.").click()
    expect(pat.get_by_role("heading", level=1)).to_have_text("Score Sam R.'s presentation")
    expect(pat.get_by_role("link", name="Essay on tides")).to_be_visible()
    check(pat, "the panelist's score sheet")
    score(pat, {"Presents clearly": "3 Proficient", "Uses evidence": "4 Exemplary"})
    pat.get_by_label("Notes and feedback for the student").fill("Pat: a clear, calm argument.")
    pat.once("dialog", lambda dialog: dialog.accept())
    pat.get_by_role("button", name="Submit my scores").click()
    expect(pat.get_by_text("Your scores are submitted.")).to_be_visible()
    expect(pat.get_by_role("table")).to_contain_text("Pat Panel")
    check(pat, "the panelist's results after submitting")

    bob = visitor.page(user=cast.other_advisor, phone=True)
    visit(bob, "/exhibitions/panels/")
    check(bob, "a staff rater's panels")
    bob.get_by_role("link", name="Sam R.").click()
    expect(bob.get_by_text("Pat Panel")).to_have_count(0)
    expect(bob.get_by_text("Pat: a clear, calm argument.")).to_have_count(0)
    check(bob, "the staff rater's score sheet")
    score(bob, {"Presents clearly": "2 Developing", "Uses evidence": "3 Proficient"})
    bob.get_by_role("button", name="Save for now").click()
    expect(bob.get_by_text("Your scores are saved.")).to_be_visible()
    expect(bob.get_by_text("Pat Panel")).to_have_count(0)  # saved is not submitted
    bob.once("dialog", lambda dialog: dialog.accept())
    bob.get_by_role("button", name="Submit my scores").click()
    expect(bob.get_by_text("Your scores are submitted.")).to_be_visible()
    expect(bob.get_by_role("table")).to_contain_text("Pat Panel")
    expect(bob.get_by_text("Pat: a clear, calm argument.")).to_be_visible()

    alice = visitor.page(user=cast.advisor, phone=True)
    visit(alice, f"/exhibitions/presentations/{stage.presentation.pk}/results/")
    expect(alice.get_by_role("table").first).to_contain_text("2.5")  # median of 2 and 3
    check(alice, "the advisor's results page")
    alice.get_by_label("Your note on the panel's feedback (optional)").fill("Sam grew a lot.")
    alice.once("dialog", lambda dialog: dialog.accept())
    alice.get_by_role("button", name="Finalize the results").click()
    expect(alice.get_by_text("The results are final")).to_be_visible()
    check(alice, "the finalised results")

    sam = visitor.page(user=cast.student.user, phone=True)
    visit(sam, f"/students/{cast.student.pk}/credit-report/")
    # A student reads the report in plain words, without codes: Proficient (3.5 → 3) is mastered,
    # Developing (2.5 → 2) in progress.
    mastered = sam.get_by_role("heading", name="Mastered").locator("xpath=following-sibling::ul[1]")
    expect(mastered).to_contain_text("Thinks critically from evidence")
    in_progress = sam.get_by_role("heading", name="In progress").locator(
        "xpath=following-sibling::ul[1]"
    )
    expect(in_progress).to_contain_text("Communicates ideas clearly")
    expect(sam.get_by_text("Pat: a clear, calm argument.")).to_be_visible()
    expect(sam.get_by_text("Pat Panel — Senior Exhibition")).to_be_visible()
    check(sam, "Sam's credit report")
    visit(sam, f"/students/{cast.student.pk}/exhibitions/")
    check(sam, "Sam's exhibitions")
