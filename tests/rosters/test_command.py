"""manage.py import_oneroster: the report, dry runs, exit status, advisors, the record of runs."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tandem.advisories.models import Advisory
from tandem.people.models import Student
from tandem.rosters.models import ImportRun
from tandem.schools.models import AcademicYear, School
from tests.personas import make_user

from .packages import harbor
from .test_errors import nothing_written, wrong_enumeration

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_oneroster", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_report_json_parses_and_the_run_is_recorded(tmp_path):
    path = harbor().write(tmp_path / "export", zipped=True)
    make_user("it@district.test", "Ivy IT")

    report = json.loads(run(path, "--report", "json", "--by", "it@district.test"))

    assert report["written"] and report["errors"] == [] and report["errors_total"] == 0
    assert report["counts"]["students"] == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "deactivated": 0,
    }
    assert set(report["counts"]) == {
        "schools",
        "years",
        "terms",
        "students",
        "caregivers",
        "staff",
        "households",
        "guardianships",
        "advisories",
        "course_records",
    }
    record = ImportRun.objects.get()
    assert (record.status, record.source, record.file_name, record.version, record.mode) == (
        ImportRun.Status.APPLIED,
        ImportRun.Source.COMMAND,
        str(path),
        "1.2",
        "bulk",
    )
    assert record.by.email == "it@district.test" and record.who == "Ivy IT"
    assert list(record.schools.values_list("name", flat=True)) == ["Lighthouse High"]
    assert record.summary["counts"]["students"]["created"] == 2


def test_dry_run_writes_nothing_but_reports_what_would_change(tmp_path):
    path = harbor().write(tmp_path / "export")

    report = json.loads(run(path, "--dry-run", "--report", "json"))

    assert report["dry_run"] and not report["written"]
    assert report["counts"]["students"]["created"] == 2
    assert report["counts"]["schools"]["created"] == 1
    assert nothing_written()
    record = ImportRun.objects.get()
    assert record.status == ImportRun.Status.CHECKED and record.dry_run
    assert not record.schools.exists()  # the school it would create does not exist


def test_a_broken_package_exits_with_an_error_and_writes_nothing(tmp_path):
    package = harbor()
    wrong_enumeration(package)
    path = package.write(tmp_path / "export")
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 error"):
        call_command("import_oneroster", str(path), "--report", "json", stdout=out)

    report = json.loads(out.getvalue())
    assert report["errors"] == [
        {
            "file": "roles.csv",
            "row": 8,
            "column": "role",
            "message": report["errors"][0]["message"],
        }
    ]
    assert nothing_written()
    assert ImportRun.objects.get().status == ImportRun.Status.REJECTED


def test_skip_bad_rows_imports_the_rest(tmp_path):
    package = harbor()
    wrong_enumeration(package)
    text = run(package.write(tmp_path / "export"), "--skip-bad-rows")
    assert "roles.csv row 8, role" in text
    assert "Imported" in text
    assert Student.objects.count() == 2


def test_the_text_report_is_a_table(tmp_path):
    text = run(harbor().write(tmp_path / "export"))
    assert "created" in text and "deactivated" in text
    assert "Students" in text and "enrollments of teachers and other staff" in text


def advisors_csv(tmp_path, rows) -> str:
    path = tmp_path / "advisors.csv"
    path.write_text("student_id,advisor_email\n" + "".join(f"{a},{b}\n" for a, b in rows))
    return path


def test_advisories_load_in_bulk_and_survive_reimports(tmp_path):
    path = harbor().write(tmp_path / "export")
    csv = advisors_csv(
        tmp_path, [("s1", "alice@lighthouse.test"), ("L-200", "ALICE@lighthouse.test")]
    )

    report = json.loads(run(path, "--advisories", csv, "--report", "json"))

    assert report["counts"]["advisories"]["created"] == 2
    year = AcademicYear.objects.get()
    assert set(Advisory.objects.values_list("student__sourced_id", "advisor__email", "year")) == {
        ("s1", "alice@lighthouse.test", year.pk),
        ("s2", "alice@lighthouse.test", year.pk),
    }
    report = json.loads(run(path, "--report", "json"))  # the roster alone leaves them be
    assert report["counts"]["advisories"] == dict.fromkeys(report["counts"]["advisories"], 0)
    assert Advisory.objects.filter(ended_at__isnull=True).count() == 2
    again = json.loads(run(path, "--advisories", csv, "--report", "json"))
    assert again["counts"]["advisories"]["unchanged"] == 2


def test_an_advisories_csv_with_a_wrong_row_writes_nothing(tmp_path):
    path = harbor().write(tmp_path / "export")
    csv = advisors_csv(
        tmp_path, [("s1", "alice@lighthouse.test"), ("s2", "cody@lighthouse.test"), ("s9", "x@y.z")]
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_oneroster", str(path), "--advisories", str(csv), "--report", "json", stdout=out
        )
    errors = json.loads(out.getvalue())["errors"]
    assert [(e["file"], e["row"], e["column"]) for e in errors] == [
        ("advisors.csv", 3, "advisor_email"),
        ("advisors.csv", 4, "student_id"),
    ]
    assert errors[0]["message"] == "cody@lighthouse.test is not an advisor at Lighthouse High."
    assert not School.objects.exists() and not Advisory.objects.exists()


def test_an_import_that_breaks_is_recorded_as_failed(tmp_path, monkeypatch):
    from tandem.rosters import apply_people

    def broken(self):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(apply_people.PeopleStep, "run", broken)
    with pytest.raises(RuntimeError):
        run(harbor().write(tmp_path / "export"))
    record = ImportRun.objects.get()
    assert record.status == ImportRun.Status.FAILED
    assert record.summary == {"failure": "RuntimeError"}
    assert nothing_written()
