"""Personal access tokens: made on the account page and shown once, kept as a hash, revoked
and expired tokens refused with a problem body, a read token cannot write, one school only."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tandem.api.models import AccessToken
from tandem.api.services import token_revoke
from tests.personas import make_school

from .conftest import bearer

pytestmark = pytest.mark.django_db


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] and "detail" in body
    return body


def test_a_token_is_shown_once_and_kept_as_a_hash(client, cast):
    client.force_login(cast.advisor)
    url = reverse("api_tokens:tokens")
    response = client.post(
        url, {"name": "Sync", "school": cast.school.pk, "days": 30, "can_write": ""}
    )
    assert response.status_code == 200
    token = response.context["shown"]
    assert token.startswith("tdm_") and token.encode() in response.content
    row = AccessToken.objects.get(user=cast.advisor)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(AccessToken.objects.values()))
    assert not row.can_write and row.school == cast.school
    again = client.get(url)
    assert token.encode() not in again.content and b"Sync" in again.content
    api = client.get("/api/v1/schools", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200


def test_days_are_bounded_and_the_school_is_one_of_the_users(client, cast):
    other, _ = make_school("Bay Middle")
    client.force_login(cast.advisor)
    url = reverse("api_tokens:tokens")
    for bad in ({"days": 0}, {"days": 366}, {"school": other.pk}):
        data = {"name": "x", "school": cast.school.pk, "days": 30} | bad
        assert client.post(url, data).status_code == 400
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("persona", ["caregiver", "student"])
def test_families_and_students_make_no_tokens(client, cast, persona):
    user = cast.caregiver.user if persona == "caregiver" else cast.student.user
    client.force_login(user)
    assert client.get(reverse("api_tokens:tokens")).status_code == 404
    data = {"name": "x", "school": cast.school.pk, "days": 30}
    assert client.post(reverse("api_tokens:tokens"), data).status_code == 404


def test_revoked_expired_and_wrong_tokens_are_401(client, cast):
    headers = bearer(cast.coordinator, cast.school)
    assert client.get("/api/v1/schools", **headers).status_code == 200
    token_revoke(token=AccessToken.objects.get())
    problem(client.get("/api/v1/schools", **headers), 401)

    headers = bearer(cast.coordinator, cast.school, days=1)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        problem(client.get("/api/v1/schools", **headers), 401)
    for wrong in ("Bearer tdm_nothing", "Bearer ", "Basic abc", headers["HTTP_AUTHORIZATION"][:-2]):
        problem(client.get("/api/v1/schools", HTTP_AUTHORIZATION=wrong), 401)
    response = problem(client.get("/api/v1/schools"), 401)
    assert response["detail"]


def test_revoking_on_the_page_asks_first(client, cast):
    headers = bearer(cast.advisor, cast.school)
    row = AccessToken.objects.get()
    client.force_login(cast.advisor)
    url = reverse("api_tokens:revoke", args=[row.pk])
    assert client.get(url).status_code == 200
    row.refresh_from_db()
    assert row.revoked_at is None
    client.post(url)
    client.logout()
    problem(client.get("/api/v1/schools", **headers), 401)
    client.force_login(cast.other_advisor)
    assert client.post(url).status_code == 404


def test_a_read_token_cannot_write(client, cast):
    from tandem.conferences.models import Status
    from tests.core.test_access_matrix import conference_of

    conference = conference_of(cast)
    url = f"/api/v1/conferences/{conference.pk}/cancel"
    problem(client.post(url, **bearer(cast.coordinator, cast.school)), 403)
    conference.refresh_from_db()
    assert conference.status == Status.BOOKED
    written = bearer(cast.coordinator, cast.school, write=True)
    response = client.post(url, **written)
    assert response.status_code == 200 and response.json()["status"] == Status.CANCELLED
    problem(client.post(url, **written), 409)
    problem(client.post("/api/v1/schools", **written), 405)


def test_a_token_for_school_a_sees_nothing_of_school_b(client, cast):
    bay, _ = make_school("Bay Middle")
    from tandem.schools.models import Role, StaffRole

    StaffRole.objects.create(user=cast.coordinator, school=bay, role=Role.COORDINATOR)
    headers = bearer(cast.coordinator, bay)
    assert [s["id"] for s in client.get("/api/v1/schools", **headers).json()["items"]] == [bay.pk]
    problem(client.get(f"/api/v1/schools/{cast.school.pk}", **headers), 404)
    assert client.get("/api/v1/students", **headers).json()["items"] == []
    problem(client.get(f"/api/v1/students/{cast.student.pk}", **headers), 404)
    assert client.get("/api/v1/plans", **headers).json()["items"] == []
    assert client.get("/api/v1/advisories", **headers).json()["items"] == []
    # The same token for Harbor sees Sam.
    harbor = bearer(cast.coordinator, cast.school)
    assert client.get(f"/api/v1/students/{cast.student.pk}", **harbor).status_code == 200


def test_a_token_stops_when_its_owner_leaves_the_school(client, cast):
    from tandem.schools.models import StaffRole

    headers = bearer(cast.advisor, cast.school)
    StaffRole.objects.filter(user=cast.advisor).delete()
    problem(client.get("/api/v1/schools", **headers), 401)


def test_rate_limit_per_token(client, cast, settings):
    settings.API_RATE_LIMIT = 3
    headers = bearer(cast.coordinator, cast.school)
    other = bearer(cast.advisor, cast.school)
    for _ in range(3):
        assert client.get("/api/v1/schools", **headers).status_code == 200
    response = client.get("/api/v1/schools", **headers)
    problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    assert client.get("/api/v1/schools", **other).status_code == 200


def test_session_writes_need_csrf(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.coordinator)
    from tests.core.test_access_matrix import conference_of

    url = f"/api/v1/conferences/{conference_of(cast).pk}/cancel"
    assert client.get("/api/v1/schools").status_code == 200
    problem(client.post(url), 403)
