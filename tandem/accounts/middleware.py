from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from tandem.core.policy import memberships


class UserLanguageMiddleware:
    """A signed-in person sees Tandem in their own language, on any device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """Where a school requires a second factor, its staff reach nothing but the pages that set
    one up until they have used it in this session (or their school's provider asserted one
    when it signed them in: provider_asserted_mfa)."""

    ALLOWED_PREFIXES = ("/account/two-factor/", "/signout/", "/static/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not user.is_verified()
            and not provider_asserted_mfa(request)
            and requires_two_factor(user)
        ):
            return redirect(reverse("accounts:two_factor"))
        return self.get_response(request)


def requires_two_factor(user) -> bool:
    """A school where the user holds a staff role asks its staff for a second factor."""
    return memberships(user).two_factor


# Set when a school's OpenID Connect provider signed this session in and its ID token's `amr`
# asserted a second factor (sso.services.asserts_mfa): the provider's factor stands in for
# Tandem's TOTP code, for this session and this user only.
PROVIDER_MFA_KEY = "tandem_provider_mfa"


def mark_provider_mfa(request, user) -> None:
    request.session[PROVIDER_MFA_KEY] = user.pk


def provider_asserted_mfa(request) -> bool:
    return request.session.get(PROVIDER_MFA_KEY) == request.user.pk
