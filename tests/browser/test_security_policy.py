"""The Content-Security-Policy breaks nothing: the main pages of several people open in
Chromium without a single "Content Security Policy" / "Refused to" message in the console, and
htmx still works (a section of the plan saved in place)."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tandem.accounts.models import User
from tandem.conferences import services as conference_services
from tandem.plans.models import Plan
from tests.evidence.builders import evidence_for

from .support import visit

pytestmark = pytest.mark.browser

BLOCKED = ("Content Security Policy", "Refused to", "Permissions-Policy", "Permissions Policy")


def watched(visitor, **who):
    """A page that records every console message or script error that tells of a block."""
    page = visitor.page(**who)
    page.complaints = []
    page.on(
        "console",
        lambda message: (
            page.complaints.append(message.text)
            if any(word in message.text for word in BLOCKED)
            else None
        ),
    )
    page.on("pageerror", lambda error: page.complaints.append(str(error)))
    return page


def opens_cleanly(page, path: str):
    visit(page, path)
    page.wait_for_load_state("networkidle")
    assert not page.complaints, f"{path}: {page.complaints}"


def test_main_pages_keep_working_under_the_policy(visitor, cast):
    fall = cast.year.terms.get(name="Fall")
    morning = datetime.combine(fall.ends_on - timedelta(days=6), time(14), tzinfo=UTC)
    with time_machine.travel(morning, tick=True):
        window = conference_services.window_for_term(term=fall)
        evidence_for(cast)  # test results for the charts, and Sam's Fall plan
        plan = Plan.objects.get(student=cast.student, term=fall)

        advisor = watched(visitor, user=cast.advisor)
        opens_cleanly(advisor, "/advisor/")
        opens_cleanly(advisor, f"/students/{cast.student.pk}/tests/")  # the charts
        opens_cleanly(advisor, f"/plans/{plan.pk}/")
        # htmx: the section saves itself as it is typed, without a page load.
        title = "My hopes and goals"
        advisor.get_by_label(title, exact=True).fill("Build a robot that sorts trash")
        expect(advisor.locator(f"section:has(h3:has-text('{title}')) .save-state")).to_contain_text(
            "Saved."
        )
        assert not advisor.complaints, advisor.complaints
        saved = Plan.objects.get(pk=plan.pk).sections.get(title=title)
        assert saved.body == "Build a robot that sorts trash"

        family = watched(visitor, user=cast.caregiver.user, phone=True)
        opens_cleanly(family, "/conferences/")
        opens_cleanly(family, f"/conferences/{window.pk}/book/")
        expect(family.get_by_role("heading", level=1)).to_be_visible()

        it = User.objects.create_superuser(email="it@harbor.test", password="x", full_name="IT")
        admin = watched(visitor, user=it)
        opens_cleanly(admin, "/admin/")
        opens_cleanly(admin, "/admin/core/accesslog/")
        expect(
            admin.get_by_role("heading", name="Site administration")
            .or_(admin.get_by_role("heading", level=1))
            .first
        ).to_be_visible()
