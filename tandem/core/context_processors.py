from django.conf import settings

from .navigation import nav_links


def tandem(request):
    user = getattr(request, "user", None)
    return {
        "nav_links": nav_links(user) if user is not None else [],
        "language_choices": [
            (code, settings.LANGUAGE_NAMES_NATIVE.get(code, name))
            for code, name in settings.LANGUAGES
        ],
    }
