"""Importing OneRoster packages: bulk 1.2 and 1.1, a delta, re-imports, deactivation, and what
Tandem keeps of its own. Every package is written as real CSV files."""

import pytest
from django.contrib.auth import get_user_model

from tandem.accounts.services import may_use_signin_link
from tandem.advisories.models import Advisory
from tandem.people.models import Caregiver, Guardianship, Household, Relationship, Student
from tandem.schools.models import AcademicYear, Role, School, StaffRole, Term
from tests.personas import make_staff

from .packages import Package, harbor

pytestmark = pytest.mark.django_db
User = get_user_model()

FIRST_IMPORT = {
    "schools": {"created": 1},
    "years": {"created": 1},
    "terms": {"created": 2},
    "students": {"created": 2},
    "caregivers": {"created": 3},
    "staff": {"created": 3},
    "households": {"created": 2},
    "guardianships": {"created": 3},
    "course_records": {"created": 2},  # Sam's and Olive's Algebra
}
IGNORED = {
    "demographics": 1,
    "enrollments_not_students": 1,
    "orgs_not_school": 1,
    "roles_without_access": 1,
    "sessions_nested": 1,
    "students_outside_grades": 1,
}


def changes(report) -> dict:
    """The report's non-zero counts: {kind: {action: n}}."""
    found = {}
    for kind, actions in report.as_dict()["counts"].items():
        numbers = {action: n for action, n in actions.items() if n}
        if numbers:
            found[kind] = numbers
    return found


def all_unchanged(report) -> bool:
    counts = report.as_dict()["counts"]
    return all(a["created"] == a["updated"] == a["deactivated"] == 0 for a in counts.values())


def student(sid) -> Student:
    return Student.objects.select_related("user").get(sourced_id=sid)


def caregiver(sid) -> Caregiver:
    return Caregiver.objects.select_related("user").get(sourced_id=sid)


def test_a_12_bulk_package_creates_the_school_year_terms_and_people(run_import):
    report = run_import(harbor("1.2"))

    assert report.errors == [] and report.written
    assert changes(report) == FIRST_IMPORT
    assert report.as_dict()["ignored"] == IGNORED

    school = School.objects.get(sourced_id="sch1")
    assert school.name == "Lighthouse High"
    year = AcademicYear.objects.get(school=school)
    assert (year.name, str(year.starts_on), str(year.ends_on), year.sourced_id) == (
        "2026-2027",
        "2026-08-24",
        "2027-06-18",
        "sy27",
    )
    assert sorted(Term.objects.filter(year=year).values_list("name", "sourced_id")) == [
        ("Fall", "fall"),
        ("Spring", "spring"),
    ]

    sam = student("s1")
    assert (sam.first_name, sam.preferred_name, sam.last_name, sam.pronouns) == (
        "Samuel",
        "Sam",
        "Rivera",
        "he/him",
    )
    assert (sam.grade, sam.local_id, sam.state_id, sam.is_active) == (9, "L-100", "MA-555", True)
    assert sam.user.email == "sam@students.lighthouse.test"
    assert not sam.user.has_usable_password()
    assert student("s2").user is None  # no e-mail, no sign-in
    assert not Student.objects.filter(sourced_id="s3").exists()  # grade 5

    carla, ned, fiona = caregiver("p1"), caregiver("p2"), caregiver("p3")
    assert (carla.email, carla.mobile_phone) == ("carla@family.test", "+16175550101")
    assert ned.mobile_phone == "+16175550102"
    assert may_use_signin_link(carla.user)  # families sign in by link

    ties = {
        (g.student.sourced_id, g.caregiver.sourced_id): g
        for g in Guardianship.objects.select_related("student", "caregiver")
    }
    assert set(ties) == {("s1", "p1"), ("s1", "p2"), ("s2", "p3")}
    assert ties[("s1", "p1")].relationship == Relationship.PARENT
    assert ties[("s1", "p2")].relationship == Relationship.GUARDIAN
    assert ties[("s1", "p1")].household_id == ties[("s1", "p2")].household_id
    assert ties[("s1", "p1")].has_educational_rights and ties[("s1", "p2")].has_educational_rights
    relative = ties[("s2", "p3")]
    assert relative.relationship == Relationship.RELATIVE
    assert not relative.has_educational_rights and not relative.lives_with_student
    assert all(tie.from_roster for tie in ties.values())
    assert fiona.guardianships.get().household.name == "Chen"

    roles = set(StaffRole.objects.values_list("user__email", "role", "sourced_id"))
    assert roles == {
        ("alice@lighthouse.test", Role.ADVISOR, "t1"),
        ("cody@lighthouse.test", Role.COUNSELOR, "t2"),
        ("pat@lighthouse.test", Role.SCHOOL_ADMIN, "a1"),
    }
    assert not User.objects.filter(email="ada@lighthouse.test").exists()  # the aide


