"""A caregiver signs in on a phone with a link from a real e-mail and sees only her own children.

Carla has educational rights for Sam; Ned, Sam's father, does not; Olive is another family's
child (tests.personas).
"""

import re

import pytest
from playwright.sync_api import expect

from .support import page_width, visit

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+/signin/link/open/\?t=\S+")


def ask_for_link(page, smtp, address: str) -> str:
    """Fill in the sign-in-link form and return the link from the e-mail that arrives."""
    visit(page, "/signin/link/")
    page.get_by_label("Your e-mail").fill(address)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    (message,) = smtp.wait_for(1)
    assert message["To"] == address
    text = smtp.text_of(message)
    found = LINK.findall(text)
    assert len(found) == 1, f"expected one sign-in link in the e-mail:\n{text}"
    return found[0]


def open_link(page, link: str):
    visit(page, link)
    expect(page.get_by_role("heading", name="Sign in to Tandem")).to_be_visible()
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_caregiver_signs_in_by_link_on_a_phone(visitor, smtp, cast):
    page = visitor.page(phone=True)

    link = ask_for_link(page, smtp, "carla@family.test")
    assert link.startswith(visitor.base_url + "/")
    open_link(page, link)

    expect(page).to_have_url(visitor.base_url + "/family/")
    expect(page.get_by_role("heading", name="Welcome, Carla")).to_be_visible()
    expect(page.get_by_role("link", name="Sam Rivera")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Olive")
    assert page_width(page) <= 375, "the family home scrolls sideways on a phone"

    visit(page, f"/students/{cast.other_student.pk}/", status=404)
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Olive")

    visit(page, f"/students/{cast.student.pk}/")
    expect(page.get_by_role("heading", name="Sam Rivera", level=1)).to_be_visible()
    # Ned (Sam's father) lives in another household: Carla sees his name, not how to reach him.
    expect(page.locator("main")).to_contain_text("Ned Rivera")
    expect(page.locator("main")).not_to_contain_text("ned@family.test")
    expect(page.locator("main")).not_to_contain_text("0102")
    assert page_width(page) <= 375, "Sam's page scrolls sideways on a phone"

    # The link works once: opened again, on another device, it signs no one in.
    other_device = visitor.page(phone=True)
    open_link(other_device, link)
    expect(other_device.get_by_role("heading", name="This link no longer works")).to_be_visible()
    expect(other_device.get_by_role("button", name="Sign out")).to_have_count(0)

    visit(page, "/family/")
    page.get_by_label("Language").select_option(label="Español")
    page.get_by_role("button", name="Change language").click()

    expect(page).to_have_url(visitor.base_url + "/family/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Mis hijos")).to_be_visible()
    cast.caregiver.user.refresh_from_db()
    assert cast.caregiver.user.preferred_language == "es"


def test_caregiver_without_educational_rights_sees_no_records(visitor, smtp, cast):
    page = visitor.page(phone=True)

    open_link(page, ask_for_link(page, smtp, "ned@family.test"))

    expect(page).to_have_url(visitor.base_url + "/family/")
    expect(page.get_by_text("No student records are open to you")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Sam")
    visit(page, f"/students/{cast.student.pk}/", status=404)
    expect(page.locator("body")).not_to_contain_text("Rivera")
