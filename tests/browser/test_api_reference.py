"""The API's reference page (Swagger UI from django-ninja's own static files) renders under the
project's Content-Security-Policy, with no request leaving the site, and a signed-in staff
member can try a call from it with their session."""

import pytest

pytestmark = pytest.mark.browser


def test_the_reference_page_renders_under_the_csp(visitor, cast):
    page = visitor.page(user=cast.coordinator)
    refused, elsewhere = [], []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on(
        "request",
        lambda r: elsewhere.append(r.url) if not r.url.startswith(visitor.base_url) else None,
    )
    page.goto("/api/v1/docs")
    page.get_by_text("Tandem API").first.wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/students").first.wait_for()
    assert not refused, refused
    assert not [url for url in elsewhere if not url.startswith("data:")], elsewhere
