from django.shortcuts import redirect
from django.urls import path

from . import views
from .base import not_allowed_as_problem
from .v1 import api


def _to_the_reference(request):
    return redirect("api:openapi-view")


def _api_patterns():
    """Ninja's URL patterns for /api/v1/: wrong methods answered with a problem body, and the
    bare /api/v1/ (ninja's 404 root) sending a reader to the reference page."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name == "api-root":
            pattern.callback = _to_the_reference
        else:
            pattern.callback = not_allowed_as_problem(pattern.callback)
    return patterns, app_name, namespace


app_name = "api_tokens"

urlpatterns = [
    path("account/api-tokens/", views.tokens, name="tokens"),
    path("account/api-tokens/<int:token_id>/revoke/", views.revoke, name="revoke"),
]
