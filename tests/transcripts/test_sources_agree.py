"""Course records from OneRoster 1.2 (courses, classes, enrollments, the gradebook's final
grades) and from a transcript CSV: the same data makes the same records, whichever comes
first, and importing either again changes nothing."""

import pytest

from tandem.rosters.oneroster import read_package
from tandem.rosters.services import roster_import
from tandem.schools.models import School
from tandem.transcripts.imports import transcript_apply
from tandem.transcripts.models import CourseRecord

from .builders import RECORDS, TRANSCRIPT_CSV, stored, with_gradebook

pytestmark = pytest.mark.django_db


def roster(tmp_path, package, name="p", **options):
    return roster_import(package=read_package(package.write(tmp_path / name)), **options)


def counts(report) -> dict:
    return {k: n for k, n in report.as_dict()["counts"]["course_records"].items() if n}


def test_a_oneroster_package_with_a_gradebook_makes_course_records(tmp_path):
    report = roster(tmp_path, with_gradebook())

    assert report.errors == [] and report.written
    assert stored() == RECORDS
    assert counts(report) == {"created": 7}
    ignored = report.as_dict()["ignored"]
    assert ignored["classes_homeroom"] == 1
    assert ignored["enrollments_not_students"] == 2  # the teacher's
    assert ignored["line_items_not_final"] == 1 and ignored["results_not_final"] == 1
    assert set(CourseRecord.objects.values_list("source", flat=True)) == {"oneroster"}


def test_the_transcript_csv_makes_the_same_records(tmp_path):
    roster(tmp_path, with_gradebook())
    CourseRecord.objects.all().delete()
    school = School.objects.get(sourced_id="sch1")

    report = transcript_apply(data=TRANSCRIPT_CSV, name="transcripts.csv", school=school)

    assert report.errors == [] and report.written
    assert stored() == RECORDS
    assert counts(report) == {"created": 7}


def test_either_source_after_the_other_changes_nothing(tmp_path):
    roster(tmp_path, with_gradebook())
    school = School.objects.get(sourced_id="sch1")

    report = transcript_apply(data=TRANSCRIPT_CSV, name="transcripts.csv", school=school)
    assert counts(report) == {"unchanged": 7}
    assert transcript_apply(data=TRANSCRIPT_CSV, name="t.csv", school=school).changes == 0

    CourseRecord.objects.all().delete()
    transcript_apply(data=TRANSCRIPT_CSV, name="transcripts.csv", school=school)
    report = roster(tmp_path, with_gradebook(), name="again")
    assert counts(report) == {"unchanged": 7} and report.changes == 0
    assert stored() == RECORDS