def test_a_11_bulk_package_reads_roles_from_users_csv(run_import):
    report = run_import(harbor("1.1"))

    assert report.errors == [] and report.written
    assert changes(report) == FIRST_IMPORT
    assert report.as_dict()["ignored"] == IGNORED
    assert report.as_dict()["version"] == "1.1"
    assert student("s1").state_id == "MA-555"
    assert student("s1").preferred_name == ""  # 1.1 has no preferred names
    roles = set(StaffRole.objects.values_list("sourced_id", "role"))
    # 1.1 has no counselor or principal role: administrators are school admins.
    assert roles == {("t1", Role.ADVISOR), ("t2", Role.SCHOOL_ADMIN), ("a1", Role.SCHOOL_ADMIN)}


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_importing_the_same_package_twice_changes_nothing(run_import, version):
    run_import(harbor(version))
    counts = {model: model.objects.count() for model in (User, Student, Caregiver, Household)}

    report = run_import(harbor(version))

    assert report.errors == [] and report.written
    assert changes(report) == {
        "schools": {"unchanged": 1},
        "years": {"unchanged": 1},
        "terms": {"unchanged": 2},
        "students": {"unchanged": 2},
        "caregivers": {"unchanged": 3},
        "staff": {"unchanged": 3},
        "guardianships": {"unchanged": 3},
        "course_records": {"unchanged": 2},
    }
    assert all_unchanged(report)
    assert counts == {model: model.objects.count() for model in counts}


def test_a_12_delta_applies_only_its_rows(run_import):
    run_import(harbor("1.2"))
    delta = Package(version="1.2", delta=True)
    # A new name for Sam (users.csv only: his role did not change).
    delta.users.append(
        delta._base("s1", "active")
        | {
            "enabledUser": "true",
            "username": "s1",
            "givenName": "Samuel",
            "familyName": "Rivera-Lopez",
            "identifier": "L-100",
            "grades": "09",
            "email": "sam@students.lighthouse.test",
            "agentSourcedIds": "p1,p2",
            "preferredGivenName": "Sam",
            "pronouns": "he/him",
        }
    )
    # Olive leaves; a new student joins, whose mother (imported last time) is named by id only.
    delta.user(
        "s2", "student", "Olive", "Chen", grades="10", identifier="L-200", status="tobedeleted"
    )
    delta.user("s4", "student", "Rita", "Rivera", grades="11", identifier="L-400", agents=["p1"])
    # Cody stops being a counselor (roles.csv only).
    delta.roles.append(
        delta._base("r-t2-0", "tobedeleted")
        | {
            "userSourcedId": "t2",
            "roleType": "primary",
            "role": "counselor",
            "orgSourcedId": "sch1",
        }
    )

    report = run_import(delta)

    assert report.errors == [] and report.written
    assert report.as_dict()["files"] == {"roles": "delta", "users": "delta"}
    assert changes(report) == {
        "students": {"created": 1, "updated": 1, "deactivated": 1},
        "staff": {"deactivated": 1},
        "guardianships": {"created": 1, "unchanged": 2},
    }
    assert student("s1").last_name == "Rivera-Lopez"
    assert not student("s2").is_active
    rita = student("s4")
    carla = caregiver("p1")
    tie = Guardianship.objects.get(student=rita)
    assert tie.caregiver == carla
    # Rita joins the household her mother already has.
    assert (
        tie.household
        == Guardianship.objects.get(student__sourced_id="s1", caregiver=carla).household
    )
    assert not StaffRole.objects.filter(sourced_id="t2").exists()
    assert User.objects.get(email="cody@lighthouse.test").is_active  # the person stays
    assert Caregiver.objects.filter(sourced_id="p3", is_active=True).exists()  # not in the delta


