"""A family phones the school: the coordinator, on a 375 px phone, finds the student on the
window page's "Not booked yet" list, books a phone call for them among the family's valid
times, and sees it on the booked list; axe finds nothing on any of the pages."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tandem.conferences import services
from tandem.conferences.models import Conference, Status

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def check(page, where):
    assert page_width(page) <= 375, f"{where} scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def test_the_coordinator_books_for_a_family_on_a_phone(visitor, cast):
    fall = cast.year.terms.get(name="Fall")
    morning = datetime.combine(fall.ends_on - timedelta(days=6), time(14), tzinfo=UTC)
    with time_machine.travel(morning, tick=True):
        window = services.window_for_term(term=fall)
        window.booking_open = False  # families cannot book online; staff still can
        window.save()
        page = visitor.page(user=cast.coordinator, phone=True)
        visit(page, f"/coordinator/terms/{fall.pk}/conferences/")
        check(page, "the window page")
        page.get_by_role("search").get_by_label("Search by student name or ID").fill("Sam")
        page.get_by_role("search").get_by_role("button", name="Search").click()
        expect(page.get_by_text("1 student matches")).to_be_visible()
        page.get_by_role("link", name="Book for Sam Rivera's family").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Book Sam Rivera's conference")
        check(page, "the staff booking page")
        page.get_by_label("How the family meets").select_option("phone")
        page.locator("input[name=starts_at]").first.check()
        page.get_by_role("button", name="Book this time").click()

        expect(page.get_by_text("Booked for Sam Rivera.")).to_be_visible()
        check(page, "the window page after booking")
        page.get_by_role("link", name="Booked (1)").click()
        change = page.get_by_role("link", name="Change the time of Sam Rivera's conference")
        expect(change).to_be_visible()
        made = Conference.objects.get(student=cast.student, status=Status.BOOKED)
        assert made.booked_by == cast.coordinator and made.mode == "phone"

        page.get_by_role("link", name="Cancel Sam Rivera's conference").click()
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text("Cancel Sam Rivera's conference?")
        check(page, "the cancel confirmation")
        page.get_by_role("button", name="Cancel the conference").click()
        expect(page.get_by_text("Cancelled Sam Rivera's conference.")).to_be_visible()
        made.refresh_from_db()
        assert made.status == Status.CANCELLED
