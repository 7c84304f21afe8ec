"""A student made in Tandem (the admin site: there is no other student form) starts their own
clock on the day they were made, in the school's zone; the form keeps a date given."""

import datetime

import pytest
import time_machine
from django.contrib import admin

from tandem.people.admin import StudentAdmin
from tandem.people.models import Student

pytestmark = pytest.mark.django_db


def test_a_student_added_in_the_admin_enters_on_the_schools_today(cast):
    added = StudentAdmin(Student, admin.site)
    # 03:00 UTC on 11 January is still 10 January in New York.
    with time_machine.travel(datetime.datetime(2027, 1, 11, 3, tzinfo=datetime.UTC), tick=False):
        new = Student(
            school=cast.school, first_name="Nia", last_name="New", local_id="N-1", grade=9
        )
        added.save_model(None, new, None, change=False)
        given = Student(
            school=cast.school,
            first_name="Gil",
            last_name="Given",
            local_id="N-2",
            grade=9,
            entered_on=datetime.date(2026, 12, 1),
        )
        added.save_model(None, given, None, change=False)
    assert Student.objects.get(local_id="N-1").entered_on == datetime.date(2027, 1, 10)
    assert Student.objects.get(local_id="N-2").entered_on == datetime.date(2026, 12, 1)
    # Editing later never sets it: empty stays "since before the year began".
    cast.student.entered_on = None
    added.save_model(None, cast.student, None, change=True)
    cast.student.refresh_from_db()
    assert cast.student.entered_on is None
