"""The review packet and the credit report run the same number of SQL queries in a school of 20
students as in one of 500 (each with its own ratings and test results)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.evidence.models import AssessmentResult, CompetencyRating
from tandem.plans.models import Competency
from tandem.transcripts.models import CourseRecord, DiplomaRequirement
from tests.advisories.test_query_counts import add_students

from .builders import evidence_for

pytestmark = pytest.mark.django_db
# Pinned: a change that adds a query per row of anything shows up here first.
# Each page's count includes the one query that finds the reader's school's time zone
# (tandem.core.middleware.SchoolTimeZoneMiddleware).
# The diploma's progress is two of them (the school's requirements, the student's courses).
EXPECTED = {
    ("advisor", "evidence:packet"): 22,
    ("caregiver", "evidence:packet"): 21,
    ("advisor", "evidence:credit_report"): 16,
    ("caregiver", "evidence:credit_report"): 14,
}


def grow_school(cast, total: int) -> None:
    from tandem.people.models import Student

    present = Student.objects.filter(school=cast.school).count()
    add_students(cast, total - present, start=present)
    fall = cast.year.terms.get(name="Fall")
    competencies = list(Competency.objects.filter(school=cast.school))
    others = Student.objects.filter(school=cast.school).exclude(pk=cast.student.pk)
    already = set(CompetencyRating.objects.values_list("student_id", flat=True))
    today = timezone.localdate()
    CompetencyRating.objects.bulk_create(
        CompetencyRating(
            student=s, competency=c, term=fall, level="mastered", rated_by=cast.advisor
        )
        for s in others
        if s.pk not in already
        for c in competencies
    )
    AssessmentResult.objects.bulk_create(
        AssessmentResult(
            student=s,
            assessment="NWEA MAP Growth",
            subject="Mathematics",
            taken_on=today - timedelta(days=d),
            score=Decimal(200 + d % 9),
        )
        for s in others
        if s.pk not in already
        for d in (10, 100)
    )
    DiplomaRequirement.objects.get_or_create(
        school=cast.school, name="Mathematics", defaults={"credits": Decimal(3)}
    )
    CourseRecord.objects.bulk_create(
        CourseRecord(
            student=s,
            course_code=code,
            title=code,
            subject_area="Mathematics",
            school_year=2027,
            grade="B" if code == "MATH-1" else "",
            credits_attempted=Decimal(1),
            credits_earned=Decimal(1) if code == "MATH-1" else Decimal(0),
            source="csv",
        )
        for s in Student.objects.filter(school=cast.school).exclude(course_records__isnull=False)
        for code in ("MATH-1", "MATH-2")
    )


def queries_for(client, user, name, student) -> int:
    client.force_login(user)
    url = reverse(name, kwargs={"student_id": student.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona,name", list(EXPECTED))
def test_constant_queries_at_20_and_500_students(client, cast, persona, name):
    evidence_for(cast)
    user = cast.advisor if persona == "advisor" else cast.caregiver.user
    grow_school(cast, 20)
    small = queries_for(client, user, name, cast.student)
    grow_school(cast, 500)
    large = queries_for(client, user, name, cast.student)
    assert small == large, f"{name} as {persona}: {small} queries at 20, {large} at 500"
    assert large == EXPECTED[persona, name]
