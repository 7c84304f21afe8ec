"""Course records from a roster: grades posted later, classes dropped, a delta, and the rows a
gradebook gets wrong. The package: tests/transcripts/builders.py."""

import pytest

from tandem.transcripts.models import CourseRecord
from tests.transcripts.builders import RECORDS, stored, with_gradebook

from .packages import Package

pytestmark = pytest.mark.django_db


def counts(report) -> dict:
    return {k: n for k, n in report.as_dict()["counts"]["course_records"].items() if n}


def record(local_id, code, term):
    return CourseRecord.objects.get(student__local_id=local_id, course_code=code, term=term)


def test_importing_again_changes_nothing(run_import):
    run_import(with_gradebook())
    report = run_import(with_gradebook())
    assert counts(report) == {"unchanged": 7} and report.changes == 0


def test_a_grade_posted_later_updates_the_record(run_import):
    run_import(with_gradebook())
    package = with_gradebook()
    package.results.append(
        {
            "sourcedId": "r8",
            "lineItemSourcedId": "li-bio",
            "studentSourcedId": "s1",
            "scoreStatus": "fully graded",
            "textScore": "D-",
        }
    )
    report = run_import(package)
    assert counts(report) == {"updated": 1, "unchanged": 6}
    biology = record("L-100", "BIO-1", "Spring")
    assert (biology.grade, biology.credits_earned) == ("D-", biology.credits_attempted)


def test_a_full_roster_removes_a_dropped_course_in_progress_never_a_finished_one(run_import):
    run_import(with_gradebook())
    package = with_gradebook()
    # Sam dropped Biology (in progress); Olive's Algebra (an F) is no longer listed either.
    package.enrollments = [
        e
        for e in package.enrollments
        if (e["classSourcedId"], e["userSourcedId"]) not in {("k-bio", "s1"), ("k-alg", "s2")}
    ]
    report = run_import(package)
    # Olive's F is no longer listed, so not counted; it stays.
    assert counts(report) == {"unchanged": 5, "deactivated": 1}
    assert stored() == RECORDS - {
        ("L-100", "BIO-1", "Biology", "Science", 2027, "Spring", "", "1.00", "0.00")
    }


def test_a_delta_drops_a_course_in_progress_by_its_enrollment(run_import):
    run_import(with_gradebook())
    delta = Package(delta=True)
    delta.enrollments.append(
        delta._base("e-k-bio-s1", "tobedeleted")
        | {
            "classSourcedId": "k-bio",
            "schoolSourcedId": "sch1",
            "userSourcedId": "s1",
            "role": "student",
        }
    )
    # The delta names the class and course again (a delta may carry what changed with it).
    full = with_gradebook()
    delta.courses = [c | {"status": "active", "dateLastModified": "2026-08-01T12:00:00Z"}
                     for c in full.courses if c["sourcedId"] == "c-bio"]  # fmt: skip
    delta.classes = [c | {"status": "active", "dateLastModified": "2026-08-01T12:00:00Z"}
                     for c in full.classes if c["sourcedId"] == "k-bio"]  # fmt: skip
    delta.sessions = [s | {"status": "active", "dateLastModified": "2026-08-01T12:00:00Z"}
                      for s in full.sessions]  # fmt: skip
    delta.extra_columns = full.extra_columns
    report = run_import(delta)
    assert report.errors == [], report.errors
    assert counts(report) == {"deactivated": 1}
    assert not CourseRecord.objects.filter(course_code="BIO-1").exists()
    assert CourseRecord.objects.count() == 6


def test_a_package_without_enrollments_leaves_course_records_alone(run_import):
    run_import(with_gradebook())
    package = with_gradebook()
    package.enrollments, package.line_items, package.results = [], [], []
    report = run_import(package)
    assert counts(report) == {} and stored() == RECORDS


def test_more_credits_earned_than_the_class_is_worth_is_an_error(run_import):
    package = with_gradebook()
    package.results[-1]["metadata.creditsEarned"] = "2"
    report = run_import(package)
    assert not report.written and not CourseRecord.objects.exists()
    assert [(p.file, p.row, p.column) for p in report.errors] == [
        ("results.csv", 8, "metadata.creditsEarned")
    ]
    assert "2.00 credits earned, but the class is worth 0.50." in report.errors[0].message


def test_bad_gradebook_and_course_rows_are_row_errors_and_nothing_is_written(run_import):
    package = with_gradebook()
    package.courses[0]["metadata.credits"] = "lots"
    package.classes[1]["courseSourcedId"] = "c-nope"
    package.line_items[0]["resultValueMax"] = "-1"
    package.results[2]["studentSourcedId"] = "s-nobody"
    package.results[3]["score"] = "ninety"
    report = run_import(package)
    assert not report.written and not CourseRecord.objects.exists()
    assert [(p.file, p.row, p.column) for p in report.errors] == [
        ("classes.csv", 3, "courseSourcedId"),
        ("courses.csv", 2, "metadata.credits"),
        ("lineItems.csv", 2, "resultValueMax"),
        ("results.csv", 4, "studentSourcedId"),
        ("results.csv", 5, "score"),
    ]


def test_skipping_bad_rows_imports_the_good_ones(run_import):
    package = with_gradebook()
    package.results[2]["studentSourcedId"] = "s-nobody"  # Sam's Algebra grade
    report = run_import(package, skip_bad_rows=True)
    assert report.written and len(report.errors) == 1
    algebra = record("L-100", "MATH-101", "Fall")
    assert (algebra.grade, algebra.credits_earned) == ("", 0)  # in progress, as far as we know
