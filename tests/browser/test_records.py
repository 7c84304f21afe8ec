"""The student-led conference in Chromium: Sam presents on a 375 px phone and by keyboard; his
preparation page, the advisor's record page and the family's final record pass axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.conferences.models import Conference
from tandem.conferences.services import window_for_term
from tandem.records import services

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def no_violations(page, where: str):
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def sams_conference(cast):
    fall = cast.year.terms.get(name="Fall")
    starts = timezone.now().replace(second=0, microsecond=0)
    conference = Conference.objects.create(
        window=window_for_term(term=fall),
        student=cast.student,
        advisor=cast.advisor,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=30),
    )
    services.preparation_save(
        student=cast.student,
        term=fall,
        learned="I can balance chemical equations and explain why mass is conserved.",
        need_to_learn="How to write a strong lab conclusion.",
        how_to_learn="Tuesday office hours and one lab report each week.",
        expected_revision=0,
        by=cast.student.user,
    )
    services.work_add(
        student=cast.student,
        term=fall,
        title="Titration lab report",
        why="It shows my best data table.",
        link="https://docs.example/titration",
        by=cast.student.user,
    )
    return conference


def test_sam_presents_on_a_phone_by_keyboard(visitor, cast):
    conference = sams_conference(cast)
    phone = visitor.page(user=cast.student.user, phone=True)
    visit(phone, f"/conferences/meetings/{conference.pk}/present/")
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    position = phone.locator("[data-position]")
    expect(position).to_have_text("Part 1 of 6")
    assert page_width(phone) <= 375, "the presenting view scrolls sideways on a phone"
    no_violations(phone, "the presenting view (student, 375 px)")

    # One part at a time: only the current one is shown.
    learned = phone.get_by_role("heading", name="What I learned")
    expect(learned).to_be_hidden()
    phone.keyboard.press("ArrowRight")
    expect(learned).to_be_visible()
    expect(phone.get_by_text("I can balance chemical equations")).to_be_visible()
    expect(position).to_have_text("Part 2 of 6")
    for _ in range(3):
        phone.keyboard.press("ArrowRight")
    expect(phone.get_by_role("heading", name="Titration lab report")).to_be_visible()
    assert page_width(phone) <= 375
    no_violations(phone, "the presenting view on a piece of work (375 px)")
    phone.keyboard.press("ArrowLeft")
    expect(phone.get_by_role("heading", name="How I will learn it")).to_be_visible()
    # The buttons work too, and the last part disables "Next".
    phone.keyboard.press("End")
    expect(phone.get_by_role("button", name="Next →")).to_be_disabled()
    phone.get_by_role("button", name="← Previous").click()
    expect(position).to_have_text("Part 5 of 6")
    # No editing controls on the shared screen.
    assert phone.locator("main textarea, main input[type=text]").count() == 0


def test_preparation_and_record_pages_pass_axe(visitor, cast):
    conference = sams_conference(cast)
    student = visitor.page(user=cast.student.user, phone=True)
    visit(student, f"/conferences/meetings/{conference.pk}/preparation/")
    expect(student.get_by_label("What I learned")).to_have_value(
        "I can balance chemical equations and explain why mass is conserved."
    )
    assert page_width(student) <= 375
    no_violations(student, "the preparation page (student, phone)")

    advisor = visitor.page(user=cast.advisor)
    visit(advisor, f"/conferences/meetings/{conference.pk}/preparation/")
    advisor.get_by_label("Your comment").fill("Lead with the data table.")
    advisor.get_by_role("button", name="Add the comment").click()
    expect(advisor.get_by_text("Lead with the data table.")).to_be_visible()
    no_violations(advisor, "the preparation page (advisor)")

    visit(advisor, f"/conferences/meetings/{conference.pk}/record/")
    expect(advisor.get_by_label("The student's reflection")).to_contain_text("balance chemical")
    advisor.get_by_label("Areas for growth").fill("Lab conclusions.")
    advisor.get_by_label("What the family will do").fill("Ask about labs at dinner.")
    advisor.locator("#id_steps-0-what").fill("Bring a lab report to office hours")
    advisor.locator("#id_steps-0-owner_name").fill("Sam")
    advisor.locator("#id_steps-0-due_on").fill(
        (timezone.localdate() + timedelta(days=7)).isoformat()
    )
    no_violations(advisor, "the record page (advisor)")
    advisor.get_by_role("button", name="Save and finalize…").click()
    expect(advisor.get_by_role("heading", level=1)).to_contain_text("Finalize the record")
    no_violations(advisor, "the finalize confirmation")
    advisor.get_by_role("button", name="Finalize and send to the family").click()
    expect(advisor.get_by_text("It can no longer be changed.")).to_be_visible()

    family = visitor.page(user=cast.caregiver.user, phone=True)
    visit(family, f"/conferences/meetings/{conference.pk}/record/")
    expect(family.get_by_text("Bring a lab report to office hours")).to_be_visible()
    assert page_width(family) <= 375
    no_violations(family, "the final record (family, phone)")
    with family.expect_download() as download:
        family.get_by_role("button", name="Download the PDF").click()
    text = pdf_text(download.value.path())
    assert "Bring a lab report to office hours" in text and "Alice Advisor" in text


def pdf_text(path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
