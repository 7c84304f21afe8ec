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
    one up until they have used it in this session."""

    ALLOWED_PREFIXES = ("/account/two-factor/", "/signout/", "/static/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not user.is_verified()
            and requires_two_factor(user)
        ):
            return redirect(reverse("accounts:two_factor"))
        return self.get_response(request)


def requires_two_factor(user) -> bool:
    """A school where the user holds a staff role asks its staff for a second factor."""
    return memberships(user).two_factor
