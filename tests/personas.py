"""The cast every access test uses, defined once.

Harbor High. Cora coordinates; Sid is the school admin (he imports the roster). Alice advises
Sam; Bob advises Olive. Sam's mother Carla has educational rights; Sam's father Ned lives in a
second household and a court order removed his rights. Fiona is Olive's mother. Sam and Olive
can sign in. Casey is Sam's case manager (Sam has an IEP). Nobody in Olive's family may see Sam,
and nobody in Sam's family may see Olive.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from tandem.accounts.models import User
from tandem.advisories.models import Advisory
from tandem.people.models import Caregiver, Guardianship, Household, Student
from tandem.schools.models import AcademicYear, Quarter, Role, School, StaffRole, Term

PASSWORD = "correct horse battery staple"


@dataclass
class Cast:
    school: School
    year: AcademicYear
    coordinator: User
    school_admin: User
    advisor: User
    other_advisor: User
    case_manager: User
    student: Student
    other_student: Student
    caregiver: Caregiver
    caregiver_no_rights: Caregiver
    other_caregiver: Caregiver

    @property
    def student_user(self) -> User:
        return self.student.user

    @property
    def other_student_user(self) -> User:
        return self.other_student.user


def make_user(email: str, name: str, *, language: str = "en") -> User:
    return User.objects.create_user(
        email=email, password=PASSWORD, full_name=name, preferred_language=language
    )


def make_staff(school: School, email: str, name: str, *roles: str) -> User:
    user = make_user(email, name)
    for role in roles:
        StaffRole.objects.create(user=user, school=school, role=role)
    return user


def make_school(name: str = "Harbor High") -> tuple[School, AcademicYear]:
    """A school whose academic year is running today, whatever today is."""
    school = School.objects.create(name=name, time_zone="America/New_York")
    today = timezone.localdate()
    start = today - timedelta(days=90)
    year = AcademicYear.objects.create(
        school=school,
        name=f"{start.year}–{start.year + 1}",
        starts_on=start,
        ends_on=start + timedelta(days=300),
    )
    for number in range(4):
        q_start = start + timedelta(days=75 * number)
        Quarter.objects.create(
            year=year,
            number=number + 1,
            starts_on=q_start,
            ends_on=q_start + timedelta(days=74),
        )
    for number, name in enumerate(["Fall", "Winter", "Spring"]):
        t_start = start + timedelta(days=100 * number)
        Term.objects.create(
            year=year, name=name, starts_on=t_start, ends_on=t_start + timedelta(days=99)
        )
    return school, year


def make_student(school, first, last, *, grade=9, local_id, email=None, **fields) -> Student:
    user = make_user(email, f"{first} {last}") if email else None
    return Student.objects.create(
        school=school,
        first_name=first,
        last_name=last,
        grade=grade,
        local_id=local_id,
        user=user,
        **fields,
    )


def make_caregiver(school, first, last, *, email, language="en", **fields) -> Caregiver:
    user = make_user(email, f"{first} {last}", language=language)
    return Caregiver.objects.create(
        school=school,
        first_name=first,
        last_name=last,
        email=email,
        user=user,
        preferred_language=language,
        **fields,
    )


def build_cast() -> Cast:
    school, year = make_school()
    coordinator = make_staff(school, "cora@harbor.test", "Cora Coordinator", Role.COORDINATOR)
    school_admin = make_staff(school, "sid@harbor.test", "Sid Admin", Role.SCHOOL_ADMIN)
    advisor = make_staff(school, "alice@harbor.test", "Alice Advisor", Role.ADVISOR)
    other_advisor = make_staff(school, "bob@harbor.test", "Bob Advisor", Role.ADVISOR)
    case_manager = make_staff(school, "casey@harbor.test", "Casey Manager", Role.CASE_MANAGER)

    student = make_student(
        school,
        "Samuel",
        "Rivera",
        preferred_name="Sam",
        grade=10,
        local_id="S-100",
        email="sam@student.harbor.test",
        has_iep=True,
        case_manager=case_manager,
        pronouns="he/him",
    )
    other_student = make_student(
        school, "Olive", "Chen", grade=11, local_id="S-200", email="olive@student.harbor.test"
    )

    caregiver = make_caregiver(
        school,
        "Carla",
        "Rivera",
        email="carla@family.test",
        mobile_phone="+16175550101",
        contact_by_text=True,
    )
    caregiver_no_rights = make_caregiver(
        school, "Ned", "Rivera", email="ned@family.test", mobile_phone="+16175550102"
    )
    other_caregiver = make_caregiver(
        school, "Fiona", "Chen", email="fiona@family.test", mobile_phone="+16175550103"
    )

    home_a = Household.objects.create(school=school, name="Rivera (Elm St)")
    home_b = Household.objects.create(school=school, name="Rivera (Oak Ave)")
    home_c = Household.objects.create(school=school, name="Chen")
    Guardianship.objects.create(
        student=student, caregiver=caregiver, household=home_a, relationship="mother"
    )
    Guardianship.objects.create(
        student=student,
        caregiver=caregiver_no_rights,
        household=home_b,
        relationship="father",
        has_educational_rights=False,
        lives_with_student=False,
    )
    Guardianship.objects.create(
        student=other_student, caregiver=other_caregiver, household=home_c, relationship="mother"
    )

    Advisory.objects.create(student=student, advisor=advisor, year=year)
    Advisory.objects.create(student=other_student, advisor=other_advisor, year=year)
    return Cast(
        school=school,
        year=year,
        coordinator=coordinator,
        school_admin=school_admin,
        advisor=advisor,
        other_advisor=other_advisor,
        case_manager=case_manager,
        student=student,
        other_student=other_student,
        caregiver=caregiver,
        caregiver_no_rights=caregiver_no_rights,
        other_caregiver=other_caregiver,
    )
