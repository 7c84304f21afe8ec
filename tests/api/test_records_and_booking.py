"""The API's second part: competency frameworks and ratings, assessment results and final
meeting records (each with the pages' audience, cursors, updated_since and flat query counts),
and booking and moving conferences through the staff booking services (the database's rules:
a taken time is a 409; what the token's owner may not reach is the missing record's 404)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tandem.advisories.models import Advisory
from tandem.conferences import selectors
from tandem.conferences.models import AdvisorAvailability, Conference, Status
from tandem.evidence import services as evidence_services
from tandem.evidence.models import AssessmentResult
from tandem.plans.models import Competency
from tandem.records.models import MeetingRecord
from tests.core.test_access_matrix import (
    conference_of,
    conference_window_of,
    final_record_of,
    framework_of,
)
from tests.personas import make_school, make_student

from .conftest import bearer

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)
STAFF = ["coordinator", "school_admin", "advisor", "other_advisor", "case_manager"]
SAM = {"coordinator", "school_admin", "advisor", "case_manager"}


def competency(cast, code="W.1"):
    return Competency.objects.get_or_create(
        school=cast.school, code=code, defaults={"statement": f"Competency {code}"}
    )[0]


def rate(cast, student=None, *, code="W.1", level="in_progress", evidence="Essay draft"):
    return evidence_services.rating_save(
        student=student or cast.student,
        competency=competency(cast, code),
        term=cast.year.terms.get(name="Fall"),
        level=level,
        rated_on=timezone.localdate(),
        evidence=evidence,
        evidence_url="https://example.test/essay",
        by=cast.advisor,
    )


def score(cast, student=None, *, subject="Reading", day=None, value="212"):
    return evidence_services.result_add(
        student=student or cast.student,
        assessment="NWEA MAP Growth",
        subject=subject,
        taken_on=day or date(2026, 9, 15),
        score=Decimal(value),
        percentile=55,
    )


def ids(client, url, headers, **query):
    response = client.get(url, query, **headers)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


# -- the records, with each staff persona's token ----------------------------------------------


@pytest.mark.parametrize("persona", STAFF)
def test_each_new_record_with_each_staff_token(client, cast, persona):
    """The same as tests/api/test_resources for the first part: allowed, or byte for byte the
    missing record's 404."""
    headers = bearer(getattr(cast, persona), cast.school)
    record = final_record_of(cast)
    allowed = {
        f"/api/v1/frameworks/{framework_of(cast).pk}": set(STAFF),
        f"/api/v1/meeting-records/{record.pk}": SAM,
    }
    missing = {
        "frameworks": "/api/v1/frameworks/999999",
        "meeting-records": "/api/v1/meeting-records/999999",
    }
    for url, who in allowed.items():
        response = client.get(url, **headers)
        if persona in who:
            assert response.status_code == 200, (persona, url)
            continue
        twin = client.get(missing[url.split("/")[3]], **headers)
        assert response.status_code == twin.status_code == 404, (persona, url)
        assert response.content == twin.content
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("persona", STAFF)
def test_each_new_list_with_each_staff_token(client, cast, persona):
    rating, result, record = rate(cast), score(cast), final_record_of(cast)
    framework = framework_of(cast)
    headers = bearer(getattr(cast, persona), cast.school)
    sees_sam = persona in SAM
    assert ids(client, "/api/v1/competency-ratings", headers) == (
        {rating.pk} if sees_sam else set()
    )
    assert ids(client, "/api/v1/assessment-results", headers) == (
        {result.pk} if sees_sam else set()
    )
    assert ids(client, "/api/v1/meeting-records", headers) == ({record.pk} if sees_sam else set())
    assert ids(client, "/api/v1/frameworks", headers) == {framework.pk}


def test_no_token_is_401_on_every_new_route(client, cast):
    record = final_record_of(cast)
    for url in [
        "/api/v1/frameworks",
        f"/api/v1/frameworks/{framework_of(cast).pk}",
        "/api/v1/competency-ratings",
        "/api/v1/assessment-results",
        "/api/v1/meeting-records",
        f"/api/v1/meeting-records/{record.pk}",
    ]:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/problem+json"
    for url in ["/api/v1/conferences", f"/api/v1/conferences/{record.conference_id}/move"]:
        assert client.post(url, {}, content_type="application/json").status_code == 401, url