def test_a_person_missing_from_a_bulk_package_is_deactivated_and_keeps_their_advisory(run_import):
    run_import(harbor())
    year = AcademicYear.objects.get()
    sam, alice = student("s1"), User.objects.get(email="alice@lighthouse.test")
    advisory = Advisory.objects.create(student=sam, advisor=alice, year=year)

    without = harbor()
    without.users = [u for u in without.users if u["sourcedId"] not in ("s1", "p3")]
    without.roles = [r for r in without.roles if r["userSourcedId"] not in ("s1", "p3")]
    without.enrollments = [e for e in without.enrollments if e["userSourcedId"] != "s1"]
    without.demographics = []
    report = run_import(without)

    assert changes(report) == {
        "schools": {"unchanged": 1},
        "years": {"unchanged": 1},
        "terms": {"unchanged": 2},
        "students": {"unchanged": 1, "deactivated": 1},
        "caregivers": {"unchanged": 2, "deactivated": 1},
        "staff": {"unchanged": 3},
        # Olive's Algebra stays; Sam's, still in progress, goes with his enrollment.
        "course_records": {"unchanged": 1, "deactivated": 1},
    }
    sam.refresh_from_db()
    assert not sam.is_active and Student.objects.count() == 2  # never deleted
    assert not caregiver("p3").is_active
    advisory.refresh_from_db()
    assert advisory.ended_at is None  # the history and the assignment stay
    assert Guardianship.objects.count() == 3  # ties of people not in the file are not touched

    report = run_import(harbor())
    assert changes(report)["students"] == {"updated": 1, "unchanged": 1}
    assert student("s1").is_active
    assert Advisory.objects.get().pk == advisory.pk


def test_tobedeleted_in_a_bulk_file_deactivates(run_import):
    run_import(harbor())
    package = harbor()
    package.users[0]["status"] = "tobedeleted"  # s1
    for row in package.roles:
        if row["userSourcedId"] == "s1":
            row["status"] = "tobedeleted"
    report = run_import(package)
    assert changes(report)["students"] == {"unchanged": 1, "deactivated": 1}
    assert not student("s1").is_active


def test_an_ended_role_deactivates(run_import):
    run_import(harbor())
    package = harbor()
    for row in package.roles:
        if row["userSourcedId"] == "t1":
            row["endDate"] = "2020-06-30"
    report = run_import(package)
    assert changes(report)["staff"] == {"unchanged": 2, "deactivated": 1}
    assert not StaffRole.objects.filter(sourced_id="t1").exists()


def link_package(*, student_side: bool, parent_side: bool) -> Package:
    package = Package()
    package.org("sch1", "Lighthouse High")
    package.user(
        "s1", "student", "Sam", "Rivera", grades="09", agents=["p1"] if student_side else ()
    )
    package.user(
        "p1",
        "parent",
        "Carla",
        "Rivera",
        email="carla@family.test",
        agents=["s1"] if parent_side else (),
    )
    package.user("p2", "parent", "Ned", "Rivera", email="ned@family.test")
    return package


@pytest.mark.parametrize(
    ("student_side", "parent_side"), [(True, False), (False, True), (True, True)]
)
def test_guardianships_come_from_agents_on_either_side(run_import, student_side, parent_side):
    report = run_import(link_package(student_side=student_side, parent_side=parent_side))

    assert changes(report) == {
        "schools": {"created": 1},
        "students": {"created": 1},
        "caregivers": {"created": 1},
        "households": {"created": 1},
        "guardianships": {"created": 1},
    }
    assert report.as_dict()["ignored"] == {"caregivers_without_student": 1}  # Ned
    tie = Guardianship.objects.get()
    assert (tie.student.sourced_id, tie.caregiver.sourced_id) == ("s1", "p1")
    assert tie.has_educational_rights and tie.from_roster

    again = run_import(link_package(student_side=student_side, parent_side=parent_side))
    assert changes(again)["guardianships"] == {"unchanged": 1}


