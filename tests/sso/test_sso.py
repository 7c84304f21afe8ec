"""Single sign-on against a real OpenID Connect provider (tests/oidc_provider, django-oauth-
toolkit in its own process): Tandem's views through Django's test client, the provider over
HTTP. The browser's half (the provider's login page, redirects) is played by requests here and
by Chromium in tests/browser/test_sso.py."""

import base64
import json
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.accounts.middleware import PROVIDER_MFA_KEY
from tandem.schools.models import Role, StaffRole
from tandem.sso import services
from tandem.sso.models import SchoolSignOn
from tests.personas import PASSWORD, make_school

pytestmark = pytest.mark.django_db
ARTICLE = re.compile(rb"<article.*?</article>", re.S)


def start(client, cast):
    response = client.get(reverse("sso:start", args=[str(cast.school.pk)]))
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def back_to_tandem(client, provider, authorize_url, username, **changes):
    """The provider's redirect back, followed by the test client (query changed as asked)."""
    back = urlsplit(provider.authorize(authorize_url, username))
    assert f"{back.scheme}://{back.netloc}{back.path}" == services.redirect_uri()
    query = {key: values[0] for key, values in parse_qs(back.query).items()} | changes
    return client.get(back.path, query)


def sso(client, cast, provider, username):
    return back_to_tandem(client, provider, start(client, cast), username)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_authorization_request_uses_pkce_s256_state_and_nonce(client, cast, sign_on):
    query = parse_qs(urlsplit(start(client, cast)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256
    assert query["state"][0] and query["nonce"][0]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}
    assert query["redirect_uri"] == [services.redirect_uri()]
    assert query["client_id"] == [sign_on.client_id]


def test_staff_sign_in_by_verified_email_and_land_on_their_home(client, cast, sign_on, provider):
    response = sso(client, cast, provider, "alice")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert signed_in_as(client) == str(cast.advisor.pk)
    assert PROVIDER_MFA_KEY not in client.session  # "pwd" alone is one factor
    home = client.get(reverse("core:home"), follow=True)
    assert home.status_code == 200
    assert home.redirect_chain[-1][0] != reverse("accounts:signin")


def test_the_email_matches_whatever_its_case(client, cast, sign_on, provider):
    sso(client, cast, provider, "alice-shouting")
    assert signed_in_as(client) == str(cast.advisor.pk)


def test_a_wrong_state_is_refused(client, cast, sign_on, provider):
    response = back_to_tandem(client, provider, start(client, cast), "alice", state="forged")
    assert response.status_code == 400
    assert b"Sign-in did not finish" in response.content
    assert signed_in_as(client) is None


def test_an_answer_for_another_browser_is_refused(client, cast, sign_on, provider):
    """The code and state were asked for by one session; another session brings them back."""
    authorize_url = start(client, cast)
    client.cookies.clear()
    response = back_to_tandem(client, provider, authorize_url, "alice")
    assert response.status_code == 400
    assert signed_in_as(client) is None


def test_an_answer_used_twice_is_refused(client, cast, sign_on, provider):
    back = urlsplit(provider.authorize(start(client, cast), "alice"))
    assert client.get(back.path + "?" + back.query).status_code == 302
    assert client.get(back.path + "?" + back.query).status_code == 400


def test_a_wrong_nonce_is_refused(client, cast, sign_on, provider):
    """The provider's real ID token carries the nonce this session sent; the session expects
    another one (as if the token had been minted for someone else's request)."""
    authorize_url = start(client, cast)
    session = client.session
    keys = session.keys()  # noqa: SIM118 - a session is not iterable
    (key,) = [key for key in keys if key.startswith(f"_state_{services.FLOW}_")]
    flow = session[key]
    flow["data"]["nonce"] = "not-the-nonce-sent"
    session[key] = flow
    session.save()
    response = back_to_tandem(client, provider, authorize_url, "alice")
    assert response.status_code == 400
    assert signed_in_as(client) is None


def test_an_id_token_changed_after_signing_is_refused(client, cast, sign_on, provider, monkeypatch):
    """Alice's real ID token with its e-mail changed to Cora's: the signature (checked against
    the provider's JWKS) no longer matches."""
    real_fetch = services.DjangoOAuth2App.fetch_access_token

    def forged(self, **kwargs):
        token = real_fetch(self, **kwargs)
        header, payload, signature = token["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["email"] = "cora@harbor.test"
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        token["id_token"] = f"{header}.{payload}.{signature}"
        return token

    monkeypatch.setattr(services.DjangoOAuth2App, "fetch_access_token", forged)
    response = sso(client, cast, provider, "alice")
    assert response.status_code == 400
    assert signed_in_as(client) is None


def test_the_provider_saying_no_is_refused(client, cast, sign_on, provider):
    state = parse_qs(urlsplit(start(client, cast)).query)["state"][0]
    query = urlencode({"error": "access_denied", "state": state})
    response = client.get(reverse("sso:callback") + "?" + query)
    assert response.status_code == 400
    assert signed_in_as(client) is None


@pytest.mark.parametrize("username", ["nobody", "bob", "carla", "sam"])
def test_who_may_not_sign_in_gets_one_clear_page(client, cast, sign_on, provider, username):
    """An unknown e-mail, an unverified one, a family's account, a student where the school
    has not let students in: the same page, which tells nothing about which accounts exist."""
    response = sso(client, cast, provider, username)
    assert response.status_code == 403
    assert signed_in_as(client) is None
    page = ARTICLE.search(response.content).group(0)
    assert b"We could not sign you in" in page
    assert PEOPLE_EMAIL[username].encode() not in response.content
    reference = sso(client, cast, provider, "nobody")
    assert ARTICLE.search(reference.content).group(0) == page


PEOPLE_EMAIL = {
    "nobody": "nobody@harbor.test",
    "bob": "bob@harbor.test",
    "carla": "carla@family.test",
    "sam": "sam@student.harbor.test",
}


def test_students_sign_in_where_the_school_lets_them(client, cast, sign_on, provider):
    SchoolSignOn.objects.filter(pk=sign_on.pk).update(students_may_use=True)
    sso(client, cast, provider, "sam")
    assert signed_in_as(client) == str(cast.student.user.pk)
    client.logout()
    assert sso(client, cast, provider, "carla").status_code == 403  # families never


def test_staff_who_moved_to_another_school_are_refused(client, cast, sign_on, provider):
    bay, _year = make_school("Bay Middle")
    StaffRole.objects.filter(user=cast.advisor, school=cast.school).delete()
    StaffRole.objects.create(user=cast.advisor, school=bay, role=Role.ADVISOR)
    assert sso(client, cast, provider, "alice").status_code == 403
    assert signed_in_as(client) is None


def test_a_turned_off_account_is_refused(client, cast, sign_on, provider):
    cast.advisor.is_active = False
    cast.advisor.save(update_fields=["is_active"])
    assert sso(client, cast, provider, "alice").status_code == 403


def test_a_school_without_sign_on_has_no_such_page(client, cast, provider):
    assert client.get(reverse("sso:start", args=[str(cast.school.pk)])).status_code == 404
    assert client.get(reverse("sso:start", args=["no-such-school"])).status_code == 404


def test_the_signin_page_offers_each_school_s_provider(client, cast, sign_on):
    page = client.get(reverse("accounts:signin"))
    assert b"Sign in with Test IdP (Harbor High)" in page.content
    assert reverse("sso:start", args=[str(cast.school.pk)]).encode() in page.content
    SchoolSignOn.objects.filter(pk=sign_on.pk).update(is_enabled=False)
    assert b"Sign in with Test IdP" not in client.get(reverse("accounts:signin")).content


def password_sign_in(client, email):
    return client.post(reverse("accounts:signin"), {"username": email, "password": PASSWORD})


def test_password_sign_in_off_for_the_school_s_staff(client, cast, sign_on):
    SchoolSignOn.objects.filter(pk=sign_on.pk).update(staff_password_off=True)
    refused = password_sign_in(client, "alice@harbor.test")
    assert refused.status_code == 200
    assert signed_in_as(client) is None
    assert "Harbor High signs its staff in with Test IdP, not with a password." in (
        refused.content.decode()
    )
    # Families and students keep their ways in.
    assert password_sign_in(client, "sam@student.harbor.test").status_code == 302
    assert signed_in_as(client) == str(cast.student.user.pk)


def test_password_sign_in_off_holds_on_the_admin_site_s_sign_in_too(client, cast, sign_on):
    SchoolSignOn.objects.filter(pk=sign_on.pk).update(staff_password_off=True)
    cast.school_admin.is_staff = True
    cast.school_admin.save(update_fields=["is_staff"])
    page = client.post(
        reverse("admin:login"), {"username": "sid@harbor.test", "password": PASSWORD}
    )
    assert page.status_code == 200
    assert b"not with a password" in page.content
    assert signed_in_as(client) is None


def test_password_sign_in_off_follows_the_role_rules(client, cast, sign_on):
    """Who is staff of the school is core.policy's answer: Alice, moved to Bay, signs in with
    her password again; while the provider is off, so is the rule."""
    SchoolSignOn.objects.filter(pk=sign_on.pk).update(staff_password_off=True)
    bay, _year = make_school("Bay Middle")
    StaffRole.objects.filter(user=cast.advisor, school=cast.school).delete()
    StaffRole.objects.create(user=cast.advisor, school=bay, role=Role.ADVISOR)
    assert password_sign_in(client, "alice@harbor.test").status_code == 302
    client.logout()
    assert password_sign_in(client, "bob@harbor.test").status_code == 200
    SchoolSignOn.objects.filter(pk=sign_on.pk).update(is_enabled=False)
    assert password_sign_in(client, "bob@harbor.test").status_code == 302


def require_totp(cast):
    cast.school.require_staff_two_factor = True
    cast.school.save(update_fields=["require_staff_two_factor"])


def test_an_mfa_amr_stands_in_for_totp(client, cast, sign_on, provider):
    require_totp(cast)
    TOTPDevice.objects.create(user=cast.coordinator, name="phone", confirmed=True)
    response = sso(client, cast, provider, "cora")  # amr: pwd, mfa
    assert response["Location"] == reverse("core:home")
    assert signed_in_as(client) == str(cast.coordinator.pk)
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home["Location"] != reverse("accounts:two_factor")
    assert client.get(home["Location"]).status_code == 200


def test_without_mfa_in_amr_the_totp_code_is_asked(client, cast, sign_on, provider):
    require_totp(cast)
    TOTPDevice.objects.create(user=cast.advisor, name="phone", confirmed=True)
    response = sso(client, cast, provider, "alice")  # amr: pwd
    assert response["Location"] == reverse("accounts:signin_code")
    assert signed_in_as(client) is None


def test_without_amr_a_school_that_requires_totp_sends_staff_to_set_it_up(
    client, cast, sign_on, provider
):
    require_totp(cast)
    sso(client, cast, provider, "casey")  # no amr, no device yet
    assert signed_in_as(client) == str(cast.case_manager.pk)
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:two_factor")


@pytest.mark.parametrize(
    ("amr", "mfa"),
    [
        (["pwd", "mfa"], True),
        (["mfa"], True),
        (["pwd", "otp"], True),
        (["hwk", "pin"], True),
        (["swk", "fpt"], True),
        (["pwd"], False),
        (["otp"], False),
        (["hwk"], False),
        (["pwd", "pin"], False),
        ([], False),
        (None, False),
        ("mfa", False),  # not a list
    ],
)
def test_which_amr_asserts_mfa(amr, mfa):
    assert services.asserts_mfa(amr) is mfa


@pytest.mark.parametrize(
    ("claims", "matched"),
    [
        ({"email_verified": True}, True),
        ({"email_verified": "true"}, True),
        ({"email_verified": False}, False),
        ({}, False),
        # Entra ID: its domain-verified claim only when email_verified is absent.
        ({"xms_edov": True}, True),
        ({"email_verified": False, "xms_edov": True}, False),
        ({"xms_edov": False}, False),
    ],
)
def test_what_counts_as_a_verified_email(cast, claims, matched):
    sign_on = SchoolSignOn(school=cast.school, provider_name="X", issuer="https://x.test")
    found = services.match_account(sign_on, {"email": "alice@harbor.test", **claims})
    assert (found == cast.advisor) is matched