def test_a_token_for_another_school_sees_none_of_it(client, cast):
    from tandem.schools.models import Role, StaffRole

    bay, _ = make_school("Bay Middle")
    StaffRole.objects.create(user=cast.coordinator, school=bay, role=Role.COORDINATOR)
    rate(cast), score(cast)
    record = final_record_of(cast)
    headers = bearer(cast.coordinator, bay)
    for url in ["/api/v1/frameworks", "/api/v1/competency-ratings", "/api/v1/assessment-results"]:
        assert ids(client, url, headers) == set(), url
    assert ids(client, "/api/v1/meeting-records", headers) == set()
    assert client.get(f"/api/v1/meeting-records/{record.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/frameworks/{framework_of(cast).pk}", **headers).status_code == 404


# -- what each resource says -------------------------------------------------------------------


def test_a_framework_reads_with_its_tree(client, cast):
    from tandem.evidence.models import FrameworkItem

    framework = framework_of(cast)
    parent = framework.items.get()
    FrameworkItem.objects.create(
        framework=framework,
        identifier="urn:harbor:w1a",
        code="W.1.a",
        statement="Drafts",
        parent=parent,
        sequence=1,
    )
    body = client.get(f"/api/v1/frameworks/{framework.pk}", **bearer(cast.advisor, cast.school))
    items = body.json()["items"]
    assert [(i["code"], i["parent_id"]) for i in items] == [("W.1", None), ("W.1.a", parent.pk)]
    assert body.json()["identifier"] == "urn:harbor:competencies"


def test_ratings_say_the_competency_and_hide_the_evidence_from_the_family(client, cast):
    item = framework_of(cast).items.get()
    Competency.objects.filter(pk=competency(cast).pk).update(framework_item=item)
    rating = rate(cast)
    (row,) = client.get("/api/v1/competency-ratings", **bearer(cast.advisor, cast.school)).json()[
        "items"
    ]
    assert row["competency_code"] == "W.1" and row["framework_item_identifier"] == "urn:harbor:w1"
    assert row["evidence"] == "Essay draft" and row["rated_by_id"] == cast.advisor.pk
    assert row["student_id"] == cast.student.pk and row["id"] == rating.pk
    # A caregiver (signed in) reads the level, as on the credit report, not the staff's notes.
    client.force_login(cast.caregiver.user)
    (family,) = client.get("/api/v1/competency-ratings").json()["items"]
    assert family["level"] == "in_progress"
    assert family["evidence"] is None and family["evidence_url"] is None
    assert family["rated_by_id"] is None


def test_drafts_never_appear(client, cast):
    record = final_record_of(cast)
    draft_conference = conference_of(cast)
    MeetingRecord.objects.filter(pk=record.pk).update(finalized_at=None, finalized_by=None)
    for persona in ["coordinator", "advisor", "case_manager"]:
        headers = bearer(getattr(cast, persona), cast.school)
        assert ids(client, "/api/v1/meeting-records", headers) == set()
        missing = client.get("/api/v1/meeting-records/999999", **headers)
        draft = client.get(f"/api/v1/meeting-records/{record.pk}", **headers)
        assert draft.status_code == 404 and draft.content == missing.content
    assert draft_conference.pk == record.conference_id


def test_a_final_record_reads_whole(client, cast):
    record = final_record_of(cast)
    body = client.get(
        f"/api/v1/meeting-records/{record.pk}", **bearer(cast.case_manager, cast.school)
    ).json()
    assert body["reflection"] == "Proud of the essay."
    assert body["student_id"] == cast.student.pk and body["conference_id"] == record.conference_id
    assert [s["what"] for s in body["next_steps"]] == ["Read nightly"]
    assert body["finalized_by_id"] == cast.advisor.pk


def test_the_family_reads_the_final_record_as_on_its_page(client, cast):
    record = final_record_of(cast)
    for user, code in [
        (cast.caregiver.user, 200),
        (cast.student.user, 200),
        (cast.caregiver_no_rights.user, 404),
        (cast.other_caregiver.user, 404),
    ]:
        client.force_login(user)
        assert client.get(f"/api/v1/meeting-records/{record.pk}").status_code == code
        listed = client.get("/api/v1/meeting-records").json()["items"]
        assert [r["id"] for r in listed] == ([record.pk] if code == 200 else [])


