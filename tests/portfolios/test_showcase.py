"""A showcase link: the student picks pieces and shares a read-only, revocable, expiring link
that shows only those pieces and nothing else of the record. Revoked or expired: 404."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.portfolios import services
from tandem.portfolios.models import ShowcaseLink
from tests.portfolios.conftest import add_piece, client_as

pytestmark = pytest.mark.django_db


def make_link(client, cast, pieces, days=14):
    client_as(client, cast.student.user)
    url = reverse("portfolios:showcases", args=[cast.student.pk])
    response = client.post(
        url, {"pieces": [p.pk for p in pieces], "days": days, "label": "College"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return re.search(r'value="(https?://[^"]+/showcase/[^"]+/)"', response.content.decode())[1]


def test_only_the_chosen_pieces_and_nothing_else(client, cast, lab, essay):
    secret = add_piece(cast, "Private journal", reflection="Not for colleges.")
    cast.student.has_iep = True
    cast.student.save()
    link = make_link(client, cast, [lab, essay])
    client.logout()  # anyone with the link, signed in or not
    response = client.get(link)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Titration lab" in page and "It shows I can design an investigation." in page
    assert "Argument essay" in page and "https://docs.example/essay" in page
    assert "Private journal" not in page and secret.reflection not in page
    # Nothing else of the record: not the name, the school's people, the family or the plan.
    for other in ("Rivera", "Samuel", "Alice", "Carla", "IEP", "Harbor", "College"):
        assert other not in page, other
    assert response["Referrer-Policy"] == "no-referrer"
    file_url = reverse(
        "portfolios:showcase_file", args=[link.rstrip("/").rsplit("/", 1)[1], lab.pk]
    )
    assert file_url in page
    download = client.get(file_url)
    assert b"".join(download.streaming_content) == b"%PDF-1.4 titration"
    # A piece not chosen for the link is not served through it.
    token = link.rstrip("/").rsplit("/", 1)[1]
    other_url = reverse("portfolios:showcase_file", args=[token, secret.pk])
    assert client.get(other_url).status_code == 404


def test_the_token_is_kept_only_as_its_hash(client, cast, lab):
    link = make_link(client, cast, [lab])
    token = link.rstrip("/").rsplit("/", 1)[1]
    stored = ShowcaseLink.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ShowcaseLink.objects.values().get())
    client_as(client, cast.student.user)
    listing = client.get(reverse("portfolios:showcases", args=[cast.student.pk])).content.decode()
    assert token not in listing  # shown once, when made


def test_a_revoked_link_is_a_404(client, cast, lab):
    link = make_link(client, cast, [lab])
    token = link.rstrip("/").rsplit("/", 1)[1]
    showcase = ShowcaseLink.objects.get()
    revoke = reverse("portfolios:showcase_revoke", args=[cast.student.pk, showcase.pk])
    client_as(client, cast.advisor)  # not the advisor's to revoke
    assert client.post(revoke).status_code == 404
    client.logout()
    assert client.get(link).status_code == 200
    client_as(client, cast.student.user)
    assert client.post(revoke).status_code == 302
    client.logout()
    assert client.get(link).status_code == 404
    assert client.get(reverse("portfolios:showcase_file", args=[token, lab.pk])).status_code == 404


def test_an_expired_link_is_a_404(client, cast, lab):
    link = make_link(client, cast, [lab], days=1)
    ShowcaseLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(link).status_code == 404


def test_a_forged_token_is_a_404(client, cast, lab):
    make_link(client, cast, [lab])
    assert client.get(reverse("portfolios:showcase", args=["not-a-token"])).status_code == 404


def test_only_own_pieces_and_a_sane_lifetime(cast, lab):
    olives = services.piece_add(
        student=cast.other_student, title="Olive's", url="https://x.example", by=None
    )
    with pytest.raises(services.ValidationError):
        services.showcase_create(student=cast.student, pieces=[olives], days=7, by=None)
    with pytest.raises(services.ValidationError):
        services.showcase_create(student=cast.student, pieces=[lab], days=365, by=None)
    with pytest.raises(services.ValidationError):
        services.showcase_create(student=cast.student, pieces=[], days=7, by=None)
    assert not ShowcaseLink.objects.exists()


@pytest.mark.parametrize("who", ["advisor", "caregiver", "coordinator", "other_student"])
def test_showcase_links_are_the_students_alone(client, cast, lab, who):
    user = getattr(cast, who)
    client_as(
        client, getattr(user, "user", user) if who in ("caregiver", "other_student") else user
    )
    assert client.get(reverse("portfolios:showcases", args=[cast.student.pk])).status_code == 404
