"""Single sign-on in Chromium against a real OpenID Connect provider (tests/oidc_provider, in its
own process): from Tandem's sign-in page on a phone, through the provider's login page, back
signed in on the staff home; authorization code with PKCE S256 all the way. A stranger gets
the clear refusal page. Every Tandem page on the way fits 375 px, passes axe and raises no
Content-Security-Policy complaint."""

from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from tandem.core.navigation import home_url_for
from tandem.sso.models import SchoolSignOn
from tandem.sso.sealing import seal
from tests.oidc import PASSWORD, Person, oidc_provider

from .support import axe_violations, describe, page_width, visit
from .test_security_policy import watched

pytestmark = pytest.mark.browser

PEOPLE = {
    "alice": Person("alice@harbor.test", name="Alice Advisor"),
    "nobody": Person("nobody@harbor.test", name="No Body"),
}


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    with oidc_provider(
        folder=tmp_path_factory.mktemp("oidc"),
        redirect_uris=[live_server.url + "/signin/oidc/callback/"],
        people=PEOPLE,
    ) as running:
        yield running


@pytest.fixture
def sign_on(cast, provider):
    return SchoolSignOn.objects.create(
        school=cast.school,
        provider_name="Test IdP",
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret_sealed=seal(provider.client_secret),
    )


def at_the_provider(page, username):
    """From Tandem's sign-in page to the provider's login, signed in there as `username`."""
    page.get_by_role("button", name="Sign in with Test IdP (Harbor High)").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    assert "code_challenge_method=S256" in unquote(page.url)  # in the login page's next
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()


def fits_a_phone(page, what):
    assert page_width(page) <= 375, f"{what} scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"{what}:\n{describe(violations)}"


def test_staff_sign_in_with_the_school_s_provider_on_a_phone(visitor, cast, sign_on):
    page = watched(visitor, phone=True)
    visit(page, "/signin/")
    fits_a_phone(page, "the sign-in page with a provider's button")

    at_the_provider(page, "alice")

    expect(page).to_have_url(visitor.base_url + home_url_for(cast.advisor))
    expect(page.locator("main")).to_contain_text("Sam Rivera")  # Alice's advisee
    expect(page.locator("form[action='/signout/']").first).to_be_attached()  # signed in
    assert not page.complaints, page.complaints


def test_a_stranger_gets_a_clear_page(visitor, cast, sign_on):
    page = watched(visitor, phone=True)
    visit(page, "/signin/")
    at_the_provider(page, "nobody")

    expect(page.get_by_role("heading", name="We could not sign you in")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("nobody@harbor.test")
    fits_a_phone(page, "the refusal page")
    assert not page.complaints, page.complaints
