"""Every API route with each staff persona's token and with none: what the pages show, the
pages' 404 for the rest (byte for byte the same as a missing record), restricted reads logged,
cursors, updated_since, ETags, and query counts that do not grow with the school."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tandem.advisories.models import Advisory
from tandem.core.models import AccessLog
from tests.core.test_access_matrix import conference_of, shared_plan_of
from tests.personas import make_student

from .conftest import bearer

pytestmark = pytest.mark.django_db

STAFF = ["coordinator", "school_admin", "advisor", "other_advisor", "case_manager"]
SAM = {"coordinator", "school_admin", "advisor", "case_manager"}


def records(cast):
    plan = shared_plan_of(cast)
    conference = conference_of(cast)
    return {
        f"/api/v1/schools/{cast.school.pk}": set(STAFF),
        f"/api/v1/schools/{cast.school.pk}/terms": set(STAFF),
        f"/api/v1/students/{cast.student.pk}": SAM,
        f"/api/v1/students/{cast.student.pk}/iep-goals": SAM,
        f"/api/v1/plans/{plan.pk}": SAM,
        f"/api/v1/conferences/{conference.pk}": {"coordinator", "school_admin", "advisor"},
    }


MISSING = {
    "/api/v1/schools/": "/api/v1/schools/999999",
    "/api/v1/students/": "/api/v1/students/999999",
    "/api/v1/plans/": "/api/v1/plans/999999",
    "/api/v1/conferences/": "/api/v1/conferences/999999",
}


def missing_twin(url):
    for start, twin in MISSING.items():
        if url.startswith(start):
            return twin + url[len(start) :].partition("/")[1] + url[len(start) :].partition("/")[2]
    raise AssertionError(url)


@pytest.mark.parametrize("persona", STAFF)
def test_each_record_with_each_staff_token(client, cast, persona):
    headers = bearer(getattr(cast, persona), cast.school)
    for url, allowed in records(cast).items():
        response = client.get(url, **headers)
        if persona in allowed:
            assert response.status_code == 200, (persona, url)
        else:
            missing = client.get(missing_twin(url), **headers)
            assert response.status_code == missing.status_code == 404, (persona, url)
            assert response.content == missing.content, (persona, url)
            assert response["Content-Type"] == "application/problem+json"


def test_no_token_is_401_everywhere(client, cast):
    for url in [*records(cast), "/api/v1/schools", "/api/v1/students", "/api/v1/plans"]:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json()["status"] == 401


def test_lists_are_what_the_policy_allows(client, cast):
    other = make_student(cast.school, "Olive", "Other2", local_id="S-777")

    def ids(persona, url):
        return {
            row["id"] for row in client.get(url, **bearer(persona, cast.school)).json()["items"]
        }

    shared_plan_of(cast)
    # Every staff member sees the school's directory; the full record only where they may.
    rows = client.get("/api/v1/students", **bearer(cast.other_advisor, cast.school)).json()
    by_id = {row["id"]: row for row in rows["items"]}
    assert by_id[cast.student.pk]["full_record"] is False
    assert by_id[cast.other_student.pk]["full_record"] is True
    assert "local_id" not in by_id[cast.student.pk]
    assert ids(cast.coordinator, "/api/v1/students") >= {cast.student.pk, other.pk}
    assert ids(cast.other_advisor, "/api/v1/plans") == set()
    assert ids(cast.advisor, "/api/v1/plans") == {shared_plan_of(cast).pk}
    sam_advisory = Advisory.objects.get(student=cast.student)
    assert sam_advisory.pk in ids(cast.case_manager, "/api/v1/advisories")
    assert sam_advisory.pk not in ids(cast.other_advisor, "/api/v1/advisories")
    conference = conference_of(cast)
    assert ids(cast.advisor, "/api/v1/conferences") == {conference.pk}
    assert ids(cast.case_manager, "/api/v1/conferences") == set()


def test_plan_versions_carry_content_and_hash(client, cast):
    from tandem.plans.services import content_hash

    plan = shared_plan_of(cast)
    body = client.get(f"/api/v1/plans/{plan.pk}", **bearer(cast.advisor, cast.school)).json()
    (version,) = body["versions"]
    stored = plan.versions.get()
    assert version["content"] == stored.content and version["content_hash"] == stored.content_hash
    assert version["content_hash"] == content_hash(version["content"])  # SHA-256, canonical JSON
    assert body["approvals"] == []


def test_restricted_reads_are_logged_as_on_the_pages(client, cast):
    from tandem.evidence.services import iep_goal_add

    iep_goal_add(
        student=cast.student,
        area="Reading",
        goal="Read fluently",
        baseline=Decimal("40"),
        target=Decimal("90"),
        measure="words per minute",
        starts_on=date.today() - timedelta(days=10),
        ends_on=date.today() + timedelta(days=100),
        by=cast.case_manager,
    )
    url = f"/api/v1/students/{cast.student.pk}/iep-goals"
    response = client.get(url, **bearer(cast.case_manager, cast.school))
    assert [g["area"] for g in response.json()] == ["Reading"]
    log = AccessLog.objects.get()
    assert (log.user, log.student, log.record_type) == (
        cast.case_manager,
        cast.student,
        "evidence.iepgoal",
    )
    # Refused reads write nothing.
    assert client.get(url, **bearer(cast.other_advisor, cast.school)).status_code == 404
    assert AccessLog.objects.count() == 1


def test_cursor_pages_and_a_bad_cursor(client, cast):
    for n in range(5):
        make_student(cast.school, f"Kid{n}", "Page", local_id=f"P-{n}")
    headers = bearer(cast.coordinator, cast.school)
    seen, cursor = [], None
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/students", query, **headers).json()
        assert len(body["items"]) <= 2
        seen += [row["id"] for row in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 7
    for bad in ({"cursor": "nonsense!"}, {"limit": 101}, {"limit": 0}):
        response = client.get("/api/v1/students", bad, **headers)
        assert response.status_code == 400, bad
        assert response["Content-Type"] == "application/problem+json"


def test_updated_since(client, cast):
    plan = shared_plan_of(cast)
    headers = bearer(cast.advisor, cast.school)
    before = (plan.updated_at - timedelta(seconds=1)).isoformat()
    after = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert (
        len(client.get("/api/v1/plans", {"updated_since": before}, **headers).json()["items"]) == 1
    )
    assert client.get("/api/v1/plans", {"updated_since": after}, **headers).json()["items"] == []


def test_etag_and_if_none_match(client, cast):
    headers = bearer(cast.coordinator, cast.school)
    first = client.get("/api/v1/students", **headers)
    etag = first["ETag"]
    again = client.get("/api/v1/students", HTTP_IF_NONE_MATCH=etag, **headers)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    make_student(cast.school, "New", "Kid", local_id="N-1")
    changed = client.get("/api/v1/students", HTTP_IF_NONE_MATCH=etag, **headers)
    assert changed.status_code == 200 and changed["ETag"] != etag


LISTS = ["/api/v1/students", "/api/v1/advisories", "/api/v1/plans", "/api/v1/conferences"]


@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow_with_the_school(client, cast, django_assert_num_queries, url):
    from tandem.plans.services import plan_create

    headers = bearer(cast.coordinator, cast.school)
    fall = cast.year.terms.get(name="Fall")

    from tandem.conferences.models import Conference
    from tests.core.test_access_matrix import conference_window_of

    window = conference_window_of(cast)

    def grow(n, start):
        for i in range(start, start + n):
            kid = make_student(cast.school, f"Kid{i}", "Many", local_id=f"M-{i}")
            Advisory.objects.create(student=kid, advisor=cast.advisor, year=cast.year)
            plan_create(student=kid, term=fall, kind="term", by=cast.advisor)
            # A row as the booking leaves it (the list reads rows; the rules are not the point).
            starts = timezone.now() + timedelta(days=1, minutes=20 * i)
            Conference.objects.create(
                window=window,
                student=kid,
                advisor=cast.advisor,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=20),
            )

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **headers).status_code == 200
        return len(queries)

    grow(3, 0)
    small = count()
    grow(12, 3)
    with django_assert_num_queries(small):
        response = client.get(url, {"limit": 100}, **headers)
        assert response.status_code == 200
    assert len(response.json()["items"]) >= 15


def test_updated_since_far_offsets_are_a_clear_400_or_work(client, cast):
    """Found by schemathesis on PostgreSQL: an offset of -22:10 on a year-1013 moment was a 500."""
    headers = bearer(cast.coordinator, cast.school)
    for since in ["1013-02-18T15:53:06-22:10", "0001-01-01T00:00:00+23:59", "2026-01-01T00:00:00"]:
        response = client.get("/api/v1/conferences", {"updated_since": since}, **headers)
        assert response.status_code in (200, 400), (since, response.content)
        if response.status_code == 400:
            assert response["Content-Type"] == "application/problem+json"


def test_a_plan_with_an_approval_reads_which_version_was_approved(client, cast):
    from tandem.plans import approvals

    plan = shared_plan_of(cast)
    approval = approvals.approval_give(
        plan=plan,
        caregiver=cast.caregiver,
        version_number=1,
        typed_name="Carla Rivera",
        confirmed=True,
        ip_address=None,
        user_agent="",
        by=cast.caregiver.user,
    )
    response = client.get(f"/api/v1/plans/{plan.pk}", **bearer(cast.advisor, cast.school))
    assert response.status_code == 200
    (row,) = response.json()["approvals"]
    assert row["id"] == approval.pk and row["version_number"] == 1
    assert row["caregiver_id"] == cast.caregiver.pk and row["method"] == "portal"
