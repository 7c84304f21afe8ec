from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .navigation import nav_links


def tandem(request):
    user = getattr(request, "user", None)
    return {
        # Worked out when a template shows it (base.html): an htmx fragment reads no roles.
        "nav_links": SimpleLazyObject(lambda: nav_links(user)) if user is not None else [],
        "language_choices": [
            (code, settings.LANGUAGE_NAMES_NATIVE.get(code, name))
            for code, name in settings.LANGUAGES
        ],
    }
