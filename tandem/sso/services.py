"""OpenID Connect sign-in for a school's staff (and its students, if the school says so), with
Authlib's Django client (docs/architecture.md, "Single sign-on").

The flow: `start` sends the browser to the school's provider (authorization code with PKCE S256,
a fresh `state` and `nonce` kept in the session with the school's id); `finish` takes the code
back, refuses a `state` this session did not start, exchanges the code with the PKCE verifier,
checks the ID token's signature against the provider's JWKS, its issuer, audience, expiry and
`nonce`, then matches a verified e-mail to an account (`match_account`). Nobody is created.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.conf import settings
from django.urls import reverse
from joserfc.errors import JoseError

from tandem.accounts.models import User
from tandem.core.policy import memberships

from .models import SchoolSignOn
from .sealing import SealBroken, unseal

log = logging.getLogger(__name__)

# One name for every school's flow: the session keeps each flow under "_state_tandem_sso_<state>"
# with the school's id beside Authlib's state, nonce and PKCE verifier.
FLOW = "tandem_sso"
TIMEOUT = 10  # seconds for each call to the provider

# RFC 8176 authentication method references. The provider asserted a second factor when `amr`
# holds "mfa", or methods of two different kinds (something known, held, or inherent): e.g.
# ["pwd", "otp"] or ["hwk", "pin"]. "pwd" alone, "otp" alone or no `amr` is one factor.
AMR_MFA = "mfa"
AMR_KINDS = {
    "known": {"pwd", "pin", "kba"},
    "held": {"otp", "hwk", "swk", "sc", "sms", "tel"},
    "inherent": {"fpt", "face", "iris", "retina", "vbm"},
}


def asserts_mfa(amr) -> bool:
    """Whether an ID token's `amr` says the person used more than one factor."""
    if not isinstance(amr, list | tuple):
        return False
    methods = {str(method).lower() for method in amr}
    if AMR_MFA in methods:
        return True
    return sum(1 for kind in AMR_KINDS.values() if methods & kind) >= 2


def redirect_uri() -> str:
    """The one address every provider sends people back to: register it with the provider."""
    return settings.SITE_URL + reverse("sso:callback")


def client_for(sign_on: SchoolSignOn) -> DjangoOAuth2App:
    return DjangoOAuth2App(
        DjangoIntegration(FLOW),
        name=FLOW,
        client_id=sign_on.client_id,
        client_secret=unseal(sign_on.client_secret_sealed) if sign_on.client_secret_sealed else "",
        server_metadata_url=sign_on.metadata_url,
        client_kwargs={
            "scope": sign_on.scopes,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT,
        },
    )


def start_url(request, sign_on: SchoolSignOn, *, next_url: str = "") -> str:
    """The provider's authorization address for this browser; the flow's state, nonce, PKCE
    verifier, school and the page to go to afterwards are kept in the session."""
    try:
        client = client_for(sign_on)
        found = client.create_authorization_url(redirect_uri())
    except (requests.RequestException, SealBroken, RuntimeError, ValueError) as error:
        raise Refused("flow", f"provider or configuration: {error!r}", sign_on) from None
    client.save_authorize_data(
        request, redirect_uri=redirect_uri(), school=sign_on.school_id, next=next_url, **found
    )
    return found["url"]


class Refused(Exception):
    """Sign-in refused. `kind` picks the page: "flow" (the exchange with the provider failed or
    was not this browser's) or "account" (no account may sign in with what the provider said)."""

    def __init__(self, kind: str, reason: str, sign_on: SchoolSignOn | None = None):
        super().__init__(reason)
        self.kind, self.reason, self.sign_on = kind, reason, sign_on


@dataclass(frozen=True)
class SignedIn:
    user: User
    sign_on: SchoolSignOn
    mfa: bool
    next_url: str


def finish(request) -> SignedIn:
    """The provider's answer on the callback: the account to sign in, or Refused."""
    state = request.GET.get("state", "")
    flow = DjangoIntegration(FLOW).get_state_data(request.session, state) if state else None
    if not flow:
        raise Refused("flow", "no flow with this state in this session")
    sign_on = (
        SchoolSignOn.objects.filter(school_id=flow.get("school"), is_enabled=True)
        .select_related("school")
        .first()
    )
    if sign_on is None:
        raise Refused("flow", "the school's sign-on is gone or off")
    try:
        client = client_for(sign_on)
        token = client.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise Refused("flow", "no ID token", sign_on)
        if "email" not in claims or not ({"email_verified", "xms_edov"} & claims.keys()):
            claims = _with_userinfo(client, token, claims, sign_on)
    except Refused:
        raise
    except MismatchingStateError:
        raise Refused("flow", "state", sign_on) from None
    except OAuthError as error:
        raise Refused("flow", f"provider: {error.error}", sign_on) from None
    except (JoseError, ValueError, KeyError) as error:
        raise Refused("flow", f"ID token: {error!r}", sign_on) from None
    except (requests.RequestException, SealBroken, RuntimeError) as error:
        raise Refused("flow", f"provider or configuration: {error!r}", sign_on) from None
    user = match_account(sign_on, claims)
    if user is None:
        raise Refused("account", "no matching account", sign_on)
    return SignedIn(
        user=user,
        sign_on=sign_on,
        mfa=asserts_mfa(claims.get("amr")),
        next_url=flow.get("next") or "",
    )


def _with_userinfo(client, token, claims: dict, sign_on: SchoolSignOn) -> dict:
    """The e-mail claims from the userinfo endpoint, for providers that leave them out of the ID
    token; only for the same subject."""
    info = client.userinfo(token=token)
    if info.get("sub") != claims.get("sub"):
        raise Refused("flow", "userinfo is about another subject", sign_on)
    for name in ("email", "email_verified"):
        if name not in claims and name in info:
            claims[name] = info[name]
    return claims


def _true(value) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _verified(claims: dict) -> bool:
    """`email_verified` true (some providers send the string "true"). Microsoft Entra ID never
    sends it for a tenant's own accounts; there, and only when `email_verified` is absent, its
    optional claim `xms_edov` (the e-mail's domain is verified by the tenant that owns it)
    stands in (docs/operations.md, "Single sign-on")."""
    if "email_verified" in claims:
        return _true(claims["email_verified"])
    return _true(claims.get("xms_edov"))


def match_account(sign_on: SchoolSignOn, claims: dict) -> User | None:
    """The active account with this verified e-mail that holds a staff role at the school now
    (core.policy, as every page asks), or — where the school lets students in — is one of its
    enrolled students. Never a family's account; never a new account."""
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip() or not _verified(claims):
        return None
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return None
    if sign_on.school_id in memberships(user).roles:
        return user
    if sign_on.students_may_use:
        from tandem.people.models import Student

        enrolled = Student.objects.filter(user=user, school_id=sign_on.school_id, is_active=True)
        if enrolled.exists():
            return user
    return None
