"""Every view that follows a posted or query `next` goes only to a page of this site
(tandem.core.redirects): an address from outside lands on the view's own page instead. The
conference views are in tests/conferences/test_next.py (they need a window)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

HOSTILE = [
    "https://evil.example/x",
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http://testserver@evil.example/",
]
LOCAL = "/students/?page=2"


@pytest.mark.parametrize("target", HOSTILE)
def test_a_staff_sign_in_never_leaves_the_site(client, cast, target):
    response = client.post(
        reverse("accounts:signin"),
        {"username": cast.advisor.email, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    # Already signed in: the sign-in page sends them on, home again.
    response = client.get(reverse("accounts:signin"), {"next": target})
    assert response["Location"] == reverse("core:home")


def test_a_staff_sign_in_keeps_a_local_next(client, cast):
    response = client.post(
        reverse("accounts:signin"),
        {"username": cast.advisor.email, "password": PASSWORD, "next": LOCAL},
    )
    assert response["Location"] == LOCAL


@pytest.mark.parametrize("target", [*HOSTILE, LOCAL])
def test_a_sign_in_link_goes_to_a_local_next_only(client, cast, target):
    from tandem.accounts import links

    user = cast.caregiver.user
    token = links.issue(user=user, lifetime=links.requested_lifetime()).url.split("?t=")[1]
    page = client.get(reverse("accounts:signin_link_open"), {"t": token, "next": target})
    kept = f'name="next" value="{escape(target)}"' in page.content.decode()
    assert kept == (target == LOCAL)
    response = client.post(reverse("accounts:signin_link_open"), {"t": token, "next": target})
    assert response.status_code == 302
    assert response["Location"] == (LOCAL if target == LOCAL else reverse("core:home"))


@pytest.mark.parametrize("target", [*HOSTILE, LOCAL])
def test_changing_the_language_returns_to_a_local_page_only(client, cast, target):
    response = client.post(reverse("accounts:set_language"), {"language": "es", "next": target})
    assert response["Location"] == (LOCAL if target == LOCAL else reverse("core:home"))


@pytest.mark.parametrize("target", [*HOSTILE, LOCAL])
def test_saving_an_address_returns_to_a_local_page_only(client, cast, target):
    household = cast.caregiver.guardianships.get().household
    client.force_login(cast.caregiver.user)
    response = client.post(
        reverse("people:household_address", args=[household.pk]),
        {"street": "14 Elm St", "city": "Boston", "state": "MA", "postal_code": "02118"}
        | {"next": target},
    )
    assert response["Location"] == (LOCAL if target == LOCAL else reverse("core:home"))


@pytest.mark.parametrize("target", [*HOSTILE, LOCAL])
def test_a_check_in_returns_to_a_local_page_only(client, cast, target):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("outreach:checkin", args=[cast.student.pk]), {"note": "", "next": target}
    )
    own = reverse("outreach:student", args=[cast.student.pk])
    assert response["Location"] == (LOCAL if target == LOCAL else own)


def test_over_https_a_plain_http_next_is_refused(client, cast):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("outreach:checkin", args=[cast.student.pk]),
        {"next": "http://testserver/students/"},
        secure=True,
    )
    assert response["Location"] == reverse("outreach:student", args=[cast.student.pk])
