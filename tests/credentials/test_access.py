"""Who reaches a student's badges (beyond the access matrix's rows): another family's child is
a 404 however it is asked for; issuing and revoking are the school's oversight; the public pages
carry nothing about any student."""

from __future__ import annotations

import json

import pytest

from tandem.credentials import keys, services
from tandem.credentials.models import Credential

from .builders import issue, rate

pytestmark = pytest.mark.django_db


def urls(student, credential):
    base = f"/students/{student.pk}/credentials/"
    return [base, f"{base}{credential.pk}.json", f"{base}{credential.pk}.png", f"{base}clr.json"]


def test_another_familys_child_is_a_404(client, cast):
    sams = issue(cast, cast.student, "COM.1")
    olives = issue(cast, cast.other_student, "COM.1")
    for user, own, other in [
        (cast.caregiver.user, (cast.student, sams), (cast.other_student, olives)),
        (cast.other_caregiver.user, (cast.other_student, olives), (cast.student, sams)),
        (cast.student.user, (cast.student, sams), (cast.other_student, olives)),
    ]:
        client.force_login(user)
        for url in urls(*own):
            assert client.get(url).status_code == 200, url
        for url in urls(*other):
            assert client.get(url).status_code == 404, url
        # Another child's credential under one's own child's address: the same 404.
        student, _credential = own
        _student, foreign = other
        assert (
            client.get(f"/students/{student.pk}/credentials/{foreign.pk}.json").status_code == 404
        )
    client.force_login(cast.caregiver_no_rights.user)
    for url in urls(cast.student, sams):
        assert client.get(url).status_code == 404


def test_issuing_and_revoking_are_the_coordinators(client, cast):
    rating = rate(cast, cast.student, "COM.1")
    issue_url = f"/students/{cast.student.pk}/credentials/issue/"
    for user in (cast.advisor, cast.caregiver.user, cast.student.user, cast.other_advisor):
        client.force_login(user)
        assert client.post(issue_url, {"competency": rating.competency_id}).status_code == 404
    assert not Credential.objects.exists()
    client.force_login(cast.coordinator)
    response = client.post(issue_url, {"competency": rating.competency_id})
    assert response.status_code == 302
    credential = Credential.objects.get()
    page = client.get(f"/students/{cast.student.pk}/credentials/")
    assert b"Issue the badge" not in page.content and b"Revoke" in page.content
    # A competency of another school, or a forged id: 404.
    assert client.post(issue_url, {"competency": "x"}).status_code == 404
    assert client.post(issue_url, {"competency": 999999}).status_code == 404

    revoke_url = f"/students/{cast.student.pk}/credentials/{credential.pk}/revoke/"
    client.force_login(cast.advisor)
    assert client.get(revoke_url).status_code == 404
    assert client.post(revoke_url, {"reason": "x"}).status_code == 404
    client.force_login(cast.coordinator)
    page = client.get(revoke_url)
    assert page.status_code == 200 and b"Yes, revoke the badge" in page.content
    assert client.post(revoke_url, {"reason": "Rated in error"}).status_code == 302
    credential.refresh_from_db()
    assert credential.is_revoked and credential.revoked_by == cast.coordinator
    # A new badge may be issued after a revocation.
    assert client.post(issue_url, {"competency": rating.competency_id}).status_code == 302
    assert Credential.objects.filter(revoked_at__isnull=True).count() == 1


def test_the_students_page_shows_mastered_competencies_and_empty_states(client, cast):
    client.force_login(cast.student.user)
    page = client.get(f"/students/{cast.student.pk}/credentials/")
    assert b"No competency is mastered yet." in page.content
    response = client.get(f"/students/{cast.student.pk}/credentials/clr.json")
    assert response.status_code == 302  # no badge yet: back to the page, with a message
    rate(cast, cast.student, "COM.1")
    page = client.get(f"/students/{cast.student.pk}/credentials/")
    assert b"COM.1" in page.content and b"No badge issued yet." in page.content
    assert b"Issue the badge" not in page.content


def test_the_public_pages_hold_no_student_data(client, cast):
    sams = issue(cast, cast.student, "COM.1")
    issue(cast, cast.other_student, "COM.2")
    services.credential_revoke(credential=sams, by=cast.coordinator)
    names = [
        part.encode()
        for student in (cast.student, cast.other_student)
        for part in (student.first_name, student.last_name, student.local_id)
    ]
    pages = [
        client.get(f"/s/{cast.school.pk}/did.json"),
        client.get(f"/s/{cast.school.slug or cast.school.pk}/did.json"),
        client.get(f"/s/{cast.school.pk}/credentials/status/1"),
        client.get("/credentials/verify/"),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content
        if response["Content-Type"] == "application/vc+jwt":
            body = json.dumps(keys.read(body.decode())[1]).encode()
        for name in names:
            assert name not in body
    # Checking Sam's badge shows what it carries (his name, the achievement), nothing of Olive.
    page = client.post("/credentials/verify/", {"token": sams.jwt})
    assert cast.student.display_name.encode() in page.content
    for part in (cast.other_student.first_name, cast.other_student.last_name):
        assert part.encode() not in page.content
    assert cast.student.local_id.encode() not in page.content


def test_the_settings_page_rotates_the_key_and_sets_auto_issue(client, cast):
    issue(cast, cast.student, "COM.1")
    client.force_login(cast.coordinator)
    page = client.get("/coordinator/credentials/")
    assert page.status_code == 200 and b"key-1" in page.content
    response = client.post(
        "/coordinator/credentials/", {"school": cast.school.pk, "action": "rotate"}
    )
    assert response.status_code == 302
    page = client.get("/coordinator/credentials/")
    assert b"key-2" in page.content and b"Retired" in page.content
    client.post(
        "/coordinator/credentials/",
        {"school": cast.school.pk, "action": "settings", "auto_issue": "on"},
    )
    assert services.settings_of(cast.school).auto_issue
    client.force_login(cast.advisor)
    assert client.get("/coordinator/credentials/").status_code == 404


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_badges_page_and_the_clr_take_the_same_queries_for_one_badge_or_six(client, cast):
    issue(cast, cast.student, "COM.1")
    client.force_login(cast.coordinator)
    page = f"/students/{cast.student.pk}/credentials/"
    clr = f"{page}clr.json"
    _queries(client, page)  # the session's first reads
    few = (_queries(client, page), _queries(client, clr))
    for number in range(2, 7):
        issue(cast, cast.student, f"COM.{number}")
    rate(cast, cast.student, "MTH.1")
    assert (_queries(client, page), _queries(client, clr)) == few
