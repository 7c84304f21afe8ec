"""The OpenAPI document validates, and schemathesis runs against the live API: a real server
(pytest-django's live_server), the access-matrix cast seeded, a token per staff persona and
none. No 5xx, and every response (status, content type, headers, body) matches the document.
Kept short for `make test`: a few generated examples per operation, plus each record's real id
so the 200 bodies are checked too."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples

from tests.core.test_access_matrix import conference_of, shared_plan_of

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


@pytest.mark.django_db(transaction=True)
def test_schemathesis_against_the_live_api(live_server, cast, settings):
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    settings.API_RATE_LIMIT = 100_000
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    ]
    real_ids = {
        "school_id": cast.school.pk,
        "student_id": cast.student.pk,
        "plan_id": shared_plan_of(cast).pk,
        "conference_id": conference_of(cast).pk,
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
