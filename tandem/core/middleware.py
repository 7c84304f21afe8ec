from django.utils import timezone

from .dates import school_zone_for


class SchoolTimeZoneMiddleware:
    """Pages show times on the clock of the signed-in person's school: `{{ value|date }}`,
    `localtime` and the `clock` filters all read the zone activated here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = school_zone_for(getattr(request, "user", None))
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
# A PDF opened in Chrome is shown by its viewer inside a page the browser makes (an <embed> with
# inline styles), which the pages' policy would block (crbug.com/271452). A PDF runs none of our
# scripts, so it only must not be framed by another site.
DOCUMENT_POLICY = {"frame-ancestors": ["'none'"]}


class SecurityHeadersMiddleware:
    """The headers django-csp does not set: `Permissions-Policy` (no camera, microphone,
    location, payment… for any page; full screen stays allowed for the presenting view), and
    for PDFs the narrower Content-Security-Policy above. Sits inside csp's middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if response.get("Content-Type", "").startswith("application/pdf"):
            response._csp_config = DOCUMENT_POLICY
        return response
