"""Real parts for the browser tests: Debian's Chromium through Playwright, Django's live server on
a transactional test database, and the shared aiosmtpd server (tests/smtp.py) for mail.

Playwright's sync API runs an event loop in the test thread, so Django would refuse ORM calls made
here (SynchronousOnlyOperation). The test thread only sets data up and reads it back while the
live server thread serves the browser, so that guard is lifted while a browser module runs.
"""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import sync_playwright

from tests.personas import build_cast

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 375, "height": 812},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def site(live_server, settings, smtp):
    """The live server's address. Mail goes to the real SMTP server of tests/conftest.py's `smtp`
    fixture; sign-in links in it point here."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def cast(transactional_db):
    """The shared personas, committed, so the live server's thread sees them."""
    return build_cast()


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright():
    """For this module only: the rest of the suite (and `check --deploy`, run in a subprocess
    that inherits the environment) keeps Django's guard."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_allow_orm_beside_playwright):
    """One Chromium per module, not per session: while Playwright runs, its event loop counts as
    running in this thread, which would trip Django's guard in tests run after these."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visitor:
    """One fresh browser context per person; remembers any stylesheet or script that failed."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.broken_assets: list[str] = []

    def page(self, *, user=None, phone: bool = False, dark: bool = False, locale: str = "en-US"):
        context = self.browser.new_context(
            base_url=self.base_url,
            locale=locale,
            color_scheme="dark" if dark else "light",
            **(PHONE if phone else DESKTOP),
        )
        self.contexts.append(context)
        if user is not None:
            context.add_cookies([session_cookie(user, self.base_url)])
        page = context.new_page()
        page.on("response", self._watch)
        return page

    def _watch(self, response):
        if "/static/" in response.url and response.status >= 400:
            self.broken_assets.append(f"{response.status} {response.url}")

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def visitor(browser, site):
    visitor = Visitor(browser, site)
    yield visitor
    visitor.close()
    assert not visitor.broken_assets, f"static files failed to load: {visitor.broken_assets}"


def session_cookie(user, base_url: str) -> dict:
    """A signed-in session made by Django's test client, as a cookie for the browser."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }
