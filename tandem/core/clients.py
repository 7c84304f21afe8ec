"""Which address a request came from. Behind `TANDEM_TRUSTED_PROXIES` proxies (a load balancer,
a TLS terminator) each appending the address it saw to X-Forwarded-For, the client is the
entry the outermost of them added; entries before it may be forged by the client, so they are
never used. With no proxy configured it is REMOTE_ADDR."""

from django.conf import settings


def client_address(request) -> str:
    proxies = settings.TANDEM_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
