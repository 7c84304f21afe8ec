"""A school that set up its calendar by hand: the import adopts its years and terms by name
(dashes, spaces and case aside) or by dates, says so in the report and on the preview page, and
never makes a second year for the same dates; an ambiguous match is an error, not a guess."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from tandem.people.models import Student
from tandem.rosters.apply_calendar import normalised
from tandem.rosters.models import ImportRun
from tandem.rosters.report import describe_match
from tandem.schools.models import AcademicYear, School, Term

from .packages import harbor
from .test_import import all_unchanged, changes
from .test_pages import upload

pytestmark = pytest.mark.django_db


def lighthouse(year_name: str, start: date, end: date, terms=()) -> AcademicYear:
    """Lighthouse High as set up in Tandem by hand, before any import."""
    school = School.objects.create(name="Lighthouse High")
    year = AcademicYear.objects.create(school=school, name=year_name, starts_on=start, ends_on=end)
    for name, term_start, term_end in terms:
        Term.objects.create(year=year, name=name, starts_on=term_start, ends_on=term_end)
    return year


def matched(report) -> list[str]:
    return [describe_match(match) for match in report.matched]


@pytest.mark.parametrize(
    "spelling",
    ["2026–2027", "2026—2027", "2026‐2027", "2026−2027", " 2026 - 2027 ", "2026 –  2027"],
)
def test_every_dash_and_spacing_is_one_name(spelling):
    assert normalised(spelling) == normalised("2026-2027") == "2026-2027"
    assert normalised("Fall  Semester") == normalised("FALL semester")


def test_a_hyphen_year_is_the_schools_en_dash_year_with_its_terms(run_import):
    year = lighthouse(
        "2026–2027",
        date(2026, 8, 24),
        date(2027, 6, 18),
        [
            ("Fall", date(2026, 8, 24), date(2027, 1, 22)),
            ("spring", date(2027, 1, 25), date(2027, 6, 18)),
        ],
    )

    report = run_import(harbor())

    assert report.errors == [] and report.written
    assert changes(report)["years"] == {"updated": 1}  # adopted: its sourcedId is set
    assert changes(report)["terms"] == {"updated": 2}
    assert AcademicYear.objects.count() == 1 and Term.objects.count() == 2
    year.refresh_from_db()
    assert (year.name, year.sourced_id) == ("2026–2027", "sy27")  # the school's spelling stays
    assert sorted(Term.objects.values_list("name", "sourced_id")) == [
        ("Fall", "fall"),
        ("spring", "spring"),
    ]
    assert matched(report) == [
        "School year 2026-2027 → matched the existing 2026–2027 by name",
        "Term Fall of 2026–2027 → matched the existing Fall by name",
        "Term Spring of 2026–2027 → matched the existing spring by name",
    ]
    assert "School year 2026-2027 → matched the existing 2026–2027 by name" in report.as_text()

    again = run_import(harbor())
    assert all_unchanged(again) and again.matched == []  # known by sourcedId now
    assert AcademicYear.objects.count() == 1 and Term.objects.count() == 2


def test_the_command_reports_the_match_as_text_and_json(tmp_path):
    lighthouse("2026–2027", date(2026, 8, 24), date(2027, 6, 18))
    path = harbor().write(tmp_path / "export")

    out = io.StringIO()
    call_command("import_oneroster", str(path), "--dry-run", "--report", "json", stdout=out)

    assert json.loads(out.getvalue())["matched"][0] == {
        "kind": "years",
        "school": "Lighthouse High",
        "title": "2026-2027",
        "existing": "2026–2027",
        "by": "name",
        "year": "",
    }
    out = io.StringIO()
    call_command("import_oneroster", str(path), stdout=out)
    assert "Matched in Tandem:\n  School year 2026-2027 → matched the existing 2026–2027" in (
        out.getvalue()
    )
    assert AcademicYear.objects.get().sourced_id == "sy27"


def test_overlapping_dates_under_another_name_match(run_import):
    year = lighthouse(
        "SY 26/27",
        date(2026, 8, 31),
        date(2027, 6, 11),
        [
            ("Semester 1", date(2026, 8, 31), date(2027, 1, 15)),
            ("Semester 2", date(2027, 1, 19), date(2027, 6, 11)),
        ],
    )

    report = run_import(harbor())

    assert report.errors == [] and report.written
    assert AcademicYear.objects.count() == 1 and Term.objects.count() == 2
    year.refresh_from_db()
    # Adopted as a student or a caregiver is: the information system's name and dates.
    assert (year.name, year.starts_on, year.ends_on, year.sourced_id) == (
        "2026-2027",
        date(2026, 8, 24),
        date(2027, 6, 18),
        "sy27",
    )
    assert sorted(Term.objects.values_list("name", "sourced_id", "starts_on")) == [
        ("Fall", "fall", date(2026, 8, 24)),
        ("Spring", "spring", date(2027, 1, 25)),
    ]
    assert matched(report) == [
        "School year 2026-2027 → matched the existing SY 26/27 by its dates",
        "Term Fall of 2026-2027 → matched the existing Semester 1 by its dates",
        "Term Spring of 2026-2027 → matched the existing Semester 2 by its dates",
    ]


def test_a_quarter_is_not_taken_for_the_semester_around_it(run_import):
    lighthouse(
        "2026–2027",
        date(2026, 8, 24),
        date(2027, 6, 18),
        [("Q1", date(2026, 8, 24), date(2026, 10, 30))],
    )

    report = run_import(harbor())

    assert report.errors == []
    assert sorted(Term.objects.values_list("name", "sourced_id")) == [
        ("Fall", "fall"),
        ("Q1", ""),
        ("Spring", "spring"),
    ]


def test_two_years_that_could_be_it_are_an_error_and_nothing_is_written(run_import):
    lighthouse("Year A", date(2026, 8, 24), date(2027, 6, 18))
    school = School.objects.get()
    AcademicYear.objects.create(
        school=school, name="Year B", starts_on=date(2026, 8, 31), ends_on=date(2027, 6, 11)
    )

    report = run_import(harbor())

    assert not report.written
    assert [(p.file, p.row, p.column) for p in report.errors][0] == (
        "academicSessions.csv",
        2,
        "title",
    )
    assert report.errors[0].message == (
        "2026-2027 could be any of the school years “Year A”, “Year B” in Tandem. Rename "
        "them so that exactly one has this name, then import again."
    )
    assert sorted(AcademicYear.objects.values_list("name", "sourced_id")) == [
        ("Year A", ""),
        ("Year B", ""),
    ]
    assert not Term.objects.exists() and not Student.objects.exists()
    assert School.objects.get().sourced_id == ""
    assert report.matched == []


def test_two_terms_that_could_be_it_are_an_error(run_import):
    lighthouse(
        "2026–2027",
        date(2026, 8, 24),
        date(2027, 6, 18),
        [
            ("Semester 1", date(2026, 8, 24), date(2027, 1, 22)),
            ("First half", date(2026, 8, 31), date(2027, 1, 29)),
        ],
    )

    report = run_import(harbor())

    assert not report.written
    assert [(p.file, p.row, p.column, p.message) for p in report.errors] == [
        (
            "academicSessions.csv",
            3,
            "title",
            "Fall could be any of the terms “First half”, “Semester 1” of 2026–2027 in Tandem. "
            "Rename them so that exactly one has this name, then import again.",
        )
    ]
    assert AcademicYear.objects.get().sourced_id == ""
    assert set(Term.objects.values_list("sourced_id", flat=True)) == {""}


def test_no_second_year_for_the_dates_of_one_imported_before(run_import):
    run_import(harbor())
    package = harbor()
    package.sessions[0]["sourcedId"] = "sy27-new"  # the SIS renumbered its year
    package.sessions[0]["title"] = "SY 2026-27"
    for session in package.sessions[1:3]:
        session["parentSourcedId"] = "sy27-new"
    package.courses[0]["schoolYearSourcedId"] = "sy27-new"

    report = run_import(package)

    assert not report.written
    assert (report.errors[0].file, report.errors[0].row, report.errors[0].message) == (
        "academicSessions.csv",
        2,
        "The school year 2026-2027 in Tandem already covers these dates; Tandem does not add "
        "a second year for them.",
    )
    assert AcademicYear.objects.count() == 1


def test_the_preview_page_says_which_year_and_terms_it_matched(client, cast, tmp_path):
    """Sid's school has this year's "2026–2027" (en dash); his SIS spells it with a hyphen."""
    client.force_login(cast.school_admin)
    year = cast.year
    package = harbor()
    package.sessions = []
    package.session(
        "sy",
        year.name.replace("–", "-"),
        "schoolYear",
        year.starts_on.isoformat(),
        year.ends_on.isoformat(),
        str(year.ends_on.year),
    )
    for term in year.terms.all():
        package.session(
            f"t-{term.pk}",
            term.name.upper(),
            "term",
            term.starts_on.isoformat(),
            term.ends_on.isoformat(),
            str(year.ends_on.year),
            parent="sy",
        )
    package.courses[0]["schoolYearSourcedId"] = "sy"
    package.classes[0]["termSourcedIds"] = f"t-{year.terms.first().pk}"
    years, terms = AcademicYear.objects.count(), Term.objects.count()

    upload(client, tmp_path, package)

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.PREVIEW and run.summary["errors"] == []
    page = " ".join(client.get(reverse("rosters:run", args=[run.pk])).content.decode().split())
    assert "Matched in Tandem" in page
    hyphen = year.name.replace("–", "-")
    assert f"School year {hyphen} → matched the existing {year.name} by name" in page
    assert f"Term FALL of {year.name} → matched the existing Fall by name" in page

    client.post(reverse("rosters:confirm", args=[run.pk]))
    assert (AcademicYear.objects.count(), Term.objects.count()) == (years, terms)
    year.refresh_from_db()
    assert (year.name, year.sourced_id) == (cast.year.name, "sy")