def test_updated_since_for_ratings_and_results(client, cast):
    rating, result = rate(cast), score(cast)
    headers = bearer(cast.advisor, cast.school)
    later = timezone.now() + timedelta(seconds=1)
    for url in ["/api/v1/competency-ratings", "/api/v1/assessment-results"]:
        assert ids(client, url, headers, updated_since=later.isoformat()) == set()
    import time_machine

    with time_machine.travel(later + timedelta(seconds=1)):
        rate(cast, level="mastered")  # rewritten in place: newer
        score(cast, value="220")
    rating.refresh_from_db()
    assert rating.level == "mastered"
    for url, pk in [
        ("/api/v1/competency-ratings", rating.pk),
        ("/api/v1/assessment-results", result.pk),
    ]:
        assert ids(client, url, headers, updated_since=later.isoformat()) == {pk}
        assert ids(client, url, headers, student_id=cast.other_student.pk) == set()


def test_an_import_stamps_what_it_adds_and_changes(client, cast):
    """COPY names no time (the database's default stamps it); bulk_update stamps no auto_now
    field (import_apply stamps it): either way a sync sees the rows."""
    import time_machine

    from tandem.evidence.imports import evidence_apply
    from tandem.rosters.models import ImportRun
    from tests.evidence import vendor_files

    def imported(rit):
        data = vendor_files.nwea(
            [{"student": "S-100", "course": "Reading", "date": "09/15/2026", "rit": rit}]
        )
        report = evidence_apply(
            kind=ImportRun.Kind.ASSESSMENTS, fmt="auto", data=data, name="r.csv", school=cast.school
        )
        assert report.written and not report.errors, report.errors

    headers = bearer(cast.advisor, cast.school)
    since = (timezone.now() - timedelta(seconds=5)).isoformat()
    imported("212")
    (result,) = AssessmentResult.objects.filter(student=cast.student)
    assert ids(client, "/api/v1/assessment-results", headers, updated_since=since) == {result.pk}
    later = timezone.now() + timedelta(minutes=5)
    with time_machine.travel(later):
        imported("215")
    result.refresh_from_db()
    assert result.score == Decimal("215") and result.updated_at >= later
    newer = (later - timedelta(seconds=1)).isoformat()
    assert ids(client, "/api/v1/assessment-results", headers, updated_since=newer) == {result.pk}


def test_cursor_pages_through_results(client, cast):
    made = {score(cast, day=date(2026, 9, 1) + timedelta(days=n)).pk for n in range(5)}
    headers = bearer(cast.coordinator, cast.school)
    seen, cursor = [], None
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/assessment-results", query, **headers).json()
        seen += [row["id"] for row in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) and set(seen) == made


def test_etags_on_the_new_lists(client, cast):
    rate(cast)
    headers = bearer(cast.coordinator, cast.school)
    first = client.get("/api/v1/competency-ratings", **headers)
    again = client.get("/api/v1/competency-ratings", HTTP_IF_NONE_MATCH=first["ETag"], **headers)
    assert again.status_code == 304
    rate(cast, code="W.2")
    changed = client.get("/api/v1/competency-ratings", HTTP_IF_NONE_MATCH=first["ETag"], **headers)
    assert changed.status_code == 200


NEW_LISTS = [
    "/api/v1/frameworks",
    "/api/v1/competency-ratings",
    "/api/v1/assessment-results",
    "/api/v1/meeting-records",
]


