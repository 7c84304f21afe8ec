"""Querysets compiled once (tandem/core/compiled.py) give what the queryset itself gives, for
every call's values, and refuse a query whose SQL would freeze a value of the first call."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, F, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.core.compiled import Compiled
from tandem.people.models import Guardianship, Student
from tandem.schools.models import AcademicYear, StaffRole

pytestmark = pytest.mark.django_db


def ties(caregiver, school):
    return (
        Guardianship.objects.filter(caregiver=caregiver, student__school=school)
        .select_related("student", "caregiver")
        .annotate(rights=F("has_educational_rights"), others=Count("student__guardianships"))
        .order_by("student__last_name", "pk")
    )


TIES = Compiled(ties)


def same(a, b):
    return [(o.pk, type(o), vars_of(o)) for o in a] == [(o.pk, type(o), vars_of(o)) for o in b]


def vars_of(obj):
    out = {k: v for k, v in vars(obj).items() if not k.startswith("_")}
    for name in ("student", "caregiver"):
        related = getattr(obj, name, None)
        if related is not None:
            out[name] = {k: v for k, v in vars(related).items() if not k.startswith("_")}
    return out


def test_rows_are_the_querysets_for_every_callers_values(cast):
    for caregiver in (cast.caregiver, cast.caregiver_no_rights, cast.other_caregiver):
        expected = list(ties(caregiver.pk, cast.school.pk))
        found = TIES.all(caregiver=caregiver.pk, school=cast.school.pk)
        assert same(found, expected)
        assert found == expected
    assert TIES.all(caregiver=cast.caregiver.pk, school=cast.school.pk + 999) == []


def test_it_is_one_query_and_compiles_once(cast):
    TIES.all(caregiver=cast.caregiver.pk, school=cast.school.pk)
    with CaptureQueriesContext(connection) as queries:
        TIES.all(caregiver=cast.other_caregiver.pk, school=cast.school.pk)
    assert len(queries) == 1


def test_dates_and_lists_are_values_of_the_call(cast):
    by_end = Compiled(
        lambda school, after, students: Student.objects.filter(
            school=school, school__years__ends_on__gte=after, pk__in=students
        ).order_by("pk")
    )
    today = timezone.localdate()
    students = [cast.student.pk, cast.other_student.pk]
    assert by_end.all(school=cast.school.pk, after=today, students=students) == sorted(
        [cast.student, cast.other_student], key=lambda s: s.pk
    )
    # The same SQL, another day: after the year's end nothing matches.
    end = AcademicYear.objects.get(school=cast.school).ends_on
    assert by_end.all(school=cast.school.pk, after=end + timedelta(days=1), students=students) == []
    assert by_end.all(school=cast.school.pk, after=today, students=[cast.student.pk]) == [
        cast.student
    ]


def test_values_list_and_union(cast):
    roles = Compiled(
        lambda user: (
            StaffRole.objects.filter(user=user)
            .order_by()
            .values_list("school_id", "role")
            .union(
                Student.objects.filter(user=user).order_by().values_list("school_id", "local_id")
            )
        )
    )
    assert sorted(roles.all(user=cast.coordinator.pk)) == sorted(
        StaffRole.objects.filter(user=cast.coordinator).values_list("school_id", "role")
    )
    assert roles.all(user=cast.student.user.pk) == [(cast.school.pk, cast.student.local_id)]


def test_a_date_baked_into_the_query_is_refused(cast):
    baked = Compiled(
        lambda school: Student.objects.filter(
            school=school, school__years__ends_on__gte=timezone.localdate()
        )
    )
    with pytest.raises(ValueError, match="baked into the query"):
        baked.all(school=cast.school.pk)


def test_a_value_that_does_not_reach_the_sql_is_refused(cast):
    unused = Compiled(lambda school, student: Student.objects.filter(school=school))
    with pytest.raises(ValueError, match="did not reach the SQL"):
        unused.all(school=cast.school.pk, student=cast.student.pk)


@pytest.mark.parametrize("value", [None, "3", 2.5, True, timezone.now()])
def test_only_ids_and_dates_are_values(cast, value):
    with pytest.raises(TypeError):
        TIES.all(caregiver=value, school=cast.school.pk)


def test_an_empty_list_is_the_callers_to_answer(cast):
    some = Compiled(lambda students: Student.objects.filter(pk__in=students))
    with pytest.raises(ValueError, match="empty list"):
        some.all(students=[])


def test_filters_written_with_q_objects(cast):
    either = Compiled(
        lambda a, b: (
            Student.objects.filter(Q(pk=a) | Q(pk=b)).order_by("pk").values_list("pk", flat=True)
        )
    )
    assert either.all(a=cast.student.pk, b=cast.other_student.pk) == sorted(
        [cast.student.pk, cast.other_student.pk]
    )


def test_a_long_list_runs_as_is(cast):
    from tandem.core.compiled import LONGEST_LIST

    some = Compiled(lambda students: Student.objects.filter(pk__in=students).order_by("pk"))
    many = [cast.student.pk, cast.other_student.pk, *range(10**6, 10**6 + LONGEST_LIST)]
    assert some.all(students=many) == sorted([cast.student, cast.other_student], key=lambda s: s.pk)
