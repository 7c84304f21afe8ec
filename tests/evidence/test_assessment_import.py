"""Test results in: NWEA MAP Growth (both header generations) and a plain CSV; students by local
or state id; errors name the row and column; re-import is a no-op."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from tandem.evidence.imports import evidence_apply
from tandem.evidence.models import AssessmentResult
from tandem.rosters.models import ImportRun

from .builders import nwea_new, nwea_old

pytestmark = pytest.mark.django_db
ASSESSMENTS = ImportRun.Kind.ASSESSMENTS


def apply(cast, data, *, fmt="nwea", name="AssessmentResults.csv", **options):
    return evidence_apply(
        kind=ASSESSMENTS, fmt=fmt, data=data, name=name, school=cast.school, **options
    )


def test_both_header_generations(cast):
    cast.other_student.state_id = "VT-200"
    cast.other_student.save()
    old = apply(cast, nwea_old([("S-100", "Mathematics", "09/15/2025", "215", "55")]))
    new = apply(
        cast,
        nwea_new(
            [
                ("S-100", "Mathematics", "01/12/2027", "222", "61"),
                ("VT-200", "Reading", "01/13/2027", "230", ""),  # matched by state id
            ]
        ),
    )
    assert old.written and new.written, (old.errors, new.errors)
    sam = AssessmentResult.objects.filter(student=cast.student).order_by("taken_on")
    assert [(r.subject, r.taken_on, r.score, r.percentile) for r in sam] == [
        ("Mathematics", date(2025, 9, 15), Decimal("215"), 55),
        ("Mathematics", date(2027, 1, 12), Decimal("222"), 61),
    ]
    latest = sam.last()
    assert latest.term_name == "Winter 2026-2027" and latest.source == "nwea"
    assert latest.growth == {
        "FallToWinterProjectedGrowth": "5",
        "FallToWinterObservedGrowth": "6",
        "FallToWinterConditionalGrowthIndex": "0.3",
    }
    olive = AssessmentResult.objects.get(student=cast.other_student)
    assert olive.percentile is None and olive.subject == "Reading"


def test_bad_date_and_unknown_student_name_row_and_column_and_write_nothing(cast):
    data = nwea_new(
        [
            ("S-100", "Mathematics", "01/12/2027", "222", "61"),
            ("S-100", "Reading", "2027-01-13", "230", "70"),  # not MM/DD/YYYY
            ("S-999", "Mathematics", "01/12/2027", "210", "40"),  # nobody
            ("S-100", "Language Usage", "01/14/2027", "abc", "101"),
        ]
    )
    report = apply(cast, data)
    where = sorted((p.row, p.column) for p in report.errors)
    assert where == [
        (3, "TestStartDate"),
        (4, "StudentID"),
        (5, "TestPercentile"),
        (5, "TestRITScore"),
    ]
    unknown = next(p for p in report.errors if p.row == 4)
    assert "S-999" in unknown.message and "Harbor High" in unknown.message
    assert not report.written and not AssessmentResult.objects.exists()


def test_skip_bad_rows_imports_the_good_ones(cast):
    data = nwea_new(
        [
            ("S-100", "Mathematics", "01/12/2027", "222", "61"),
            ("S-999", "Mathematics", "01/12/2027", "210", "40"),
        ]
    )
    report = apply(cast, data, skip_bad_rows=True)
    assert report.written and len(report.errors) == 1
    assert AssessmentResult.objects.count() == 1


def test_reimport_is_a_no_op_and_a_change_is_an_update(cast):
    rows = [("S-100", "Mathematics", "01/12/2027", "222", "61")]
    apply(cast, nwea_new(rows))
    again = apply(cast, nwea_new(rows)).as_dict()["counts"]["results"]
    assert again == {"created": 0, "updated": 0, "unchanged": 1, "deactivated": 0}
    changed = apply(cast, nwea_new([("S-100", "Mathematics", "01/12/2027", "224", "63")]))
    assert changed.as_dict()["counts"]["results"]["updated"] == 1
    assert AssessmentResult.objects.get().score == Decimal("224")


def test_the_same_result_twice_in_a_file_is_an_error(cast):
    rows = [("S-100", "Mathematics", "01/12/2027", "222", "61")] * 2
    report = apply(cast, nwea_new(rows))
    assert [(p.row, "Row 2" in p.message) for p in report.errors] == [(3, True)]


def test_missing_columns_are_fatal(cast):
    report = apply(cast, b"StudentID,TestRITScore\nS-100,200\n")
    assert report.fatal and report.errors[0].row == 1
    assert "TestStartDate" in report.errors[0].column


PLAIN = b"""student_id,assessment,subject,date,score,percentile,level
S-100,SBAC Interim,Math,2026-12-01,2510,,Level 3
S-100,SBAC Interim,Math,2027-03-01,2555,48,Level 3
s-200,SBAC Interim,ELA,2026-12-01,2601,,Level 4
"""


def test_plain_csv(cast):
    report = apply(cast, PLAIN, fmt="csv", name="results.csv")
    assert report.written, report.errors
    assert AssessmentResult.objects.filter(student=cast.student, source="csv").count() == 2
    assert AssessmentResult.objects.get(student=cast.other_student).level == "Level 4"
    bad = apply(
        cast,
        b"student_id,assessment,subject,date,score\nS-100,X,Math,03/01/2027,1\n",
        fmt="csv",
        name="r.csv",
    )
    assert [(p.row, p.column) for p in bad.errors] == [(2, "date")]


def test_command(cast, tmp_path, capsys):
    path = tmp_path / "AssessmentResults.csv"
    path.write_bytes(nwea_new([("S-100", "Mathematics", "01/12/2027", "222", "61")]))
    call_command(
        "import_assessments", str(path), "--format", "nwea", "--dry-run", "--report", "json"
    )
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["results"]["created"] == 1 and not AssessmentResult.objects.exists()
    call_command("import_assessments", str(path), "--format", "nwea")
    assert AssessmentResult.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(nwea_new([("S-999", "Mathematics", "01/12/2027", "222", "61")]))
    with pytest.raises(CommandError):
        call_command("import_assessments", str(bad), "--format", "nwea")
    call_command("import_assessments", str(bad), "--format", "nwea", "--skip-bad-rows")
