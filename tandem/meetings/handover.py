"""Handing the advisor's device to the caregivers in the room (issue 13, "Safe edges").

While a hand-over is active in a browser session, that session reaches only the approval screen
of one conference (`meetings:sign`) and the page that gives the device back
(`meetings:give_back`); signing out still works, and ends it. Everything else the session asks
for — other students, staff pages, the admin, htmx partials — is answered by
`HandOverMiddleware`: a page load is sent back to the approval screen, anything else gets a
404. The device goes back only when the advisor proves who they are: their TOTP code if they
have a confirmed device, else their password. After `settings.AXES_FAILURE_LIMIT` wrong tries
(the number the sign-in lockout uses) the session is signed out, which ends the hand-over too:
nobody holding the device ever reaches the advisor's pages without the secret.

The state is one value in the server-side session (the conference's id), so it cannot be
changed from the browser; the tries are counted there too.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "tandem_hand_over"
TRIES_KEY = "tandem_hand_over_tries"


def start(request, conference_id: int) -> None:
    request.session[SESSION_KEY] = int(conference_id)
    request.session.pop(TRIES_KEY, None)


def end(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(TRIES_KEY, None)


def active_conference(request) -> int | None:
    """The conference whose approval screen this session is locked to, if any."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    return session.get(SESSION_KEY)


def is_active(request, conference_id) -> bool:
    return active_conference(request) == int(conference_id)


def totp_device(user):
    """The advisor's confirmed authenticator, whose code replaces the password when present."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def secret_matches(user, secret: str, device=None) -> bool:
    """The advisor's TOTP code when they have a confirmed device, else their password."""
    if device is not None:
        return bool(device.verify_token(secret.strip()))
    return user.check_password(secret)


def tries_left_after_failure(request) -> int:
    """Count one wrong secret; how many tries are left before the session is signed out."""
    tries = request.session.get(TRIES_KEY, 0) + 1
    request.session[TRIES_KEY] = tries
    return max(settings.AXES_FAILURE_LIMIT - tries, 0)


def allowed_paths(conference_id: int) -> set[str]:
    return {
        reverse("meetings:sign", kwargs={"conference_id": conference_id}),
        reverse("meetings:give_back", kwargs={"conference_id": conference_id}),
        reverse("accounts:signout"),
    }


def elsewhere(request, conference_id: int, *, status: int = 404):
    """What the session sees of anything but the approval screen: a page with no way out but
    back to the approval or giving the device back."""
    return render(
        request,
        "meetings/handover_elsewhere.html",
        {"conference_id": conference_id},
        status=status,
    )


class HandOverMiddleware:
    """Holds a session in its hand-over (see the module's docstring). Server-side: hiding the
    links is not what keeps the other students out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        conference_id = active_conference(request)
        user = getattr(request, "user", None)
        if conference_id is None or user is None or not user.is_authenticated:
            return self.get_response(request)
        if request.path in allowed_paths(conference_id):
            return self.get_response(request)
        if request.method in ("GET", "HEAD") and not request.headers.get("HX-Request"):
            return redirect("meetings:sign", conference_id=conference_id)
        return elsewhere(request, conference_id)
