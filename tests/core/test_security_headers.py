"""Every response carries the security headers: a Content-Security-Policy (django-csp; scripts
and styles from our own files only, no plugins, no framing, forms to ourselves), a
Referrer-Policy that tells no other site where a person came from, and a Permissions-Policy
that turns off the camera, microphone, location and payment. A PDF gets only the framing rule,
so Chrome's PDF viewer still shows it."""

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGE_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        name: value.strip()
        for name, _, value in (part.strip().partition(" ") for part in header.split(";"))
    }


def assert_other_headers(response):
    assert response["Referrer-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions
    assert "fullscreen" not in permissions  # the presenting view goes full screen


@pytest.mark.parametrize("path", ["/signin/", "/signin/link/"])
def test_the_sign_in_pages(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert PAGE_POLICY.items() <= policy.items()
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert_other_headers(response)
    # htmx is told not to inject its inline indicator style, and not to eval.
    assert '"includeIndicatorStyles": false' in response.content.decode()


def test_a_signed_in_page(client, cast):
    client.force_login(cast.advisor)
    response = client.get(reverse("advisories:advisor_home"))
    assert response.status_code == 200
    assert PAGE_POLICY.items() <= directives(response).items()
    assert_other_headers(response)


def test_a_pdf_may_be_shown_by_the_browser_but_not_framed(client, cast):
    client.force_login(cast.advisor)
    response = client.get(reverse("evidence:packet_pdf", args=[cast.student.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert directives(response) == {"frame-ancestors": "'none'"}
    assert_other_headers(response)


def test_an_inline_script_runs_only_with_the_requests_nonce(rf):
    """What a template with an inline script must write: nonce="{{ request.csp_nonce }}"."""

    def view(request):
        html = Template('<script nonce="{{ request.csp_nonce }}">x()</script>').render(
            Context({"request": request})
        )
        return HttpResponse(html)

    request = rf.get("/")
    response = CSPMiddleware(view)(request)
    nonce = request.csp_nonce
    assert f'nonce="{nonce}"' in response.content.decode()
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]