@pytest.mark.parametrize("url", NEW_LISTS)
def test_new_list_queries_do_not_grow_with_the_school(client, cast, django_assert_num_queries, url):
    from tandem.evidence.models import Framework
    from tandem.records.models import NextStep

    headers = bearer(cast.coordinator, cast.school)
    window = conference_window_of(cast)
    steps = timezone.localdate()

    def grow(n, start):
        for i in range(start, start + n):
            kid = make_student(cast.school, f"Kid{i}", "Many", local_id=f"M-{i}")
            Advisory.objects.create(student=kid, advisor=cast.advisor, year=cast.year)
            rate(cast, kid, code=f"C.{i}")
            score(cast, kid)
            Framework.objects.create(school=cast.school, identifier=f"urn:f:{i}", title=f"F{i}")
            starts = timezone.now() + timedelta(days=1, minutes=20 * i)
            conference = Conference.objects.create(
                window=window,
                student=kid,
                advisor=cast.advisor,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=20),
            )
            record = MeetingRecord.objects.create(
                conference=conference,
                reflection="Fine.",
                finalized_at=timezone.now(),
                finalized_by=cast.advisor,
            )
            NextStep.objects.create(record=record, what="Read", owner_name="Kid", due_on=steps)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"limit": 100}, **headers).status_code == 200
        return len(queries)

    grow(3, 0)
    small = count()
    grow(12, 3)
    with django_assert_num_queries(small):
        response = client.get(url, {"limit": 100}, **headers)
        assert response.status_code == 200
    assert len(response.json()["items"]) >= 15


# -- booking and moving ------------------------------------------------------------------------


def another_advisee(cast, n=1):
    """A student of Alice's (no caregiver on record: staff book for whoever phoned)."""
    kid = make_student(cast.school, f"Kid{n}", "Booked", local_id=f"B-{n}")
    Advisory.objects.create(student=kid, advisor=cast.advisor, year=cast.year)
    return kid


def free_times(cast, student):
    window = conference_window_of(cast)
    requests = selectors.staff_requests(window, student)
    return [o.starts_at for o in selectors.offers(window, requests, by_family=False)]


def book(client, cast, student, starts_at, *, user=None, write=True, school=None):
    term = cast.year.terms.get(name="Fall")
    return client.post(
        "/api/v1/conferences",
        {"term_id": term.pk, "student_id": student.pk, "starts_at": starts_at.isoformat()},
        content_type="application/json",
        **bearer(user or cast.coordinator, school or cast.school, write=write),
    )


def test_staff_book_for_a_family_through_the_booking_service(client, cast):
    first = free_times(cast, cast.student)[0]
    response = book(client, cast, cast.student, first)
    assert response.status_code == 201, response.content
    (row,) = response.json()
    conference = Conference.objects.get(pk=row["id"])
    assert conference.student == cast.student and conference.status == Status.BOOKED
    assert conference.starts_at == first and conference.booked_by == cast.coordinator
    assert conference.busy.exists()  # it holds the time, as the pages' bookings do
    # Nothing left to book for Sam: a 409, nothing written.
    again = book(client, cast, cast.student, free_times(cast, another_advisee(cast))[3])
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"
    assert Conference.objects.filter(student=cast.student).count() == 1


def test_a_taken_time_is_a_409(client, cast):
    kid = another_advisee(cast)
    first = free_times(cast, cast.student)[0]
    assert book(client, cast, cast.student, first).status_code == 201
    taken = book(client, cast, kid, first)  # Alice is in Sam's conference then
    assert taken.status_code == 409, taken.content
    assert taken.json()["status"] == 409 and taken.json()["detail"]
    assert not Conference.objects.filter(student=kid).exists()


def test_the_advisors_daily_limit_holds(client, cast):
    window = conference_window_of(cast)
    AdvisorAvailability.objects.create(window=window, advisor=cast.advisor, max_per_day=1)
    kid = another_advisee(cast)
    zone = cast.school.zone
    first = free_times(cast, cast.student)[0]
    kid_times = free_times(cast, kid)  # before Sam is booked: Alice's whole days are free
    day = first.astimezone(zone).date()
    same_day = [t for t in kid_times if t.astimezone(zone).date() == day and t >= first + HOUR]
    other_day = [t for t in kid_times if t.astimezone(zone).date() != day]
    assert same_day and other_day
    assert book(client, cast, cast.student, first).status_code == 201
    full = book(client, cast, kid, same_day[0])
    assert full.status_code == 409, full.content
    assert not Conference.objects.filter(student=kid).exists()
    assert book(client, cast, kid, other_day[0]).status_code == 201  # a time that was valid


def test_a_read_token_cannot_book_or_move(client, cast):
    first = free_times(cast, cast.student)[0]
    response = book(client, cast, cast.student, first, write=False)
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert not Conference.objects.filter(student=cast.student).exists()
    conference = conference_of(cast)
    move = client.post(
        f"/api/v1/conferences/{conference.pk}/move",
        {"starts_at": (conference.starts_at + timedelta(hours=1)).isoformat()},
        content_type="application/json",
        **bearer(cast.coordinator, cast.school),
    )
    assert move.status_code == 403
    conference.refresh_from_db()
    assert conference.sequence == 0


