"""One "households" rule (STYLE.md habit 11): the compliance desk's filter and participation's
breakdown both ask tandem.people.selectors, and agree on a student with two households, one
household (two caregivers sharing it) and none recorded."""

import datetime

from tandem.advisories.models import Advisory
from tandem.conferences.models import Status
from tandem.oversight.filters import Filters, filtered
from tandem.participation import selectors
from tandem.people.models import Student
from tandem.people.selectors import household_arrangements
from tests.participation.test_participation import town  # noqa: F401 - the fixture
from tests.personas import make_student


def test_desk_and_participation_agree_on_households(town):  # noqa: F811
    # Ben: two parents in two homes; Cal: two parents in one home; Gil: no caregiver recorded.

    gil = make_student(town.school, "Gil", "Town", grade=9, local_id=f"{town.school.pk}-gil")
    Advisory.objects.create(student=gil, advisor=town.alice, year=town.years[1])
    gil.parents = []
    town.meet(gil, town.alice, datetime.date(2026, 12, 8), Status.HELD)

    expected = {town.ben.pk: "two", town.cal.pk: "one", gil.pk: "one"}
    assert household_arrangements(expected) == expected

    students = Student.objects.filter(pk__in=expected)
    for key in ("one", "two"):
        desk = set(
            filtered(students, Filters(households=key), town.years[1]).values_list("pk", flat=True)
        )
        assert desk == {pk for pk, value in expected.items() if value == key}

    rows = selectors.participation(town.school, term=town.fall).current.rows
    participation = {r.student.pk: r.households for r in rows if r.student.pk in expected}
    assert participation == expected
