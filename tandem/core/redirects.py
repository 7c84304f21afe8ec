"""Where to go after a form: the page named by a posted or query `next`, when it is on this
site. Every view that follows `next` asks here, so an address from outside
(`https://evil.example/x`, `//evil.example/x`, `/\\evil.example`, `javascript:…`) is never
followed: the view's own page is used instead."""

from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str = "") -> str:
    """The request's `next` (POST first, then the query) when it is a local address of this
    host (HTTPS only when the request is), else `fallback` — a URL or a URL name, resolved;
    "" stays ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback) if fallback else ""


def redirect_next(request, fallback: str, *args, **kwargs):
    """A redirect to the request's safe `next`, else to `fallback` (a URL, or a URL name with
    its arguments)."""
    target = safe_next(request)
    return redirect(target) if target else redirect(fallback, *args, **kwargs)
