"""Staff pages on a 375 px phone: nothing scrolls sideways, and the keyboard reaches the menu."""

import pytest
from playwright.sync_api import expect

from tests.personas import PASSWORD

from .support import page_width, visit

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  return {text: el.innerText.trim(), href: el.getAttribute('href'), id: el.id};
}"""


def sign_in(page, email: str):
    """Through the real sign-in form, on the phone."""
    visit(page, "/signin/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


@pytest.mark.parametrize(
    ("who", "home"), [("advisor", "/advisor/"), ("coordinator", "/coordinator/")]
)
def test_staff_home_fits_a_phone_and_works_by_keyboard(visitor, cast, who, home):
    page = visitor.page(phone=True)
    sign_in(page, getattr(cast, who).email)
    expect(page).to_have_url(visitor.base_url + home)
    assert page_width(page) <= 375, f"{home} scrolls sideways on a phone"

    # On a phone the links fold into one "Menu" (a <details>): closed, it takes one line.
    menu = page.locator("header details.nav-menu")
    expect(menu.locator("summary")).to_be_visible()
    expect(page.locator("header .nav-wide")).to_be_hidden()
    assert page.locator("header").bounding_box()["height"] < 100, "the menu takes the screen"
    nav_links = menu.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert home in nav_links

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["text"] == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    assert page.locator(".skip-link").bounding_box()["x"] >= 0, "skip link is off screen"

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["href"] == "/"  # Tandem
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "Menu"
    page.keyboard.press("Enter")  # opens the menu
    expect(menu.locator("a").first).to_be_visible()
    assert page_width(page) <= 375, "the open menu scrolls sideways"
    reached = []
    for _ in range(len(nav_links)):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED)["href"])
    assert reached == nav_links, "Tab does not walk the menu in order"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "Sign out"

    # Closed again, the skip link still moves focus past the navigation.
    for _ in range(len(nav_links) + 1):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["text"] == "Menu"
    page.keyboard.press("Enter")
    expect(menu.locator("a").first).to_be_hidden()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "main"


def test_desktop_keeps_the_links_in_a_row(visitor, cast):
    page = visitor.page(user=cast.advisor)
    visit(page, "/advisor/")
    expect(page.locator("header .nav-wide a[href='/advisor/']")).to_be_visible()
    expect(page.locator("header details.nav-menu")).to_be_hidden()
