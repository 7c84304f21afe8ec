"""Broken packages: each kind of error names the file, the row (the header is row 1) and the
column, and nothing at all is written, unless bad rows may be skipped."""

import pytest
from django.contrib.auth import get_user_model

from tandem.people.models import Caregiver, Guardianship, Student
from tandem.schools.models import AcademicYear, School, StaffRole, Term

from .packages import Package, harbor
from .test_import import changes

pytestmark = pytest.mark.django_db

ROLES_12 = (
    "administrator, aide, counselor, districtAdministrator, guardian, parent, principal, "
    "proctor, relative, siteAdministrator, student, systemAdministrator, teacher"
)


def nothing_written() -> bool:
    models = (School, AcademicYear, Term, Student, Caregiver, Guardianship, StaffRole)
    return not any(model.objects.exists() for model in models) and not (
        get_user_model().objects.exists()
    )


def problems(report) -> list[tuple]:
    return [(p.file, p.row, p.column, p.message) for p in report.errors]


def missing_column(package: Package):
    package.drop_columns["users"] = ["familyName"]


def duplicate_sourced_id(package: Package):
    package.users.append(dict(package.users[1]))  # s2 again, on row 12


def unknown_reference(package: Package):
    package.users[5]["agentSourcedIds"] = "s9"  # p3, row 7


def bad_date(package: Package):
    package.sessions[0]["startDate"] = "2026-13-01"  # sy27, row 2


def wrong_enumeration(package: Package):
    package.roles[6]["role"] = "teachr"  # t1's role, row 8


BROKEN = {
    "missing required column": (
        missing_column,
        [("users.csv", 1, "familyName", "The required column familyName is missing.")],
    ),
    "duplicate sourcedId": (
        duplicate_sourced_id,
        [("users.csv", 12, "sourcedId", "The sourcedId s2 is already used on row 3.")],
    ),
    "unknown sourcedId": (
        unknown_reference,
        [("users.csv", 7, "agentSourcedIds", "s9 is not a sourcedId in users.csv.")],
    ),
    "bad date": (
        bad_date,
        [("academicSessions.csv", 2, "startDate", "“2026-13-01” is not a date (YYYY-MM-DD).")],
    ),
    "wrong enumeration": (
        wrong_enumeration,
        [("roles.csv", 8, "role", f"“teachr” is not one of: {ROLES_12}.")],
    ),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_package_writes_nothing(run_import, kind):
    breaks, expected = BROKEN[kind]
    package = harbor("1.2")
    breaks(package)

    report = run_import(package)

    assert problems(report) == expected
    assert not report.written
    assert changes(report) == {}
    assert nothing_written()


def test_a_wrong_role_in_a_11_users_csv(run_import):
    package = harbor("1.1")
    package.users[6]["role"] = "teachr"
    report = run_import(package)
    allowed = "administrator, aide, guardian, parent, proctor, relative, student, teacher"
    assert problems(report) == [("users.csv", 8, "role", f"“teachr” is not one of: {allowed}.")]
    assert nothing_written()


def test_every_error_is_reported_not_only_the_first(run_import):
    package = harbor("1.2")
    for breaks, _expected in BROKEN.values():
        if breaks is not missing_column:
            breaks(package)
    package.orgs[1]["type"] = "campus"
    report = run_import(package)
    assert [(file, row, column) for file, row, column, _m in problems(report)] == [
        ("academicSessions.csv", 2, "startDate"),
        ("orgs.csv", 3, "type"),
        ("roles.csv", 8, "role"),
        ("users.csv", 7, "agentSourcedIds"),
        ("users.csv", 12, "sourcedId"),
    ]
    assert nothing_written()


def test_skipping_bad_rows_imports_the_rest(run_import):
    package = harbor("1.2")
    wrong_enumeration(package)
    unknown_reference(package)

    report = run_import(package, skip_bad_rows=True)

    assert report.written
    assert [(p.file, p.row) for p in report.errors] == [("roles.csv", 8), ("users.csv", 7)]
    found = changes(report)
    assert found["staff"] == {"created": 2}  # not Alice, whose role row is bad
    assert found["caregivers"] == {"created": 2}  # not Fiona, whose row is bad
    assert found["guardianships"] == {"created": 2}
    assert not StaffRole.objects.filter(sourced_id="t1").exists()


def test_a_bad_row_skipped_in_a_full_roster_does_not_deactivate_the_person(run_import):
    run_import(harbor("1.2"))
    package = harbor("1.2")
    wrong_enumeration(package)  # Alice's role row is bad this time
    report = run_import(package, skip_bad_rows=True)
    assert changes(report)["staff"] == {"unchanged": 2}
    assert StaffRole.objects.filter(sourced_id="t1").exists()


def test_delta_rows_need_status_and_date(run_import):
    package = Package(version="1.2", delta=True)
    package.org("sch1", "Lighthouse High")
    package.orgs[0]["status"] = ""
    package.orgs[0]["dateLastModified"] = "yesterday"
    report = run_import(package)
    assert problems(report) == [
        ("orgs.csv", 2, "status", "A value is required in a delta file."),
        (
            "orgs.csv",
            2,
            "dateLastModified",
            "“yesterday” is not a date and time (ISO 8601, e.g. 2026-08-24T12:00:00Z).",
        ),
    ]


def test_a_term_outside_its_year_is_an_error(run_import):
    package = harbor("1.2")
    package.sessions[2]["endDate"] = "2027-07-30"  # spring ends after the year
    report = run_import(package)
    assert problems(report) == [
        (
            "academicSessions.csv",
            4,
            "endDate",
            "The term falls outside its school year 2026-2027 (August 24, 2026 – June 18, 2027).",
        )
    ]
    assert nothing_written()


def test_a_student_identifier_held_by_another_student_is_an_error(run_import):
    school = School.objects.create(name="Lighthouse High", sourced_id="sch1")
    Student.objects.create(
        school=school,
        first_name="Other",
        last_name="Kid",
        grade=9,
        local_id="L-100",
        sourced_id="zz",
    )
    report = run_import(harbor("1.2"))
    assert problems(report) == [
        (
            "users.csv",
            2,
            "identifier",
            "L-100 is already the local id of another student in Tandem (Other Kid).",
        )
    ]
    assert Student.objects.count() == 1 and not Caregiver.objects.exists()


def test_a_delta_may_name_people_imported_before_but_not_strangers(run_import):
    run_import(harbor("1.2"))
    delta = Package(version="1.2", delta=True)
    delta.user("s5", "student", "New", "Kid", grades="09", agents=["p1", "p404"])
    report = run_import(delta)
    assert problems(report) == [
        (
            "users.csv",
            2,
            "agentSourcedIds",
            "p404 is not a sourcedId in users.csv, nor of a record imported before.",
        )
    ]
    assert not Student.objects.filter(sourced_id="s5").exists()
