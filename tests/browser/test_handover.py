"""The device handed over in the meeting, on a 375 px phone (issue 13): the approval screen has
no link or form that leads anywhere but itself and "Give the device back to the advisor", every
other address of the school comes back to it, a caregiver approves with the keyboard alone, axe
finds nothing, and the device goes back only with the advisor's password."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tandem.meetings import services
from tandem.plans.models import Approval, PlanState
from tests.meetings.conftest import book_for, shared_plan_for
from tests.personas import PASSWORD

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser

# Every place the page can send the browser: links, form actions (resolved by the browser, so an
# empty action counts as the page's own address), buttons' formaction, and any htmx request.
PLACES = """() => {
  const places = [];
  document.querySelectorAll('a[href], area[href]').forEach((a) => places.push(a.href));
  document.querySelectorAll('form').forEach((f) => places.push(f.action));
  document.querySelectorAll('[formaction]').forEach((b) => places.push(b.formAction));
  document.querySelectorAll('[hx-get], [hx-post], [hx-put], [hx-patch], [hx-delete], '
    + '[data-hx-get], [data-hx-post]').forEach((e) => places.push('htmx: ' + e.tagName));
  return places;
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), id: el.id, text: el.innerText.trim(),
          href: el.getAttribute('href')};
}"""


def no_violations(page, where: str):
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def leads_only_to(page, base_url: str, allowed: set[str]):
    places = page.evaluate(PLACES)
    assert places, "the page offers no way to act at all"
    for place in places:
        url = urlsplit(place)
        assert f"{url.scheme}://{url.netloc}" == base_url, f"leaves the site: {place}"
        assert url.path in allowed, f"{page.url} leads to {place}"


def tab_walk(page, limit: int = 30) -> list[dict]:
    """What Tab reaches, in order, from the top of the page until focus leaves it."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body" or focused in reached:
            break
        reached.append(focused)
    return reached


def test_the_hand_over_on_a_phone(visitor, cast):
    ned = cast.caregiver_no_rights  # a court order restored his rights: two households approve
    ned.guardianships.update(has_educational_rights=True)
    plan = shared_plan_for(cast)
    conference = book_for(cast.caregiver, cast.year.terms.get(name="Fall"))
    meeting = services.meeting_for(conference=conference, by=cast.advisor)
    services.attendance_save(
        meeting=meeting,
        present_ids=list(
            meeting.attendees.filter(caregiver__in=[cast.caregiver, ned]).values_list(
                "pk", flat=True
            )
        ),
        by=cast.advisor,
    )
    agenda = f"/meetings/{conference.pk}/"
    sign = f"/meetings/{conference.pk}/plan/approve/"
    give_back = f"/meetings/{conference.pk}/plan/give-back/"

    page = visitor.page(user=cast.advisor, phone=True)
    visit(page, agenda + "?open=approval#approval")
    page.get_by_role("button", name="Hand over the device to approve").click()
    expect(page).to_have_url(visitor.base_url + sign)
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the plan")
    expect(page.get_by_text("Fingerprint (SHA-256)")).to_be_visible()
    assert page.locator("nav, header").count() == 0, "no menu while the device is handed over"
    leads_only_to(page, visitor.base_url, {sign, give_back})
    assert page_width(page) <= 375, "the approval screen scrolls sideways on a phone"
    no_violations(page, "the approval screen (phone)")

    # The keyboard reaches everything on the screen, and nothing else.
    reached = [r["id"] or r["text"] for r in tab_walk(page)]
    assert reached == [
        "handover-language",  # the caregiver may read it in their own language
        "Change language",
        "id_caregiver",
        "id_typed_name",
        "id_confirm",
        "Approve the plan",
        "Give the device back to the advisor",
    ]

    # Carla approves with the keyboard alone.
    page.locator("#id_caregiver").focus()
    page.keyboard.type("Carla")  # a select jumps to the option its letters start
    expect(page.locator("#id_caregiver option:checked")).to_have_text("Carla Rivera")
    page.keyboard.press("Tab")
    page.keyboard.type("Carla Rivera")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you, Carla Rivera. Your approval is recorded.")).to_be_visible()
    expect(page).to_have_url(visitor.base_url + sign)

    # Other students, staff pages and the admin bring the device back to the approval; so
    # does the browser's Back button.
    for path in ("/advisor/", f"/students/{cast.other_student.pk}/", "/coordinator/", "/admin/"):
        page.goto(path)
        expect(page).to_have_url(visitor.base_url + sign)
        expect(page.get_by_role("heading", level=1)).to_have_text("Approve the plan")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the plan")

    # Ned approves next; the plan is approved, and the screen still leads nowhere else.
    page.get_by_label("Who is approving").select_option(label="Ned Rivera")
    page.get_by_label("Type your full name").fill("Ned Rivera")
    page.get_by_label("I have read this plan and I approve it.").check()
    page.get_by_role("button", name="Approve the plan").click()
    expect(page.get_by_text("The plan is approved.")).to_be_visible()
    leads_only_to(page, visitor.base_url, {sign, give_back})
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    assert set(Approval.objects.values_list("caregiver__first_name", "method")) == {
        ("Carla", "meeting"),
        ("Ned", "meeting"),
    }

    # The device goes back to Alice with her password only.
    page.get_by_role("button", name="Give the device back to the advisor").click()
    expect(page).to_have_url(visitor.base_url + give_back)
    leads_only_to(page, visitor.base_url, {sign, give_back})
    assert page_width(page) <= 375
    no_violations(page, "giving the device back (phone)")
    page.get_by_label("Your password").fill("not her password")
    page.get_by_role("button", name="Return to the meeting").click()
    expect(page.get_by_text("That password is not right.")).to_be_visible()
    no_violations(page, "giving the device back, a wrong password (phone)")
    page.goto("/advisor/")
    expect(page).to_have_url(visitor.base_url + sign)  # still handed over
    page.get_by_role("button", name="Give the device back to the advisor").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Return to the meeting").click()
    expect(page.get_by_text("The device is back with you.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conference with Sam Rivera")
    assert page.locator("header nav").count() == 1  # Alice's menu is back
