"""A student's start (`Student.entered_on`): the earliest beginDate of their enrollments at the
school, else the day the import created them (at the school's clock); a date staff corrected is
never overwritten by a later import."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tandem.people.models import Student
from tandem.rosters.oneroster import read_package
from tandem.schools.models import School

from .packages import harbor

pytestmark = pytest.mark.django_db

# 1 a.m. on 15 September in UTC is still the 14th in Lighthouse High's New York.
IMPORT_MOMENT = datetime(2026, 9, 15, 1, 0, tzinfo=ZoneInfo("UTC"))


def begins(package, **dates):
    """Give the students' enrollments (e0: s1, e1: s2) these beginDates, and s1 a second,
    later class."""
    for row in package.enrollments:
        if row["userSourcedId"] in dates:
            row["beginDate"] = dates[row["userSourcedId"]]
    package.enrollments.append(
        {
            "sourcedId": "e9",
            "classSourcedId": "k1",
            "schoolSourcedId": "sch1",
            "userSourcedId": "s1",
            "role": "student",
            "beginDate": "2026-10-05",
        }
    )
    return package


def entered() -> dict[str, date | None]:
    return dict(Student.objects.values_list("sourced_id", "entered_on"))


def test_the_earliest_begin_date_else_the_import_date_at_the_school(run_import):
    with time_machine.travel(IMPORT_MOMENT, tick=False):
        report = run_import(begins(harbor(), s1="2026-09-02"))

    assert report.errors == [] and report.written
    assert School.objects.get().time_zone == "America/New_York"
    assert entered() == {"s1": date(2026, 9, 2), "s2": date(2026, 9, 14)}


def test_a_date_staff_corrected_is_kept_and_the_rest_follow_the_sis(run_import):
    with time_machine.travel(IMPORT_MOMENT, tick=False):
        run_import(begins(harbor()))
    assert entered() == {"s1": date(2026, 10, 5), "s2": date(2026, 9, 14)}
    Student.objects.filter(sourced_id="s1").update(entered_on=date(2026, 9, 21))  # staff

    report = run_import(begins(harbor(), s1="2026-08-24", s2="2026-08-24"))

    assert report.errors == []
    # Sam's date was corrected in Tandem: the import leaves it. Olive's was the import's own,
    # so the beginDate the SIS now sends replaces it.
    assert entered() == {"s1": date(2026, 9, 21), "s2": date(2026, 8, 24)}
    assert dict(report.counts["students"]) == {"updated": 1, "unchanged": 1}

    Student.objects.filter(sourced_id="s2").update(entered_on=None)  # "since before the year"
    run_import(begins(harbor(), s1="2026-08-20", s2="2026-08-20"))
    assert entered() == {"s1": date(2026, 9, 21), "s2": None}


def test_a_student_made_in_tandem_keeps_their_date_and_an_empty_one_is_filled(run_import):
    school = School.objects.create(name="Lighthouse High")
    Student.objects.create(
        school=school,
        first_name="Sam",
        last_name="Rivera",
        grade=9,
        local_id="L-100",
        entered_on=date(2026, 11, 2),
    )
    Student.objects.create(
        school=school, first_name="Olive", last_name="Chen", grade=10, local_id="L-200"
    )

    report = run_import(begins(harbor(), s1="2026-08-24", s2="2026-08-24"))

    assert report.errors == [] and dict(report.counts["students"]) == {"updated": 2}
    assert entered() == {"s1": date(2026, 11, 2), "s2": date(2026, 8, 24)}


def test_a_delta_only_moves_the_start_earlier(run_import):
    run_import(begins(harbor(), s1="2026-09-02"))
    package = harbor()
    package.enrollments = [
        {
            "sourcedId": "e10",
            "classSourcedId": "k1",
            "schoolSourcedId": "sch1",
            "userSourcedId": "s1",
            "role": "student",
            "beginDate": "2027-01-25",
        }
    ]
    package.modes = {"enrollments": "delta"}
    package.enrollments[0] |= {"status": "active", "dateLastModified": "2027-01-20T00:00:00Z"}

    report = run_import(package)

    assert report.errors == []
    assert entered()["s1"] == date(2026, 9, 2)


def test_an_enrollment_row_with_an_error_gives_no_date(tmp_path):
    package = begins(harbor(), s1="2026-09-02")
    package.enrollments[0]["classSourcedId"] = "k-missing"

    read = read_package(package.write(tmp_path / "package"))

    assert [(p.file, p.row, p.column) for p in read.errors] == [
        ("enrollments.csv", 2, "classSourcedId")
    ]
    assert read.enrollment_begins == {("s1", "sch1"): date(2026, 10, 5)}
