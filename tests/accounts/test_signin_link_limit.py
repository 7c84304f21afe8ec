"""Sign-in-link requests are limited per address and per client (its IP address), in the
database so every web process counts the same: past the limit the page answers exactly as for
an unknown address and no mail goes out."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import SignInLinkRequest

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')


def ask(client, email, ip="203.0.113.7"):
    return client.post(reverse("accounts:signin_link"), {"email": email}, REMOTE_ADDR=ip)


def page(response, email) -> str:
    """The answer as the person sees it, whatever address they typed."""
    assert response.status_code == 200
    return TOKENS.sub("", response.content.decode()).replace(email, "ADDRESS")


def sends(django_capture_on_commit_callbacks, client, email, **where) -> tuple[int, str]:
    with django_capture_on_commit_callbacks() as callbacks:
        response = ask(client, email, **where)
    return len(callbacks), page(response, email)


def test_the_sixth_request_for_an_address_sends_nothing_and_looks_the_same(
    client, cast, django_capture_on_commit_callbacks
):
    carla = "carla@family.test"
    unknown_count, unknown = sends(django_capture_on_commit_callbacks, client, "nobody@x.test")
    assert unknown_count == 0
    for n in range(5):
        count, answer = sends(django_capture_on_commit_callbacks, client, carla, ip=f"10.0.0.{n}")
        assert count == 1 and answer == unknown
    # The sixth, from yet another client, and in another case: nothing, the same page.
    count, answer = sends(django_capture_on_commit_callbacks, client, "Carla@Family.test")
    assert count == 0 and answer == unknown
    # Others are not affected; after the window Carla may ask again.
    assert sends(django_capture_on_commit_callbacks, client, "fiona@family.test")[0] == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sends(django_capture_on_commit_callbacks, client, carla)[0] == 1


def test_a_client_asking_for_many_addresses_is_limited_too(
    client, cast, django_capture_on_commit_callbacks
):
    for n in range(19):
        assert ask(client, f"someone{n}@x.test").status_code == 200
    assert sends(django_capture_on_commit_callbacks, client, "carla@family.test")[0] == 1
    count, answer = sends(django_capture_on_commit_callbacks, client, "fiona@family.test")
    unknown_elsewhere = sends(
        django_capture_on_commit_callbacks, client, "nobody@x.test", ip="198.51.100.1"
    )[1]
    assert count == 0 and answer == unknown_elsewhere
    # Another client asking for Fiona still gets her a link.
    assert sends(django_capture_on_commit_callbacks, client, "fiona@family.test", ip="::1")[0] == 1


def test_the_limits_are_settings_and_no_address_is_stored(client, cast, settings):
    settings.TANDEM_SIGNIN_LINKS_PER_ADDRESS = 1
    ask(client, "carla@family.test")
    assert not SignInLinkRequest.objects.filter(key__contains="carla").exists()
    assert SignInLinkRequest.objects.count() == 2  # one for the address, one for the client
    ask(client, "carla@family.test")
    assert SignInLinkRequest.objects.count() == 2  # refused requests are not stored


def test_behind_a_proxy_the_client_is_the_address_the_proxy_saw(client, cast, settings):
    settings.TANDEM_TRUSTED_PROXIES = 1
    settings.TANDEM_SIGNIN_LINKS_PER_CLIENT = 1
    url = reverse("accounts:signin_link")
    balancer = {"REMOTE_ADDR": "10.0.0.1"}
    # Two families behind the same balancer are two clients; a forged first entry is ignored.
    client.post(url, {"email": "a@x.test"}, HTTP_X_FORWARDED_FOR="1.2.3.4", **balancer)
    client.post(url, {"email": "b@x.test"}, HTTP_X_FORWARDED_FOR="5.6.7.8, 4.3.2.1", **balancer)
    client.post(url, {"email": "c@x.test"}, HTTP_X_FORWARDED_FOR="9.9.9.9, 1.2.3.4", **balancer)
    assert SignInLinkRequest.objects.count() == 4  # a and b counted (address + client); c not
