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
