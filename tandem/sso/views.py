"""Sign-in through a school's OpenID Connect provider: /signin/sso/<school>/ sends the browser
there; /signin/sso/callback/ takes it back (sso.services)."""

import logging

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tandem.accounts.views import sign_in_or_ask_code
from tandem.core.redirects import safe_next

from . import selectors, services

log = logging.getLogger(__name__)
BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
@require_GET
def start(request, school_key):
    sign_on = selectors.sign_on_for_key(school_key)
    if request.user.is_authenticated:
        return redirect(safe_next(request, "core:home"))
    try:
        return redirect(services.start_url(request, sign_on, next_url=safe_next(request, "")))
    except services.Refused as refused:
        return _refused(request, refused)


@never_cache
@require_GET
def callback(request):
    try:
        signed_in = services.finish(request)
    except services.Refused as refused:
        return _refused(request, refused)
    return sign_in_or_ask_code(
        request,
        signed_in.user,
        backend=BACKEND,
        next_url=signed_in.next_url or safe_next(request, "core:home"),
        provider_mfa=signed_in.mfa,
    )


def _refused(request, refused):
    sign_on = refused.sign_on
    log.warning(
        "single sign-on refused (%s) for %s: %s",
        refused.kind,
        sign_on.school if sign_on is not None else "no school",
        refused.reason,
    )
    return render(
        request,
        "sso/refused.html",
        {
            "kind": refused.kind,
            "sign_on": sign_on,
            "school_key": selectors.public_key(sign_on.school) if sign_on is not None else "",
        },
        status=403 if refused.kind == "account" else 400,
    )
