"""Test results in, from files shaped like the vendors' exports: NWEA MAP Growth (both layouts),
Renaissance Star (Reading, Math, Early Literacy), i-Ready Diagnostic and a plain CSV. Every test
event is kept; growth charts draw the growth-measure events only, one line per test and scale;
re-import by event id; errors name the row and column and nothing is written."""

import csv
import importlib
import json
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from tandem.evidence.assessment_files import detect
from tandem.evidence.growth import growth
from tandem.evidence.imports import evidence_apply
from tandem.evidence.models import AssessmentResult
from tandem.evidence.views import growth_charts
from tandem.rosters.models import ImportRun

from . import vendor_files
from .builders import nwea_new, nwea_old

pytestmark = pytest.mark.django_db
ASSESSMENTS = ImportRun.Kind.ASSESSMENTS


def apply(cast, data, *, fmt="auto", name="AssessmentResults.csv", **options):
    return evidence_apply(
        kind=ASSESSMENTS, fmt=fmt, data=data, name=name, school=cast.school, **options
    )


def counts(report):
    return report.as_dict()["counts"]["results"]


def sams_tests(cast):
    return {g.test: g for g in growth(cast.student)}


# -- NWEA MAP Growth --------------------------------------------------------------------------


def test_nwea_reading_and_language_usage_on_one_day_are_two_tests(cast):
    """The 2020+ export says "Language Arts" for both: the test is in Course."""
    data = vendor_files.nwea(
        [
            {"student": "S-100", "course": "Reading", "date": "09/15/2026", "rit": "212",
             "term": "Fall 2026-2027"},
            {"student": "S-100", "course": "Language Usage", "date": "09/15/2026", "rit": "208",
             "term": "Fall 2026-2027"},
            {"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "219"},
            {"student": "S-100", "course": "Language Usage", "date": "01/12/2027", "rit": "211"},
        ],
        bom=True,
    )  # fmt: skip
    report = apply(cast, data)
    assert report.written and not report.errors, report.errors
    assert report.format == "nwea" and report.detected and "2020+" in report.format_label
    results = AssessmentResult.objects.filter(student=cast.student)
    assert {(r.subject, r.test) for r in results} == {
        ("Language Arts", "Reading"),
        ("Language Arts", "Language Usage"),
    }
    tests = sams_tests(cast)
    assert [p[1] for p in tests["Reading"].points] == [Decimal(212), Decimal(219)]
    assert [p[1] for p in tests["Language Usage"].points] == [Decimal(208), Decimal(211)]
    assert tests["Reading"].scale_label == "RIT"
    reading = results.get(test="Reading", taken_on=date(2027, 1, 12))
    assert reading.standard_error == Decimal("3.2") and reading.scale == "rit"
    assert reading.growth["FallToWinterObservedGrowth"] == "6"


def test_nwea_retest_on_one_day_keeps_every_event_and_charts_the_growth_event(cast):
    """A retest has its own TestID and GrowthMeasureYN false; first in the file or not, every
    event is kept and only the growth event is drawn."""
    data = vendor_files.nwea(
        [
            {"student": "S-100", "course": "Reading", "date": "09/15/2026", "rit": "210",
             "term": "Fall 2026-2027", "test_id": "700001"},
            {"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "201",
             "growth": "FALSE", "test_id": "700002", "time": "09:05:00"},
            {"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "219",
             "growth": "TRUE", "test_id": "700003", "time": "10:40:00"},
        ]
    )  # fmt: skip
    for options in ({}, {"skip_bad_rows": True}):
        AssessmentResult.objects.all().delete()
        report = apply(cast, data, **options)
        assert report.written and not report.errors
        assert counts(report)["created"] == 3
    events = AssessmentResult.objects.filter(student=cast.student).order_by("event_id")
    assert [(e.event_id, e.score, e.growth_measure) for e in events] == [
        ("700001", Decimal(210), True),
        ("700002", Decimal(201), False),
        ("700003", Decimal(219), True),
    ]
    reading = sams_tests(cast)["Reading"]
    assert reading.points == [(date(2026, 9, 15), Decimal(210)), (date(2027, 1, 12), Decimal(219))]
    assert len(reading.results) == 3  # the retest is in the detail table
    retest = next(r for r in reading.results if r.event_id == "700002")
    assert "not a growth measure" in retest.chart_note
    (chart,) = growth_charts(cast.student)
    assert chart["svg"] and "Reading scores (RIT) over time, from 210 to 219" in chart["svg"]


def test_nwea_older_layout_reads_measurement_scale(cast):
    old = vendor_files.nwea(
        [
            {"student": "S-100", "course": "Mathematics", "subject": "Mathematics",
             "date": "05/11/2026", "rit": "215", "term": "Spring 2025-2026", "test_id": "1"},
            {"student": "S-100", "course": "Reading", "subject": "Reading",
             "date": "05/12/2026", "rit": "205", "term": "Spring 2025-2026", "test_id": "2"},
        ],
        layout="old",
    )  # fmt: skip
    report = apply(cast, old)
    assert report.written and "older layout" in report.format_label, report.errors
    new = vendor_files.nwea(
        [{"student": "S-100", "course": "Math K-12", "date": "09/15/2026", "rit": "221"}]
    )
    assert apply(cast, new).written
    tests = sams_tests(cast)
    # The old MeasurementScale "Mathematics" is the RIT scale the new files call Math K-12.
    assert [p[1] for p in tests["Math K-12"].points] == [Decimal(215), Decimal(221)]
    assert tests["Reading"].subject == "Reading"


def test_nwea_tab_delimited_export(cast):
    rows = [{"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "219"}]
    text = vendor_files.nwea(rows).decode()
    tabbed = "\n".join("\t".join(next(csv.reader([line]))) for line in text.splitlines()).encode(
        "cp1252"
    )  # an Excel "Text (Tab delimited)" save
    report = apply(cast, tabbed, name="AssessmentResults.txt")
    assert report.written and report.format == "nwea", report.errors
    assert AssessmentResult.objects.get().test == "Reading"


def test_nwea_reimport_by_event_id_is_a_no_op_and_a_change_is_an_update(cast):
    rows = [
        {"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "219"},
        {"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "201",
         "growth": "FALSE"},
    ]  # fmt: skip
    assert counts(apply(cast, vendor_files.nwea(rows)))["created"] == 2
    assert counts(apply(cast, vendor_files.nwea(rows))) == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "deactivated": 0,
    }
    rows[1]["rit"] = "203"  # NWEA corrected the retest's score
    again = apply(cast, vendor_files.nwea(rows))
    assert (counts(again)["updated"], counts(again)["unchanged"]) == (1, 1)
    assert AssessmentResult.objects.filter(score=Decimal(203)).count() == 1


def test_nwea_the_same_test_id_twice_in_a_file_is_an_error(cast):
    row = {"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "219"}
    report = apply(cast, vendor_files.nwea([row | {"test_id": "9"}, row | {"test_id": "9"}]))
    assert [(p.row, "Row 2" in p.message) for p in report.errors] == [(3, True)]
    assert not AssessmentResult.objects.exists()


def test_results_imported_before_event_ids_are_taken_over(cast):
    """The old import kept NWEA's Subject ("Language Arts") and no TestID; the migration keeps
    those rows out of the chart (Reading or Language Usage?) and a re-import names them."""
    legacy = AssessmentResult.objects.create(
        student=cast.student,
        assessment="NWEA MAP Growth",
        subject="Language Arts",
        test="",
        taken_on=date(2027, 1, 12),
        score=Decimal(219),
        source="nwea",
    )
    migration = importlib.import_module("tandem.evidence.migrations.0002_assessment_events")
    migration.tests_from_subjects(apps, None)
    legacy.refresh_from_db()
    assert (legacy.test, legacy.scale, legacy.growth_measure) == ("Language Arts", "rit", False)
    assert sams_tests(cast)["Language Arts"].charted == []
    data = vendor_files.nwea(
        [
            {"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "219"},
            {"student": "S-100", "course": "Language Usage", "date": "01/12/2027", "rit": "211"},
        ]
    )
    report = apply(cast, data)
    assert (counts(report)["updated"], counts(report)["created"]) == (1, 1)
    legacy.refresh_from_db()
    assert (legacy.test, legacy.growth_measure, legacy.event_id) == ("Reading", True, "720000000")
    assert set(sams_tests(cast)) == {"Reading", "Language Usage"}


def test_older_builders_still_read(cast):
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
    olive = AssessmentResult.objects.get(student=cast.other_student)
    assert olive.percentile is None and olive.subject == "Reading"


# -- Renaissance Star ---------------------------------------------------------------------------


def test_star_reading_math_and_early_literacy(cast):
    cast.other_student.state_id = "VT-200"
    cast.other_student.save()
    reading = vendor_files.star(
        "SR",
        [
            {"student": "S-100", "assessment_id": "b4bb4246-2e76-4a37-a156-0b7b6c0d53f0",
             "completed": "2026-09-20 13:08:05", "score": "1102", "window": "Fall"},
            {"student": "S-100", "assessment_id": "0c39010a-2061-4755-b811-b47c4ef89d53",
             "completed": "2027-01-18 10:27:00", "score": "1170", "sgp": "61"},
            # Retaken the same day; the first attempt was deactivated.
            {"student": "S-100", "assessment_id": "0c39010a-2061-4755-b811-b47c4ef89d52",
             "completed": "2027-01-18 09:05:00", "score": "880", "status": "Deactivated"},
            # No district id in Star: matched by the state id.
            {"student": "", "state_id": "VT-200", "assessment_id": "a1",
             "completed": "2027-01-19 10:00:00", "score": "1010"},
        ],
    )  # fmt: skip
    math = vendor_files.star(
        "SM",
        [{"student": "S-100", "assessment_id": "m1", "completed": "2027-01-20 11:00:00",
          "score": "814"}],
        excel=True,  # opened and saved in Excel: 1/20/27 11:00, CRLF
    )  # fmt: skip
    literacy = vendor_files.star(
        "SEL",
        [{"student": "S-200", "assessment_id": "e1", "completed": "2027-01-21 08:00:00",
          "score": "826", "pct": ""}],
    )  # fmt: skip
    names = ("Historical_Star_Reading_SR_v2.csv", "Star_Math_SM_v2.csv", "SEL_v2.csv")
    for data, name, label in zip(
        (reading, math, literacy), names, ("Reading", "Math", "Early"), strict=True
    ):
        report = apply(cast, data, name=name)
        assert report.written and not report.errors, report.errors
        assert report.format == "star" and label in report.format_label
    tests = sams_tests(cast)
    assert set(tests) == {"Star Reading", "Star Math"}
    star_reading = tests["Star Reading"]
    assert star_reading.scale_label == "Star scaled score"
    assert star_reading.points == [
        (date(2026, 9, 20), Decimal(1102)),
        (date(2027, 1, 18), Decimal(1170)),
    ]
    assert len(star_reading.results) == 3
    event = AssessmentResult.objects.get(event_id="0c39010a-2061-4755-b811-b47c4ef89d53")
    assert (event.term_name, event.percentile, event.level) == (
        "Winter 2026-2027",
        63,
        "At/Above Benchmark",
    )
    assert event.growth["CurrentSGP"] == "61" and event.standard_error is None
    assert tests["Star Math"].results[0].taken_on == date(2027, 1, 20)
    olive = {r.test for r in AssessmentResult.objects.filter(student=cast.other_student)}
    assert olive == {"Star Reading", "Star Early Literacy"}
    assert counts(apply(cast, reading, name=names[0]))["unchanged"] == 4


def test_star_file_the_columns_and_name_do_not_identify(cast):
    header = "StudentRenaissanceID,StudentIdentifier,AssessmentID,CompletedDate,ScaledScore\r\n"
    data = (header + "x,S-100,a1,2027-01-18 10:00:00,900\r\n").encode()
    unknown = apply(cast, data, name="export.csv")
    assert unknown.fatal and "Reading, Math or Early Literacy" in unknown.errors[0].message
    named = apply(cast, data, name="2026_SM_v2.csv")
    assert named.written and AssessmentResult.objects.get().test == "Star Math"


# -- i-Ready Diagnostic -------------------------------------------------------------------------


def test_iready_reading_and_math(cast):
    ela = vendor_files.iready(
        "ela",
        [
            {"student": "S-100", "start": "09/15/2026", "completed": "09/17/2026",
             "score": "585"},
            {"student": "S-100", "start": "01/11/2027", "completed": "01/11/2027",
             "score": "540", "rush": "Y", "duration": "9", "baseline": "N",
             "window": "Winter (November 16 - February 28)"},
            {"student": "S-100", "start": "01/11/2027", "completed": "01/12/2027",
             "score": "601", "baseline": "N", "gain": "16",
             "window": "Winter (November 16 - February 28)"},
        ],
    )  # fmt: skip
    math = vendor_files.iready(
        "math", [{"student": "S-100", "completed": "09/18/2026", "score": "560"}]
    )
    for data, name in ((ela, "diagnostic_results_ela.csv"), (math, "diagnostic_results_math.csv")):
        report = apply(cast, data, name=name)
        assert report.written and not report.errors and report.format == "iready", report.errors
    tests = sams_tests(cast)
    reading = tests["Reading"]
    assert (
        reading.assessment == "i-Ready Diagnostic" and reading.scale_label == "i-Ready scale score"
    )
    assert reading.points == [(date(2026, 9, 17), Decimal(585)), (date(2027, 1, 12), Decimal(601))]
    assert [r.growth_measure for r in reading.results] == [True, False, True]  # rushed: False
    assert reading.latest.term_name == "Winter 2026-2027"
    assert reading.latest.growth["Diagnostic Gain"] == "16"
    assert tests["Math"].points == [(date(2026, 9, 18), Decimal(560))]
    assert counts(apply(cast, ela, name="diagnostic_results_ela.csv"))["unchanged"] == 3


# -- A plain CSV --------------------------------------------------------------------------------

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
    assert apply(cast, PLAIN, name="results.csv").format == "csv"  # recognised too
    assert sams_tests(cast)["Math"].scale_label == "Score"


def test_plain_csv_with_its_own_events_scale_and_error(cast):
    data = (
        b"student_id,assessment,subject,test,scale,date,score,standard_error,event_id,"
        b"growth_measure,term\n"
        b"S-100,Benchmark,Reading,Fluency,words per minute,2026-10-01,92,4.5,e1,yes,Fall\n"
        b"S-100,Benchmark,Reading,Fluency,words per minute,2026-10-01,80,4.5,e2,no,Fall\n"
    )
    report = apply(cast, data, name="results.csv")
    assert report.written, report.errors
    fluency = sams_tests(cast)["Fluency"]
    assert fluency.scale_label == "words per minute" and fluency.points[0][1] == Decimal(92)
    assert fluency.results[0].standard_error == Decimal("4.5")


def test_plain_csv_two_results_of_one_test_on_one_day_need_event_ids(cast):
    data = (
        b"student_id,assessment,subject,date,score\n"
        b"S-100,X,Math,2027-03-01,1\nS-100,X,Math,2027-03-01,2\n"
    )
    report = apply(cast, data, name="results.csv")
    assert [p.row for p in report.errors] == [3] and "Math|2027-03-01" in report.errors[0].message


# -- Every reader: detection, wrong formats, broken files ---------------------------------------


def files():
    """(format, name, a builder of rows → bytes, a good row, the student/score/date columns)."""
    return [
        (
            "nwea",
            "AssessmentResults.csv",
            lambda rows: vendor_files.nwea(rows),
            {"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "219"},
            ("StudentID", "rit", "TestRITScore", "date", "TestStartDate"),
        ),
        (
            "star",
            "SR_v2.csv",
            lambda rows: vendor_files.star("SR", rows),
            {"student": "S-100", "assessment_id": "a", "completed": "2027-01-18 10:00:00",
             "score": "1170"},
            ("StudentIdentifier", "score", "ScaledScore", "completed", "CompletedDateLocal"),
        ),
        (
            "iready",
            "diagnostic_results_math.csv",
            lambda rows: vendor_files.iready("math", rows),
            {"student": "S-100", "completed": "09/18/2026", "score": "560"},
            ("Student ID", "score", "Overall Scale Score", "completed", "Completion Date"),
        ),
        (
            "csv",
            "results.csv",
            lambda rows: (
                "student_id,assessment,subject,date,score\n"
                + "".join(f"{r['student']},X,Math,{r['date']},{r['score']}\n" for r in rows)
            ).encode(),
            {"student": "S-100", "date": "2027-03-01", "score": "1"},
            ("student_id", "score", "score", "date", "date"),
        ),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "fmt,name,build,good,cols", files(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_detection(fmt, name, build, good, cols):
    assert detect(build([good]), name) == fmt


@pytest.mark.parametrize(
    "fmt,name,build,good,cols", files(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_broken_rows_are_row_errors_and_nothing_is_written(cast, fmt, name, build, good, cols):
    student_col, score_key, score_col, date_key, date_col = cols
    unknown = good | {"student": "S-999"}
    if fmt == "star":
        unknown |= {"assessment_id": "b"}
    bad_score = good | {score_key: "twelve"}
    bad_date = good | {date_key: "2027/13/45" if fmt != "csv" else "03/01/2027"}
    for options in ({"fmt": fmt}, {"fmt": "auto"}):
        report = apply(cast, build([good, unknown, bad_score, bad_date]), name=name, **options)
        where = sorted((p.row, p.column) for p in report.errors)
        assert where == [(3, student_col), (4, score_col), (5, date_col)], report.errors
        assert not report.written and not AssessmentResult.objects.exists()
        assert counts(report)["created"] == 0
    skipped = apply(cast, build([good, unknown]), name=name, fmt=fmt, skip_bad_rows=True)
    assert skipped.written and AssessmentResult.objects.count() == 1


@pytest.mark.parametrize(
    "fmt,name,build,good,cols", files(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_missing_column_is_fatal(cast, fmt, name, build, good, cols):
    data = build([good]).decode("utf-8-sig")
    header, rest = data.split("\n", 1)
    score_col = cols[2]
    header = ",".join(
        c for c in header.rstrip("\r").split(",") if c.strip('"') != score_col
    )  # the header lost the column, as a hand edit can leave it
    report = apply(cast, (header + "\n" + rest).encode(), name=name, fmt=fmt)
    assert report.fatal and report.errors[0].row == 1 and score_col in report.errors[0].column
    assert not AssessmentResult.objects.exists()


def test_a_wrong_format_is_named(cast):
    data = vendor_files.iready("ela", [{"student": "S-100", "completed": "09/18/2026",
                                        "score": "560"}])  # fmt: skip
    report = apply(cast, data, fmt="nwea", name="diagnostic_results_ela.csv")
    assert report.fatal and not AssessmentResult.objects.exists()
    assert any("looks like i-Ready Diagnostic" in p.message for p in report.errors)
    unknown = apply(cast, b"name,grade\nSam,10\n", name="x.csv")
    assert unknown.fatal and "does not recognize" in unknown.errors[0].message


# -- The command --------------------------------------------------------------------------------


def test_command(cast, tmp_path, capsys):
    path = tmp_path / "AssessmentResults.csv"
    rows = [{"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "219"}]
    path.write_bytes(vendor_files.nwea(rows))
    call_command("import_assessments", str(path), "--dry-run", "--report", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["results"]["created"] == 1 and not AssessmentResult.objects.exists()
    assert (report["format"], report["detected"]) == ("nwea", True)
    assert report["preview"][0] | {"event_id": ""} == {
        "row": 2,
        "student": "S-100",
        "test": "Reading (NWEA MAP Growth)",
        "event_id": "",
        "date": "2027-01-12",
        "score": "219",
        "standard_error": "3.2",
        "percentile": "55",
        "growth_measure": True,
        "term": "Winter 2026-2027",
    }
    call_command("import_assessments", str(path))
    out = capsys.readouterr().out
    assert "Format: NWEA MAP Growth, the 2020+ layout (the test from Course) (detected" in out
    assert AssessmentResult.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(vendor_files.nwea([rows[0] | {"student": "S-999", "test_id": "2"}]))
    with pytest.raises(CommandError):
        call_command("import_assessments", str(bad), "--format", "nwea")
    call_command("import_assessments", str(bad), "--format", "nwea", "--skip-bad-rows")