@pytest.mark.parametrize("persona", ["other_advisor", "case_manager"])
def test_who_may_not_book_gets_the_missing_records_404(client, cast, persona):
    user = getattr(cast, persona)
    first = free_times(cast, cast.student)[0]
    refused = book(client, cast, cast.student, first, user=user)
    term = cast.year.terms.get(name="Fall")
    missing = client.post(
        "/api/v1/conferences",
        {"term_id": term.pk, "student_id": 999999, "starts_at": first.isoformat()},
        content_type="application/json",
        **bearer(user, cast.school, write=True),
    )
    no_term = client.post(
        "/api/v1/conferences",
        {"term_id": 999999, "student_id": cast.student.pk, "starts_at": first.isoformat()},
        content_type="application/json",
        **bearer(user, cast.school, write=True),
    )
    assert refused.status_code == missing.status_code == no_term.status_code == 404
    assert refused.content == missing.content == no_term.content
    conference = conference_of(cast)
    url = f"/api/v1/conferences/{conference.pk}/move"
    body = {"starts_at": (conference.starts_at + timedelta(hours=1)).isoformat()}
    moved = client.post(
        url, body, content_type="application/json", **bearer(user, cast.school, write=True)
    )
    gone = client.post(
        "/api/v1/conferences/999999/move",
        body,
        content_type="application/json",
        **bearer(user, cast.school, write=True),
    )
    assert moved.status_code == gone.status_code == 404 and moved.content == gone.content


def test_the_advisor_moves_a_conference_and_a_taken_time_is_a_409(client, cast):
    kid = another_advisee(cast)
    times = free_times(cast, cast.student)
    sam = book(client, cast, cast.student, times[0], user=cast.advisor).json()[0]
    other = book(client, cast, kid, times[3], user=cast.advisor).json()[0]
    url = f"/api/v1/conferences/{sam['id']}/move"
    headers = bearer(cast.advisor, cast.school, write=True)
    taken = client.post(
        url, {"starts_at": other["starts_at"]}, content_type="application/json", **headers
    )
    assert taken.status_code == 409, taken.content
    moved = client.post(
        url, {"starts_at": times[6].isoformat()}, content_type="application/json", **headers
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["uid"] == sam["uid"]
    conference = Conference.objects.get(pk=sam["id"])
    assert conference.starts_at == times[6] and conference.sequence == 1
    # A cancelled conference is not moved.
    client.post(f"/api/v1/conferences/{sam['id']}/cancel", **headers)
    again = client.post(
        url, {"starts_at": times[8].isoformat()}, content_type="application/json", **headers
    )
    assert again.status_code == 409


def test_a_token_for_another_school_books_nothing_there(client, cast):
    from tandem.schools.models import Role, StaffRole

    bay, _ = make_school("Bay Middle")
    StaffRole.objects.create(user=cast.coordinator, school=bay, role=Role.COORDINATOR)
    first = free_times(cast, cast.student)[0]
    assert book(client, cast, cast.student, first, school=bay).status_code == 404
    assert not Conference.objects.filter(student=cast.student).exists()


def test_bad_booking_input_is_a_400_problem(client, cast):
    term = conference_window_of(cast).term
    headers = bearer(cast.coordinator, cast.school, write=True)
    for body in [
        {"term_id": term.pk, "student_id": cast.student.pk},
        {"term_id": term.pk, "student_id": cast.student.pk, "starts_at": "soon"},
        {"term_id": term.pk, "student_id": cast.student.pk, "starts_at": "2020-01-01T09:00:00Z"},
        {
            "term_id": term.pk,
            "student_id": cast.student.pk,
            "starts_at": "2030-01-01T09:00Z",
            "mode": "x",
        },
    ]:
        response = client.post(
            "/api/v1/conferences", body, content_type="application/json", **headers
        )
        assert response.status_code == 400, (body, response.content)
        assert response["Content-Type"] == "application/problem+json"
    assert not Conference.objects.filter(student=cast.student).exists()
