"""List pages run the same number of SQL queries for 20 students as for 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.advisories.models import Advisory
from tandem.people.models import Caregiver, Guardianship, Household, Student

pytestmark = pytest.mark.django_db


def add_students(cast, count: int, start: int) -> None:
    """Students for Alice, each with a caregiver, in bulk."""
    school = cast.school
    students = Student.objects.bulk_create(
        Student(
            school=school,
            first_name=f"Kid{n}",
            last_name="Bulk",
            grade=7 + n % 6,
            local_id=f"B-{n}",
            has_504=n % 7 == 0,
        )
        for n in range(start, start + count)
    )
    caregivers = Caregiver.objects.bulk_create(
        Caregiver(
            school=school, first_name=f"Parent{n}", last_name="Bulk", email=f"parent{n}@bulk.test"
        )
        for n in range(start, start + count)
    )
    households = Household.objects.bulk_create(
        Household(school=school, name=f"Bulk {n}") for n in range(start, start + count)
    )
    Guardianship.objects.bulk_create(
        Guardianship(student=s, caregiver=c, household=h, relationship="parent")
        for s, c, h in zip(students, caregivers, households, strict=True)
    )
    Advisory.objects.bulk_create(
        Advisory(student=s, advisor=cast.advisor, year=cast.year) for s in students
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "persona,url_name",
    [
        ("advisor", "advisories:advisor_home"),
        ("coordinator", "advisories:coordinator"),
        ("coordinator", "conferences:terms"),  # with the notice of terms without a window
    ],
)
def test_list_queries_do_not_grow_with_the_school(client, cast, persona, url_name):
    client.force_login(getattr(cast, persona))
    url = reverse(url_name)
    add_students(cast, 18, start=0)  # 20 students in all
    small = queries_for(client, url)
    add_students(cast, 480, start=100)  # 500 in all
    large = queries_for(client, url)
    assert small == large, f"{url}: {small} queries with 20 students, {large} with 500"
    assert large <= 15
