"""The graduation portfolio against the school's inclusion rubric: one function says what is
met and what is missing, and every reader sees it the same way; the coordinator's counts are
the lengths of the lists they link to."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tandem.portfolios import rubric, services
from tandem.portfolios.models import RuleKind
from tandem.schools.models import AcademicYear
from tests.personas import make_student
from tests.portfolios.conftest import add_piece, client_as

pytestmark = pytest.mark.django_db


def include(*pieces):
    for piece in pieces:
        services.piece_set_graduation(piece=piece, included=True, by=None)


@pytest.fixture
def last_year(cast):
    start = cast.year.starts_on - timedelta(days=365)
    return AcademicYear.objects.create(
        school=cast.school, name="Last year", starts_on=start, ends_on=start + timedelta(days=300)
    )


def missing(result):
    return {(r.rule.kind, tuple(r.missing)) for r in result.results if not r.met}


def test_the_default_rules_and_what_is_missing(cast, competencies, last_year):
    ela, _ela2, math, sci = competencies
    result = rubric.student_completeness(cast.student)
    assert not result.complete
    assert missing(result) == {
        (RuleKind.EACH_AREA, ("a piece for ELA", "a piece for MATH", "a piece for SCI")),
        (RuleKind.REFLECTION, ("no piece chosen yet",)),
        (RuleKind.EACH_YEAR, ("a piece from Last year", f"a piece from {cast.year.name}")),
    }
    essay = add_piece(cast, "Essay", competencies=[ela], reflection="Why.")
    old = add_piece(
        cast, "Old lab", competencies=[sci], date=last_year.starts_on + timedelta(days=10)
    )
    include(essay, old)
    result = rubric.student_completeness(cast.student)
    assert missing(result) == {
        (RuleKind.EACH_AREA, ("a piece for MATH",)),
        (RuleKind.REFLECTION, ("a reflection on “Old lab”",)),
    }
    model = add_piece(cast, "Model", competencies=[math], reflection="Shows modelling.")
    include(model)
    services.piece_update(
        piece=old,
        title="Old lab",
        reflection="My first lab.",
        date=old.date,
        competencies=[sci],
        by=None,
    )
    assert rubric.student_completeness(cast.student).complete


def test_a_piece_not_in_the_graduation_portfolio_does_not_count(cast, competencies):
    add_piece(cast, "Essay", competencies=competencies, reflection="Why.")
    result = rubric.student_completeness(cast.student)
    assert not result.complete and result.pieces == []


def test_a_year_before_the_student_entered_is_not_asked_for(cast, competencies, last_year):
    cast.student.entered_on = cast.year.starts_on
    cast.student.save()
    include(add_piece(cast, "Essay", competencies=competencies, reflection="Why."))
    assert rubric.student_completeness(cast.student).complete


def test_the_schools_own_rules(client, cast, competencies):
    client_as(client, cast.coordinator)
    url = reverse("portfolios:rubric")
    assert client.get(url).status_code == 200
    response = client.post(url, {"reflection": "on", "at_least": "3"})
    assert response.status_code == 302
    assert rubric.rules_for(cast.school) == [
        rubric.Rule(RuleKind.REFLECTION, 1),
        rubric.Rule(RuleKind.AT_LEAST, 3),
    ]
    include(add_piece(cast, "Essay", reflection="Why."))
    assert missing(rubric.student_completeness(cast.student)) == {
        (RuleKind.AT_LEAST, ("2 more pieces",))
    }
    # No rule chosen: the defaults come back.
    client.post(url, {})
    assert [r.kind for r in rubric.rules_for(cast.school)] == [
        RuleKind.EACH_AREA,
        RuleKind.REFLECTION,
        RuleKind.EACH_YEAR,
    ]


def test_every_reader_sees_the_same_completeness(client, cast, competencies):
    include(add_piece(cast, "Essay", competencies=competencies[:1]))
    url = reverse("portfolios:graduation", args=[cast.student.pk])
    fragments = []
    for user in (cast.student.user, cast.advisor, cast.caregiver.user, cast.coordinator):
        client_as(client, user)
        page = client.get(url).content.decode()
        start = page.index('<ul class="rubric">')
        fragments.append(page[start : page.index("</section>", start)])
    assert len(set(fragments)) == 1
    assert "a piece for MATH" in fragments[0] and "a reflection on “Essay”" in fragments[0]


def test_the_coordinators_counts_are_the_lists_they_link_to(client, cast, competencies):
    seniors = [
        make_student(cast.school, f"Senior{i}", "Lee", grade=12, local_id=f"S-9{i}")
        for i in range(3)
    ]
    done = services.piece_add(
        student=seniors[0],
        title="All of it",
        url="https://x.example",
        reflection="Why.",
        competencies=competencies,
        by=None,
    )
    include(done)
    client_as(client, cast.coordinator)
    url = reverse("portfolios:coordinator")
    page = client.get(url).content.decode()
    assert "Complete (1)" in page and "Not complete (2)" in page and "All (3)" in page
    complete = client.get(url, {"state": "complete"}).content.decode()
    incomplete = client.get(url, {"state": "incomplete"}).content.decode()
    assert complete.count('<th scope="row">') == 1 and "Senior0" in complete
    assert incomplete.count('<th scope="row">') == 2 and "Senior0" not in incomplete
    assert client.get(url, {"state": "nonsense"}).status_code == 404


def test_the_coordinators_list_reads_a_fixed_number_of_queries(client, cast, competencies):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, offset):
        for i in range(n):
            s = make_student(
                cast.school, f"S{offset + i}", "Lee", grade=12, local_id=f"G{offset + i}"
            )
            include(
                services.piece_add(
                    student=s,
                    title="Work",
                    url="https://x.example",
                    competencies=competencies[:2],
                    by=None,
                )
            )

    def count():
        client_as(client, cast.coordinator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portfolios:coordinator")).status_code == 200
        return len(queries)

    add(2, 0)
    few = count()
    add(10, 100)
    assert count() == few
