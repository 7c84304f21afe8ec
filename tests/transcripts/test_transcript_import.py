"""The transcript CSV: its columns, row errors, all or nothing, skipping bad rows, a dry run,
importing again, and the command."""

import json

import pytest
from django.core.management import CommandError, call_command

from tandem.rosters.models import ImportRun
from tandem.transcripts.files import read_transcript, school_year
from tandem.transcripts.imports import transcript_apply
from tandem.transcripts.models import CourseRecord

pytestmark = pytest.mark.django_db

HEADER = (
    "Student_ID,Course_Code,Course_Title,Subject_Area,School_Year,Term,Grade,"
    "Credits_Attempted,Credits_Earned\n"
)
GOOD = "S-100,ENG-10,English 10,English,2026-2027,Fall,A-,0.5,0.5\n"


def apply(cast, text, **options):
    return transcript_apply(data=text.encode(), name="t.csv", school=cast.school, **options)


def problems(report) -> list[tuple]:
    return [(p.row, p.column) for p in report.errors]


@pytest.mark.parametrize(
    "value,year",
    [("2027", 2027), ("2026-2027", 2027), ("2026–27", 2027), ("1999-00", 2000)],
)
def test_a_school_year_is_the_year_it_ends_in(value, year):
    assert school_year(value) == year


@pytest.mark.parametrize("value", ["2026-2028", "27", "next year", "2026-26"])
def test_what_is_not_a_school_year(value):
    assert school_year(value) is None


def test_a_file_without_a_required_column_is_not_read():
    parsed = read_transcript(b"student_id,course_code,school_year\nS-100,X,2027\n", name="t.csv")
    assert not parsed.readable
    assert [(p.row, p.column) for p in parsed.errors] == [
        (1, "course_title"),
        (1, "credits_attempted"),
    ]


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(cast):
    text = (
        HEADER
        + GOOD
        + "S-999,ENG-10,English 10,English,2027,Fall,A,0.5,0.5\n"  # row 3: nobody
        + "S-100,MATH,Math,Mathematics,2026-2028,,B,1,1\n"  # row 4: not a school year
        + "S-100,ART,Art,Arts,2027,,,lots,\n"  # row 5: credits
        + "S-100,PE,PE,,2027,,P,0.5,1\n"  # row 6: more earned than attempted
        + "S-100,SCI,Science,Science,2027,,,1,1\n"  # row 7: earned, in progress
        + "S-100,ENG-10,English 10 (again),English,2027,Fall,B,0.5,0.5\n"  # row 8: same course
        + ",,,,,,,,\n"  # blank rows are skipped
    )
    report = apply(cast, text)
    assert not report.written and not CourseRecord.objects.exists()
    assert problems(report) == [
        (3, "student_id"),
        (4, "school_year"),
        (5, "credits_attempted"),
        (6, "credits_earned"),
        (7, "credits_earned"),
        (8, ""),
    ]
    assert report.as_dict()["counts"]["course_records"]["created"] == 0
    assert "Row 2 has the same student, course, school year and term." in str(report.errors[-1])


def test_skipping_bad_rows_imports_the_good_ones(cast):
    report = apply(cast, HEADER + GOOD + "S-999,X,X,,2027,,A,1,1\n", skip_bad_rows=True)
    assert report.written and problems(report) == [(3, "student_id")]
    (record,) = CourseRecord.objects.all()
    assert (record.student, record.grade, record.source) == (cast.student, "A-", "csv")


def test_a_dry_run_reports_and_writes_nothing(cast):
    report = apply(cast, HEADER + GOOD, dry_run=True)
    assert not report.written and report.as_dict()["counts"]["course_records"]["created"] == 1
    assert not CourseRecord.objects.exists()


def test_a_state_id_finds_the_student_and_a_correction_updates_the_record(cast):
    cast.student.state_id = "MA-1"
    cast.student.save()
    apply(cast, HEADER + GOOD)
    report = apply(cast, HEADER + GOOD.replace("S-100", "ma-1").replace("A-", "A"))
    assert report.as_dict()["counts"]["course_records"]["updated"] == 1
    assert CourseRecord.objects.get().grade == "A"


def test_the_command_reports_json_and_records_the_run(cast, tmp_path, capsys):
    path = tmp_path / "transcripts.csv"
    path.write_text(HEADER + GOOD)
    call_command("import_transcripts", str(path), "--report", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["written"] and report["counts"]["course_records"]["created"] == 1
    run = ImportRun.objects.get()
    assert (run.kind, run.status) == (ImportRun.Kind.TRANSCRIPT, ImportRun.Status.APPLIED)

    path.write_text(HEADER + "S-999,X,X,,2027,,A,1,1\n")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_transcripts", str(path))
    assert CourseRecord.objects.count() == 1
