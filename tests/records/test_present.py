"""The presenting view: the student leads from it; no editing controls; outsiders get a 404."""

import pytest
from django.urls import reverse

from tandem.records import services

from .conftest import client_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def prepared(cast, fall):
    services.preparation_save(
        student=cast.student,
        term=fall,
        learned="Balancing equations.",
        need_to_learn="Lab conclusions.",
        how_to_learn="Tuesday office hours.",
        expected_revision=0,
        by=cast.student.user,
    )
    services.work_add(
        student=cast.student,
        term=fall,
        title="Titration lab",
        why="My best lab this term.",
        link="https://docs.example/lab",
        by=cast.student.user,
    )


@pytest.mark.parametrize("persona", ["student", "advisor", "caregiver", "coordinator"])
def test_the_room_can_follow_it(client, cast, conference, prepared, persona):
    user = getattr(cast, persona)
    client_as(client, getattr(user, "user", user))
    response = client.get(reverse("records:present", args=[conference.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("What I learned", "Balancing equations.", "How I will learn it"):
        assert text in page
    assert "Titration lab" in page and "https://docs.example/lab" in page
    assert "<textarea" not in page and 'name="action"' not in page
    assert "data-next" in page and "data-prev" in page


def test_it_says_so_when_nothing_is_prepared(client, cast, conference):
    client_as(client, cast.caregiver.user)
    page = client.get(reverse("records:present", args=[conference.pk])).content.decode()
    assert "Not prepared yet" in page


@pytest.mark.parametrize(
    "persona", ["other_advisor", "caregiver_no_rights", "other_caregiver", "other_student"]
)
def test_outsiders_get_404(client, cast, conference, persona):
    user = getattr(cast, persona)
    client_as(client, getattr(user, "user", user))
    assert client.get(reverse("records:present", args=[conference.pk])).status_code == 404