def test_a_tie_the_sis_drops_is_removed_and_a_tie_made_in_tandem_stays(run_import):
    run_import(link_package(student_side=True, parent_side=True))
    sam, carla = student("s1"), caregiver("p1")
    # In Tandem, the coordinator adds Sam's grandmother, who is not in the SIS.
    grandma = Caregiver.objects.create(school=sam.school, first_name="Gran", last_name="Rivera")
    Guardianship.objects.create(
        student=sam,
        caregiver=grandma,
        household=Household.objects.get(),
        relationship="grandparent",
    )

    report = run_import(link_package(student_side=False, parent_side=False))

    assert changes(report)["guardianships"] == {"deactivated": 1}
    assert list(Guardianship.objects.values_list("caregiver__first_name", flat=True)) == ["Gran"]
    assert Caregiver.objects.filter(pk=carla.pk).exists()  # the person stays


def test_what_is_kept_in_tandem_survives_a_reimport(run_import):
    run_import(harbor())
    sam, carla = student("s1"), caregiver("p1")
    tie = Guardianship.objects.get(student=sam, caregiver=carla)
    elm = Household.objects.create(school=sam.school, name="Rivera (Elm St)")
    Guardianship.objects.filter(pk=tie.pk).update(
        has_educational_rights=False,
        lives_with_student=False,
        relationship=Relationship.MOTHER,
        household=elm,
    )
    Caregiver.objects.filter(pk=carla.pk).update(
        contact_by_text=True, needs_interpreter=True, preferred_language="es", home_language="pt"
    )
    casey = make_staff(sam.school, "casey@lighthouse.test", "Casey Manager", Role.CASE_MANAGER)
    Student.objects.filter(pk=sam.pk).update(
        has_iep=True, case_manager=casey, preferred_language="es"
    )
    coordinator_role = StaffRole.objects.create(
        user=User.objects.get(email="alice@lighthouse.test"),
        school=sam.school,
        role=Role.COORDINATOR,
    )

    report = run_import(harbor())

    assert all_unchanged(report)
    tie.refresh_from_db()
    assert (
        tie.has_educational_rights,
        tie.lives_with_student,
        tie.relationship,
        tie.household,
    ) == (
        False,
        False,
        Relationship.MOTHER,
        elm,
    )
    carla.refresh_from_db()
    assert (carla.contact_by_text, carla.needs_interpreter, carla.preferred_language) == (
        True,
        True,
        "es",
    )
    sam.refresh_from_db()
    assert (sam.has_iep, sam.case_manager, sam.preferred_language) == (True, casey, "es")
    assert StaffRole.objects.filter(pk=coordinator_role.pk).exists()

    # A role change in the SIS (parent -> guardian) does reach a tie Tandem refined.
    package = harbor()
    for row in package.roles:
        if row["userSourcedId"] == "p1":
            row["role"] = "guardian"
    report = run_import(package)
    assert changes(report)["guardianships"] == {"updated": 1, "unchanged": 2}
    tie.refresh_from_db()
    assert tie.relationship == Relationship.GUARDIAN
    assert not tie.has_educational_rights  # still Tandem's decision (a court order)


def test_records_made_in_tandem_are_adopted_not_duplicated(run_import):
    school = School.objects.create(name="Lighthouse High")
    made = Student.objects.create(
        school=school, first_name="Sammy", last_name="R", grade=9, local_id="L-100"
    )
    carla = Caregiver.objects.create(
        school=school, first_name="Carla", last_name="R", email="carla@family.test"
    )
    alice = make_staff(school, "alice@lighthouse.test", "Alice A.", Role.COORDINATOR)

    report = run_import(harbor())

    assert report.errors == []
    assert changes(report)["schools"] == {"updated": 1}
    assert changes(report)["students"] == {"created": 1, "updated": 1}
    assert changes(report)["caregivers"] == {"created": 2, "updated": 1}
    made.refresh_from_db()
    carla.refresh_from_db()
    assert (made.sourced_id, made.first_name) == ("s1", "Samuel")
    assert carla.sourced_id == "p1"
    assert Student.objects.count() == 2 and Caregiver.objects.count() == 3
    assert set(StaffRole.objects.filter(user=alice).values_list("role", "sourced_id")) == {
        (Role.COORDINATOR, ""),
        (Role.ADVISOR, "t1"),
    }
    alice.refresh_from_db()
    assert alice.full_name == "Alice Advisor"  # staff names follow the SIS


