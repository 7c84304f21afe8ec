"""Sign-in links: the one home of how a family member or student is signed in from an e-mail.

A link is a row (`SignInLink`): a random token (only its SHA-256 is stored), the user, the page
it leads to, the language of the e-mail that carried it, and how long it works. It signs in at
most once (`consume` claims it with one conditional UPDATE, so two clicks cannot both win), and
not after a new password or "sign out everywhere". A link that expired or was used still knows
its user and page: whoever holds it may ask for a new one to the same page (services.
signin_link_renew), sent to the address the school has, never to anyone else.

Two lifetimes: a link asked for on the sign-in page works for TANDEM_SIGNIN_LINK_MINUTES; a link
in a document e-mail (the shared plan, the final meeting record, a conference e-mail) works for
the school's `family_link_days` (outreach settings, 7 by default). Staff never get one: their
e-mails carry the page's plain address, which leads through the password (and second-factor)
sign-in to the same page.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from tandem.core.policy import is_staff_member

from .models import SignInLink

TOKEN_NAME = "t"  # noqa: S105 - the query parameter and form field that carry the token
# An expired link is kept this long, so its holder can still ask for a new one to its page.
KEEP_AFTER_EXPIRY = timedelta(days=60)


def may_use_signin_link(user) -> bool:
    """Families and students sign in by link; staff need their password (and second factor)."""
    return (
        user.is_active and not user.is_staff and not user.is_superuser and not is_staff_member(user)
    )


def requested_lifetime() -> timedelta:
    """How long a link asked for on the sign-in page works."""
    return timedelta(minutes=settings.TANDEM_SIGNIN_LINK_MINUTES)


@dataclass(frozen=True)
class Link:
    """What an e-mail carries: the address, and — when it signs in — until when it works.
    Rendered in a template it is its address."""

    url: str
    expires_at: datetime | None = None  # None: the page's plain address (normal sign-in)
    lifetime: timedelta | None = None

    def __str__(self) -> str:
        return self.url

    @property
    def signs_in(self) -> bool:
        return self.expires_at is not None

    @property
    def days(self) -> int:
        """Whole days it works (0 for a link of minutes)."""
        return self.lifetime.days if self.lifetime else 0

    @property
    def minutes(self) -> int:
        return int(self.lifetime.total_seconds() // 60) if self.lifetime else 0


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def local_path(path: str) -> str:
    """`path` when it is an address on this site without a host ("/plans/7/"), else ""."""
    path = (path or "").strip()
    if path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts=set()):
        return path
    return ""


def issue(*, user, next: str = "", lifetime: timedelta, language: str = "") -> Link:
    """Write a new sign-in link for `user` to `next` (in the caller's transaction, so it exists
    exactly when the e-mail that carries it does) and return it. Links long expired are
    deleted as new ones are made."""
    now = timezone.now()
    SignInLink.objects.filter(expires_at__lt=now - KEEP_AFTER_EXPIRY).delete()
    token = secrets.token_urlsafe(32)
    row = SignInLink.objects.create(
        user=user,
        token_hash=_hash(token),
        next=local_path(next),
        language=language or user.preferred_language,
        created_at=now,
        expires_at=now + lifetime,
        user_stamp=user.get_session_auth_hash(),
    )
    url = f"{settings.SITE_URL}{reverse('accounts:signin_link_open')}?{TOKEN_NAME}={token}"
    return Link(url=url, expires_at=row.expires_at, lifetime=lifetime)


def page_link(user, path: str, *, lifetime: timedelta, language: str = "") -> Link:
    """The address a document e-mail gives for the page `path`: a sign-in link bound to it for
    a family member or student with an active account; the plain address for anyone else
    (staff sign in with their password, then land on the page)."""
    if user is not None and may_use_signin_link(user):
        return issue(user=user, next=path, lifetime=lifetime, language=language)
    return Link(url=settings.SITE_URL + path)


def find(token: str) -> SignInLink | None:
    """The link a token names, used or not, expired or not (None for a forged token)."""
    if not token:
        return None
    return SignInLink.objects.select_related("user").filter(token_hash=_hash(token)).first()


@transaction.atomic
def consume(token: str):
    """The user this link signs in — once: the link is claimed by a conditional UPDATE — or
    None (forged, used, expired, the password changed or every session was ended since, or
    the user is staff now)."""
    found = find(token)
    if found is None:
        return None
    now = timezone.now()
    claimed = SignInLink.objects.filter(
        pk=found.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    user = found.user
    if not claimed or found.user_stamp != user.get_session_auth_hash():
        return None
    return user if may_use_signin_link(user) else None


def destination(found: SignInLink | None) -> str:
    """Where a link leads once it has signed in: its page, re-checked as local."""
    return local_path(found.next) if found is not None else ""
