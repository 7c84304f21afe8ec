"""The OpenAPI document validates, and schemathesis runs against the live API: a real server
(pytest-django's live_server), the access-matrix cast seeded, a token per staff persona and
none. No 5xx, and every response (status, content type, headers, body) matches the document.
Kept short for `make test`: a few generated examples per operation, plus each record's real id
so the 200 bodies are checked too."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples

from tests.core.test_access_matrix import (
    conference_of,
    final_record_of,
    framework_of,
    shared_plan_of,
)

from .conftest import bearer

PERSONAS = ["coordinator", "advisor", "other_advisor", "case_manager", None]


def test_the_openapi_document_validates(client):
    from openapi_spec_validator import validate

    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    validate(document)
    assert "/api/v1/students/{student_id}" in document["paths"]


def test_the_reference_page_is_served_from_our_own_files(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in page.content
    assert b"cdn" not in page.content.lower()
    assert "unsafe" not in page["Content-Security-Policy"]


def examples_of(operation, *, base_url, headers, checks):
    """A few generated requests for one operation, each checked against the document."""

    @given(case=operation.as_strategy())
    @examples(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(base_url=base_url, headers=headers, checks=checks)

    run()


def conformance_checks() -> list:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    ]


@pytest.mark.django_db(transaction=True)
def test_schemathesis_against_the_live_api(live_server, cast, settings):
    import schemathesis

    settings.API_RATE_LIMIT = 100_000
    checks = conformance_checks()
    real_ids = {
        "school_id": cast.school.pk,
        "student_id": cast.student.pk,
        "plan_id": shared_plan_of(cast).pk,
        "conference_id": conference_of(cast).pk,
        "framework_id": framework_of(cast).pk,
        "record_id": final_record_of(cast).pk,
    }
    tokens = {
        persona: (bearer(getattr(cast, persona), cast.school, write=True) if persona else {})
        for persona in PERSONAS
    }
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for headers in tokens.values():
        auth = {"Authorization": headers["HTTP_AUTHORIZATION"]} if headers else {}
        for operation in operations:
            if operation.method.upper() != "GET":
                continue  # the write (a cancellation) is exercised in test_tokens
            examples_of(operation, base_url=live_server.url, headers=auth, checks=checks)
            names = {p.name for p in operation.path_parameters}
            if names:
                case = operation.Case(path_parameters={n: real_ids[n] for n in names})
                case.call_and_validate(base_url=live_server.url, headers=auth, checks=checks)


def test_the_document_declares_links(client):
    """Each list leads to its records, each record to its student (and a conference to what
    may be done to it): the links name operations the document has."""
    document = client.get("/api/v1/openapi.json").json()
    operation_ids = {
        operation["operationId"]
        for operations in document["paths"].values()
        for operation in operations.values()
    }
    links = {
        (path, method, name): link
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for response in operation["responses"].values()
        for name, link in response.get("links", {}).items()
    }
    assert {link["operationId"] for link in links.values()} <= operation_ids
    student = links[("/api/v1/plans/{plan_id}", "get", "student")]
    assert student["parameters"] == {"student_id": "$response.body#/student_id"}
    assert ("/api/v1/conferences/{conference_id}", "get", "student") in links
    for listed in ["/api/v1/students", "/api/v1/plans", "/api/v1/conferences", "/api/v1/frameworks",
                   "/api/v1/meeting-records"]:  # fmt: skip
        (link,) = [v for (p, m, _n), v in links.items() if p == listed and m == "get"]
        assert next(iter(link["parameters"].values())) == "$response.body#/items/0/id"


def seed_records(cast):
    """One of each record for the links to lead to: Sam's shared plan, his conference and its
    final record, a rating and a test result, Harbor's framework."""
    from datetime import date
    from decimal import Decimal

    from django.utils import timezone

    from tandem.evidence import services
    from tandem.plans.models import Competency

    shared_plan_of(cast)
    final_record_of(cast)
    framework_of(cast)
    competency = Competency.objects.create(school=cast.school, code="W.1", statement="Writes")
    services.rating_save(
        student=cast.student,
        competency=competency,
        term=cast.year.terms.get(name="Fall"),
        level="mastered",
        rated_on=timezone.localdate(),
        by=cast.advisor,
    )
    services.result_add(
        student=cast.student,
        assessment="NWEA MAP Growth",
        subject="Reading",
        taken_on=date(2026, 9, 15),
        score=Decimal("212"),
        percentile=55,
    )


@pytest.mark.django_db(transaction=True)
def test_schemathesis_follows_the_links_statefully(live_server, cast, settings):
    """schemathesis's stateful testing: sequences of calls where each next call takes its ids
    from an earlier response through the document's links (a list's first item to its record,
    a record to its student, a conference to its cancellation or move), with a read token per
    persona and with none. Every response is checked against the document; and the records
    that random ids never reach (a final meeting record, a framework) are reached through the
    links."""
    import schemathesis
    from hypothesis import HealthCheck
    from hypothesis import settings as hypothesis_settings

    settings.API_RATE_LIMIT = 100_000
    seed_records(cast)
    checks = conformance_checks()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    machine = schema.as_state_machine()
    reached: dict = {}

    for persona in PERSONAS:
        headers = (
            bearer(getattr(cast, persona), cast.school)["HTTP_AUTHORIZATION"] if persona else None
        )
        auth = {"Authorization": headers} if headers else {}

        class LiveAPI(machine):
            who, auth_headers = persona, auth

            def get_call_kwargs(self, case):
                return {"base_url": live_server.url, "headers": self.auth_headers}

            def after_call(self, response, case):
                super().after_call(response, case)
                reached.setdefault(self.who, set()).add(
                    (case.operation.method.upper(), case.operation.path, response.status_code)
                )

            def validate_response(self, response, case, additional_checks=None, **kwargs):
                case.validate_response(
                    response, checks=checks, transport_kwargs=kwargs, recorder=self.recorder
                )

        LiveAPI.run(
            settings=hypothesis_settings(
                max_examples=25,
                stateful_step_count=6,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
        )
    coordinator = reached["coordinator"]
    followed = {path for method, path, status in coordinator if status == 200 and "{" in path}
    assert followed, coordinator  # ids taken from responses reached records
    assert not [r for r in reached[None] if r[2] < 300], reached[None]  # nothing without a token