def test_staff_at_two_schools_is_one_person_with_a_role_at_each(run_import):
    package = Package()
    package.org("sch1", "Lighthouse High").org("sch2", "Harbor Middle")
    package.user(
        "t1",
        "teacher",
        "Alice",
        "Advisor",
        email="alice@district.test",
        roles=[("teacher", "sch1", "primary"), ("teacher", "sch2", "secondary")],
    )
    report = run_import(package)
    assert changes(report) == {"schools": {"created": 2}, "staff": {"created": 2}}
    alice = User.objects.get(email="alice@district.test")
    assert set(alice.staff_roles.values_list("school__name", "role")) == {
        ("Lighthouse High", Role.ADVISOR),
        ("Harbor Middle", Role.ADVISOR),
    }


def test_a_teacher_missing_from_a_bulk_package_loses_the_imported_role_only(run_import):
    run_import(harbor())
    alice = User.objects.get(email="alice@lighthouse.test")
    school = School.objects.get()
    StaffRole.objects.create(user=alice, school=school, role=Role.COORDINATOR)
    package = harbor()
    package.users = [u for u in package.users if u["sourcedId"] != "t1"]
    package.roles = [r for r in package.roles if r["userSourcedId"] != "t1"]
    package.enrollments = [e for e in package.enrollments if e["userSourcedId"] != "t1"]

    report = run_import(package)

    assert changes(report)["staff"] == {"unchanged": 2, "deactivated": 1}
    assert list(alice.staff_roles.values_list("role", flat=True)) == [Role.COORDINATOR]


def test_one_family_address_signs_in_one_record(run_import):
    package = Package()
    package.org("sch1", "Lighthouse High")
    package.user("s1", "student", "Sam", "Rivera", grades="09", agents=["p1", "p2"])
    package.user("p1", "parent", "Carla", "Rivera", email="rivera@family.test")
    package.user("p2", "parent", "Ned", "Rivera", email="rivera@family.test")
    report = run_import(package)
    assert report.errors == []
    assert [w.message for w in report.warnings] == [
        "rivera@family.test already signs in to another record; this one has no sign-in yet."
    ]
    assert sorted(Caregiver.objects.values_list("sourced_id", "user__email")) == [
        ("p1", "rivera@family.test"),
        ("p2", None),
    ]
    assert User.objects.count() == 1


def test_a_bad_phone_or_email_is_a_warning_not_an_error(run_import):
    package = link_package(student_side=True, parent_side=False)
    package.users[1]["sms"] = "not a phone"
    package.users[1]["email"] = "carla-at-family"
    report = run_import(package)
    assert report.errors == [] and report.written
    assert [(w.file, w.row, w.column) for w in report.warnings] == [
        ("users.csv", 3, "email"),
        ("users.csv", 3, "sms"),
    ]
    carla = caregiver("p1")
    assert (carla.email, carla.mobile_phone, carla.user) == ("", "", None)


def test_a_delta_with_only_new_details_updates_the_people_it_names(run_import):
    run_import(harbor())
    delta = Package(version="1.2", delta=True, modes={"roles": "absent"})
    delta.users.append(
        delta._base("p1", "active")
        | {"enabledUser": "true", "username": "p1", "givenName": "Carla", "familyName": "Rivera"}
        | {"email": "carla.rivera@family.test", "sms": "617-555-0199"}
    )
    delta.users.append(
        delta._base("t1", "active")
        | {"enabledUser": "true", "username": "t1", "givenName": "Alicia", "familyName": "Advisor"}
        | {"email": "alice@lighthouse.test"}
    )

    report = run_import(delta)

    assert report.errors == []
    assert changes(report) == {"caregivers": {"updated": 1}, "staff": {"updated": 1}}
    carla = caregiver("p1")
    assert (carla.email, carla.mobile_phone, carla.user.email) == (
        "carla.rivera@family.test",
        "+16175550199",
        "carla.rivera@family.test",  # her sign-in follows
    )
    assert User.objects.get(email="alice@lighthouse.test").full_name == "Alicia Advisor"
    assert StaffRole.objects.filter(sourced_id="t1", role=Role.ADVISOR).exists()
    assert Guardianship.objects.filter(caregiver=carla).count() == 1  # her tie stays


def test_enabled_user_false_gets_no_sign_in(run_import):
    package = harbor()
    package.users[0]["enabledUser"] = "false"  # Sam: access curtailed by the SIS
    report = run_import(package)
    assert report.errors == []
    assert student("s1").user is None
